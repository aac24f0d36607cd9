import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { CURRENT_OPERATIONS, CURRENT_RESOURCES, OPERATIONS, RESOURCES, type OperationSpec } from '@linksfield-cube/core';
import {
	ensureN8n,
	launchEditorBrowser,
	N8nEditorPage,
	packWithFiles,
	PLAN_1GB,
	reapOnExit,
	SIM_IN_USE,
	startTestSimulator,
	TEST_ACCOUNT,
	type CredentialFieldValue,
	type EditorBrowser,
	type N8nEditorInstance,
	startN8nForEditor,
} from '@linksfield-cube/testkit';

/**
 * The n8n editor in a real browser: Debian's Chromium (apt-installed when missing), headless, driven by
 * playwright-core, against a real n8n 2.40.7 with the packed package installed as a community package and the
 * simulator as the API, both generations of it. A user signs in, creates each credential in its dialog (Save runs
 * its Test: OK, then a wrong secret or a wrong key pair), adds the action node to a new workflow by a legacy and by
 * a current action, switches resource and operation and sees the fields follow, opens the plan picker (filled from
 * the simulator), and runs steps whose output tables show the simulator's usage. The simulator runs in this
 * process; its counters say what reached it. LINKSFIELD_SCREENSHOTS=<dir> keeps n8n-credential.png,
 * n8n-usage-node.png, n8n-current-credential.png and n8n-current-node.png there (npm run screenshots).
 *
 * Each concern is a describe of its own with its own page, so a failure names the concern. The credential types
 * and the parameter display rules are tables: a second credential type or a new parameter adds rows.
 */

jest.setTimeout(15 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = 'n8n-nodes-linksfield-cube';
const ACTION_NODE = `${PACKAGE}.linksfieldCube`;
/** A secret of this test's own, so a message that showed it would be caught. */
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-n8n-editor-secret' };
const WRONG_SECRET = 'not-the-editor-secret';
/** The current API: the team's test key pair (packages/testkit/fixtures/sign-v2-keys), the only one the simulator knows. */
const KEYS = path.join(ROOT, 'packages/testkit/fixtures/sign-v2-keys');
const KEY_ID = 'e2e-current-key';
const PRIVATE_KEY = fs.readFileSync(path.join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8');
/** A valid RSA key of another pair: its signatures are well formed and refused. */
const OTHER_PRIVATE_KEY = fs.readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8');
const shots = process.env.LINKSFIELD_SCREENSHOTS ? path.resolve(process.env.LINKSFIELD_SCREENSHOTS) : undefined;

let sim: RunningSimulator;
let n8n: N8nEditorInstance;
let browser: EditorBrowser;
let work: string;
let forgetWork: () => void;
type Api = 'legacy' | 'current';
/** Credentials made through the REST API for the node's concerns, which are not the credential dialog's; by API. */
const nodeCredentialIds: Partial<Record<Api, string>> = {};

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-editor-'));
	// n8n (with its folder) and Chromium are registered with the reaper by their starters; this folder is the test's.
	forgetWork = reapOnExit({ path: work });
	await ensureN8n({ quiet: true });
	const { tarball } = packWithFiles(ROOT, work);
	sim = await startTestSimulator({ accounts: [ACCOUNT], current: { keys: [{ keyId: KEY_ID, publicKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.public.pem'), 'utf8') }] } });
	n8n = await startN8nForEditor({ tarball });
	browser = await launchEditorBrowser();
});

afterAll(async () => {
	await browser?.close();
	await n8n?.stop();
	await sim?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
	forgetWork?.();
});

/** A fresh browser context signed in as the owner. */
async function signedIn(viewport?: { width: number; height: number }): Promise<N8nEditorPage> {
	const editor = new N8nEditorPage(await browser.newPage(viewport), n8n.url);
	await editor.signIn(n8n.owner);
	return editor;
}

async function screenshot(editor: N8nEditorPage, name: string): Promise<void> {
	await editor.dismissToasts();
	const file = path.join(shots ?? work, name);
	await editor.screenshot(file);
	expect(fs.statSync(file).size).toBeLessThan(400 * 1024);
}

/** Requests of both APIs (by path: the current API's under /cube/v4); the current API's refusals are counted apart. */
const counters = () => sim.admin.counters();
const requestsTo = (p: string) => counters().requestsByPath[p] ?? 0;

/** No line of a secret (a PEM key's body, a one-line secret whole) is in `text`; a failure names the line's number only. */
function expectNoSecretIn(text: string, secret: string): void {
	const lines = secret.split('\n').map((l) => l.trim()).filter((l) => l.length >= 8 && !l.startsWith('-----'));
	expect(lines.length).toBeGreaterThan(0);
	expect(lines.map((l, i) => (text.includes(l) ? i : -1)).filter((i) => i >= 0)).toEqual([]);
}

// ------------------------------------------------------------------------------------------ sign in

describe('sign-in', () => {
	test('the owner signs in through the sign-in form and reaches the editor', async () => {
		const editor = await signedIn();
		try {
			expect(new URL(editor.page.url()).pathname).not.toBe('/signin');
			expect(editor.errors).toEqual([]);
		} finally {
			await editor.page.context().close();
		}
	});
});

// -------------------------------------------------------------------------------------- credentials

/**
 * A credential type as its dialog is tested: what to fill for the simulator (in order: a field a display rule
 * shows comes after the field that shows it), which field such a rule shows, what to change to make the Test fail
 * and what the Test must then say. A multi-line value (the private key's PEM) must keep its line breaks in the dialog.
 */
interface CredentialCase {
	displayName: string;
	fields: () => Record<string, CredentialFieldValue>;
	/** A field hidden until another is set: [hidden field, the field and value that show it]. */
	shownBy: { field: string; by: string; value: CredentialFieldValue };
	wrong: Record<string, CredentialFieldValue>;
	/** What the Test says then; must not contain any value in `wrong`. */
	wrongMessage: RegExp;
	/** The simulator's count of refused signatures of this credential's API. */
	rejectedSignatures: () => number;
	screenshot?: string;
}

const CREDENTIALS: CredentialCase[] = [
	{
		displayName: 'Linksfield Cube API',
		fields: () => ({ environment: { option: 'Custom' }, baseUrl: sim.url, accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret }),
		shownBy: { field: 'baseUrl', by: 'environment', value: { option: 'Custom' } },
		wrong: { secret: WRONG_SECRET },
		wrongMessage: /Invalid signature[\s\S]*the Secret is most likely wrong/,
		rejectedSignatures: () => counters().rejectedSignatures,
		screenshot: 'n8n-credential.png',
	},
	{
		displayName: 'Linksfield Cube Key Pair API',
		fields: () => ({ environment: { option: 'Custom' }, baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY }),
		shownBy: { field: 'baseUrl', by: 'environment', value: { option: 'Custom' } },
		wrong: { privateKey: OTHER_PRIVATE_KEY },
		// The Test names the setting to check; a valid key of another pair is refused as a signature.
		wrongMessage: /“Private Key” \(the key pair\)/,
		rejectedSignatures: () => sim.admin.current.counters().rejectedSignatures,
		screenshot: 'n8n-current-credential.png',
	},
];

describe.each(CREDENTIALS)('credential dialog: $displayName', (c) => {
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await signedIn();
		await editor.openNewCredential(c.displayName);
	});
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test(`${c.shownBy.field} appears only once ${c.shownBy.by} is set to show it`, async () => {
		expect(await editor.credentialFields()).not.toContain(c.shownBy.field);
		await editor.fillCredential({ [c.shownBy.by]: c.shownBy.value });
		expect(await editor.credentialFields()).toContain(c.shownBy.field);
	});

	test('Save runs the Test against the simulator: connection tested successfully', async () => {
		const before = { requests: counters().requests, rejected: c.rejectedSignatures() };
		const fields = c.fields();
		await editor.fillCredential(fields);
		// A PEM pasted into the dialog keeps its lines (the field is a textarea, not a one-line password input).
		for (const [name, value] of Object.entries(fields)) {
			if (typeof value !== 'string' || !value.trim().includes('\n')) continue;
			const shown = await editor.credentialFieldValue(name);
			expect(shown.split('\n')).toHaveLength(value.split('\n').length);
			expect(shown === value).toBe(true);
		}
		const result = await editor.saveCredential();
		expect(result).toEqual({ ok: true });
		// The Test's signed requests reached the simulator and were accepted.
		expect(counters().requests).toBeGreaterThan(before.requests);
		expect(c.rejectedSignatures()).toBe(before.rejected);
		if (c.screenshot) await screenshot(editor, c.screenshot);
	});

	test('a wrong value: the Test fails, saying what is wrong and never showing the value', async () => {
		const rejected = c.rejectedSignatures();
		await editor.fillCredential(c.wrong);
		const result = await editor.saveCredential();
		expect(result.ok).toBe(false);
		const { message } = result as { message: string };
		expect(message).toMatch(c.wrongMessage);
		for (const value of Object.values(c.wrong)) if (typeof value === 'string') expectNoSecretIn(message, value);
		expect(c.rejectedSignatures()).toBeGreaterThan(rejected);
	});

	test('the right values again: the Test passes again (the banner follows each save)', async () => {
		await editor.fillCredential(c.fields());
		expect(await editor.saveCredential()).toEqual({ ok: true });
		expect(editor.errors).toEqual([]);
	});
});

// ------------------------------------------------------------------------------------- the action node

/** The REST-made credential of an API, made on first use (so the credential dialogs' describes see only their own). */
async function nodeCredential(api: Api): Promise<string> {
	nodeCredentialIds[api] ??=
		api === 'legacy'
			? await n8n.createCredential('Linksfield Cube (simulator)', 'linksfieldCubeApi', { environment: 'custom', baseUrl: sim.url, accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret })
			: await n8n.createCredential('Linksfield Cube Key Pair (simulator)', 'linksfieldCubeKeyPairApi', { environment: 'custom', baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY });
	return nodeCredentialIds[api]!;
}

/**
 * The Resource option's label of a catalog resource name on an API, which is also its action group's label without
 * " Actions": the current API's resources are marked, so n8n's node creator lists them in groups of their own.
 */
const resourceLabel = (api: Api, resource: string) => (api === 'current' ? `${resource} (Current API)` : resource);
const catalogOf = (api: Api) => (api === 'current' ? { resources: CURRENT_RESOURCES, operations: CURRENT_OPERATIONS as OperationSpec[] } : { resources: RESOURCES, operations: OPERATIONS });
/** The catalog operation of an API by its resource's and its own name ("SIM", "Get"). */
function operationOf(api: Api, resource: string, operation: string): OperationSpec {
	const { resources, operations } = catalogOf(api);
	const value = resources.find((r) => r.name === resource)!.value;
	return operations.find((op) => op.resource === value && op.name === operation)!;
}
/** The action n8n's node creator lists for an operation, and names a node after. */
const actionOf = (api: Api, resource: string, operation: string) => operationOf(api, resource, operation).action!;

/**
 * A new workflow: Manual Trigger → the action node (added by the action of `resource` → `operation` on `api`, picked
 * in its group), the REST-made credential of `api` picked. The action decides the node's API (see NODE_APIS).
 */
async function workflowWithActionNode({ api = 'legacy', resource, operation }: { api?: Api; resource: string; operation: string }, viewport?: { width: number; height: number }): Promise<N8nEditorPage> {
	const credential = await nodeCredential(api);
	const editor = await signedIn(viewport);
	await editor.newWorkflowWithManualTrigger();
	await editor.addActionNode({ search: 'Linksfield Cube', nodeType: ACTION_NODE, action: actionOf(api, resource, operation), group: resourceLabel(api, resource) });
	await editor.selectNodeCredential(credential);
	return editor;
}

/** Resource and Operation as the user picks them: the labels of the options (`resource`: the catalog's name). */
async function pickOperation(editor: N8nEditorPage, { resource, operation }: { resource: string; operation: string }, api: Api = 'legacy'): Promise<void> {
	await editor.setNodeParameter('resource', { option: resourceLabel(api, resource) });
	await editor.setNodeParameter('operation', { option: operation });
}

/**
 * The node creator's action list for the action node, as n8n 2.40.7 builds it from the node's description: one group
 * per Resource option (labelled "<option name> Actions"), holding the actions of the first Operation parameter shown
 * for that option's value. Both APIs' resources have groups of their own, each with its catalog's actions and no other.
 */
describe('node creator: every action of both APIs, each under its own resource', () => {
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await signedIn();
		await editor.newWorkflowWithManualTrigger();
	});
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test('one group per resource of each API, holding exactly that resource’s actions', async () => {
		const groups = await editor.nodeCreatorActionGroups({ search: 'Linksfield Cube', nodeType: ACTION_NODE });
		const expected = (['legacy', 'current'] as const).flatMap((api) => {
			const { resources, operations } = catalogOf(api);
			return resources.map((r) => ({ group: `${resourceLabel(api, r.name)} Actions`, actions: operations.filter((op) => op.resource === r.value).map((op) => op.action!).sort() }));
		});
		const sortedGroups = (list: Array<{ group: string; actions: string[] }>) => list.map((g) => ({ group: g.group, actions: [...g.actions].sort() })).sort((a, b) => a.group.localeCompare(b.group));
		expect(sortedGroups(groups)).toEqual(sortedGroups(expected));
		expect(editor.errors).toEqual([]);
	});

	/** Per current resource, an operation that is not its Operation's default, so the action must have set it. */
	const picks = CURRENT_RESOURCES.map((r) => {
		const ops = (CURRENT_OPERATIONS as OperationSpec[]).filter((op) => op.resource === r.value);
		const op = ops.length > 1 ? ops[ops.length - 1] : ops[0];
		return { resource: r.name, operation: op.name, action: op.action! };
	});
	test.each(picks)('current $resource: the action "$action" adds a node on the current API at $resource → $operation, named after the action', async ({ resource, operation, action }) => {
		const picked = await signedIn();
		try {
			await picked.newWorkflowWithManualTrigger();
			// Throws when the node added is not named after the action (another action's node).
			expect(await picked.addActionNode({ search: 'Linksfield Cube', nodeType: ACTION_NODE, action, group: resourceLabel('current', resource) })).toBe(action);
			expect({ resource: await picked.nodeParameterValue('resource'), operation: await picked.nodeParameterValue('operation') }).toEqual({ resource: resourceLabel('current', resource), operation });
			// Resource offers the current API's resources only: the action set the node's (hidden) API parameter.
			expect(await picked.nodeParameterOptions('resource')).toEqual(CURRENT_RESOURCES.map((r) => resourceLabel('current', r.name)).sort());
			expect(picked.errors).toEqual([]);
		} finally {
			await picked.page.context().close();
		}
	});
});

describe('action node: the plan picker lists the simulator’s plans', () => {
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await workflowWithActionNode({ resource: 'Plan', operation: 'Order' });
	});
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test('Plan → Order: Plan Code "From List" shows every plan the simulator sells, by name and code; one is picked', async () => {
		const listed = requestsTo('/package/syncPackages');
		const list = await editor.openResourceList('package_code');
		const plans = sim.admin.plans();
		expect([...list.items].sort()).toEqual(plans.map((p) => `${p.name} (${p.code})`).sort());
		expect(requestsTo('/package/syncPackages')).toBeGreaterThan(listed);
		const plan = plans.find((p) => p.code === PLAN_1GB.package_code) ?? plans[0];
		await list.pick(plan.code);
		expect(await editor.resourceLocatorValue('package_code')).toContain(plan.name);
		expect(editor.errors).toEqual([]);
	});
});

describe('action node: Execute step shows the simulator’s usage in the output table', () => {
	const USAGE = '/flow/queryDeviceFlowUsage';
	let editor: N8nEditorPage;
	afterEach(async () => {
		await editor?.page.context().close();
	});

	test('Usage → Get of a SIM in use: one row with the SIM, its order and the used data the simulator holds', async () => {
		editor = await workflowWithActionNode({ resource: 'Usage', operation: 'Get' });
		// A used amount no seed has, so the cell can only have come from this simulator.
		const order = sim.admin.setUsage(SIM_IN_USE, 321);
		const queried = requestsTo(USAGE);
		await editor.setNodeParameter('device_id', SIM_IN_USE);
		await editor.executeStep();
		const table = await editor.outputTable();
		expect(table.headers).toEqual(expect.arrayContaining(['device_id', 'order_code', 'order_used_flow', 'percentUsed']));
		expect(table.records).toHaveLength(1);
		expect(table.records[0]).toMatchObject({ device_id: SIM_IN_USE, order_code: order.orderCode, order_used_flow: '321' });
		expect(requestsTo(USAGE)).toBe(queried + 1);
		expect(editor.errors).toEqual([]);
	});

	test('SIM → Get In Use, then Usage → Get Many from its items: Execute step runs both, one row per SIM in use', async () => {
		editor = await workflowWithActionNode({ resource: 'SIM', operation: 'Get In Use' }, { width: 1500, height: 860 });
		await editor.closeNdv();
		await editor.addActionNode({ search: 'Linksfield Cube', nodeType: ACTION_NODE, action: actionOf('legacy', 'Usage', 'Get Many'), group: 'Usage', after: actionOf('legacy', 'SIM', 'Get In Use') });
		await editor.selectNodeCredential(await nodeCredential('legacy'));
		await editor.setNodeParameter('source', { option: 'Input Items' });
		await editor.nodeParametersUntil('the ICCID of each input item', (names) => names.includes('iccid'));
		const order = sim.admin.setUsage(SIM_IN_USE, 654);
		const queried = requestsTo(USAGE);
		await editor.executeStep();
		// One usage request per SIM the first node listed, and as many rows.
		const sims = requestsTo(USAGE) - queried;
		expect(sims).toBeGreaterThan(1);
		expect(await editor.outputItemCount()).toBe(sims);
		await screenshot(editor, 'n8n-usage-node.png');
		const table = await editor.outputTable();
		expect(table.records.length).toBeGreaterThan(1);
		expect(new Set(table.records.map((r) => r.device_id)).size).toBe(table.records.length);
		// The table pages (25 rows), so the SIM's row is found with the output's search, as a user would.
		const found = await editor.searchOutput(SIM_IN_USE);
		expect(found.records).toEqual([expect.objectContaining({ device_id: SIM_IN_USE, order_code: order.orderCode, order_used_flow: '654' })]);
		expect(editor.errors).toEqual([]);
	});
});

/**
 * How a user picks the node's API in n8n 2.40.7: by the action picked in the node creator. n8n draws no API parameter
 * in the NDV (the credentials depend on it, so n8n treats it as the node's authentication field and hides it), and
 * the new-credential dialog opened from the node offers no choice of type either. The node creator lists one action
 * group per Resource value, and the current API's resources have values (and names, "SIM (Current API)") of their
 * own, so each of its actions is in its own group and sets the API. Each API's Resource offers its own catalog's
 * resources only, which is how the test sees which API the node is on.
 */
const NODE_APIS: Array<{ api: Api; opensOn: { resource: string; operation: string; field: string }; resources: string[] }> = [
	{ api: 'legacy', opensOn: { resource: 'Usage', operation: 'Get', field: 'device_id' }, resources: ['Custom API Call', 'Plan', 'SIM', 'SMS', 'Usage'] },
	{ api: 'current', opensOn: { resource: 'SIM', operation: 'Get', field: 'sim_id' }, resources: ['Bundle (Current API)', 'SIM (Current API)', 'SMS (Current API)', 'Usage (Current API)'] },
];

/** The display rules, by API and operation: the parameters that must be shown and those that must not. */
const FIELD_CASES: Array<{ api: Api; resource: string; operation: string; shows: string[]; hides: string[] }> = [
	{ api: 'legacy', resource: 'Usage', operation: 'Get', shows: ['device_id'], hides: ['order_id', 'renew_period', 'returnAll', 'limit', 'sim_id'] },
	{ api: 'legacy', resource: 'Plan', operation: 'Renew', shows: ['order_id', 'renew_period'], hides: ['device_id', 'returnAll', 'limit'] },
	// A list that always came whole: Return All on by default, so no Limit.
	{ api: 'legacy', resource: 'Plan', operation: 'Get Plans', shows: ['returnAll'], hides: ['limit', 'order_id', 'device_id'] },
	// A paged list: Return All off by default, so Limit.
	{ api: 'legacy', resource: 'Plan', operation: 'Get Orders', shows: ['returnAll', 'limit'], hides: ['renew_period'] },
	{ api: 'legacy', resource: 'Plan', operation: 'Order', shows: ['device_id', 'package_code', 'package_name'], hides: ['order_id', 'returnAll'] },
	// The current API's lists walk their pages with Return All on by default, so no Limit.
	{ api: 'current', resource: 'SIM', operation: 'Get Many', shows: ['returnAll', 'simplify'], hides: ['limit', 'sim_id', 'bundle_id', 'device_id'] },
	{ api: 'current', resource: 'SIM', operation: 'Get', shows: ['sim_id', 'simplify'], hides: ['returnAll', 'limit', 'bundle_id', 'waitForResult', 'device_id'] },
	{ api: 'current', resource: 'SIM', operation: 'Suspend', shows: ['sim_id', 'waitForResult'], hides: ['waitTimeout', 'simplify', 'returnAll'] },
	// An asynchronous write: Wait for Result, off by default, so no Wait at Most.
	{ api: 'current', resource: 'Bundle', operation: 'Add', shows: ['sim_id', 'bundle_id', 'bundle_type', 'activate', 'waitForResult'], hides: ['waitTimeout', 'mode', 'returnAll', 'package_code'] },
	{ api: 'current', resource: 'Bundle', operation: 'Cancel', shows: ['sim_id', 'mode', 'waitForResult'], hides: ['bundle_id', 'bundle_type', 'activate'] },
	{ api: 'current', resource: 'Usage', operation: 'Get', shows: ['sim_id', 'category', 'period_type', 'begin_from', 'end_by'], hides: ['returnAll', 'waitForResult', 'device_id'] },
	{ api: 'current', resource: 'Usage', operation: 'Get Accumulated', shows: ['sim_id'], hides: ['category', 'period_type', 'begin_from', 'end_by'] },
	{ api: 'current', resource: 'SMS', operation: 'Send', shows: ['sim_ids', 'message_type', 'message_content', 'waitForResult'], hides: ['sim_id', 'returnAll'] },
];

/** A switch that shows a parameter when turned from its default, and hides it when turned back. */
const SWITCH_CASES: Array<{ api: Api; resource: string; operation: string; name: string; initially: boolean; shows: string }> = [
	{ api: 'legacy', resource: 'Plan', operation: 'Get Plans', name: 'returnAll', initially: true, shows: 'limit' },
	{ api: 'current', resource: 'SIM', operation: 'Get Many', name: 'returnAll', initially: true, shows: 'limit' },
	{ api: 'current', resource: 'Bundle', operation: 'Add', name: 'waitForResult', initially: false, shows: 'waitTimeout' },
];

describe.each(NODE_APIS)('action node, $api API: the parameters and the node’s name follow Resource and Operation', ({ api, opensOn, resources }) => {
	const action = actionOf(api, opensOn.resource, opensOn.operation);
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await workflowWithActionNode({ api, ...opensOn });
	});
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test(`the node opens on the action picked in the node creator (${action}): ${opensOn.resource} → ${opensOn.operation}, on the ${api} API`, async () => {
		await editor.nodeParametersUntil(`${opensOn.resource} → ${opensOn.operation}`, (names) => names.includes(opensOn.field));
		expect({ resource: await editor.nodeParameterValue('resource'), operation: await editor.nodeParameterValue('operation') }).toEqual({ resource: resourceLabel(api, opensOn.resource), operation: opensOn.operation });
		expect(await editor.selectedNodeName()).toBe(action);
		// Resource offers this API's resources only: the action set the node's (hidden) API parameter.
		expect(await editor.nodeParameterOptions('resource')).toEqual(resources);
	});

	test.each(FIELD_CASES.filter((c) => c.api === api))('$resource → $operation shows $shows and hides $hides; the node is named after its action', async ({ resource, operation, shows, hides }) => {
		await pickOperation(editor, { resource, operation }, api);
		const shown = await editor.nodeParametersUntil(`${resource} → ${operation}`, (names) => shows.every((n) => names.includes(n)));
		for (const name of hides) expect(shown).not.toContain(name);
		// n8n renames a node named after an action from the action list when Resource or Operation changes.
		expect(await editor.selectedNodeName(actionOf(api, resource, operation))).toBe(actionOf(api, resource, operation));
	});

	test.each(SWITCH_CASES.filter((c) => c.api === api))('$resource → $operation: turning $name from its default shows $shows, turning it back hides it', async ({ resource, operation, name, initially, shows }) => {
		await pickOperation(editor, { resource, operation }, api);
		await editor.nodeParametersUntil(name, (names) => names.includes(name));
		expect(await editor.isSwitchOn(name)).toBe(initially);
		expect(await editor.nodeParameters()).not.toContain(shows);
		await editor.setNodeParameter(name, !initially);
		await editor.nodeParametersUntil(`${shows} after ${name} ${initially ? 'off' : 'on'}`, (names) => names.includes(shows));
		await editor.setNodeParameter(name, initially);
		await editor.nodeParametersUntil(`no ${shows} after ${name} back`, (names) => !names.includes(shows));
		expect(editor.errors).toEqual([]);
	});
});

describe('action node, current API: Execute step shows the simulator’s SIM in the output table', () => {
	let editor: N8nEditorPage;
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test('SIM → Get of a SIM in use: one row with the SIM and the used bytes the simulator holds, signed with the key pair', async () => {
		editor = await workflowWithActionNode({ api: 'current', resource: 'SIM', operation: 'Get' }, { width: 1500, height: 860 });
		// A used amount no seed has (the current API reports the simulator's MB as bytes): only this simulator's.
		sim.admin.setUsage(SIM_IN_USE, 432);
		const SIM_PATH = `/cube/v4/sims/${SIM_IN_USE}`;
		const queried = requestsTo(SIM_PATH);
		const rejected = sim.admin.current.counters().rejectedSignatures;
		await editor.setNodeParameter('sim_id', SIM_IN_USE);
		await editor.executeStep();
		const table = await editor.outputTable();
		expect(table.headers).toEqual(expect.arrayContaining(['sim_id', 'status', 'bundleId', 'used', 'total', 'percentUsed']));
		expect(table.records).toHaveLength(1);
		expect(table.records[0]).toMatchObject({ sim_id: SIM_IN_USE, used: String(432 * 1024 * 1024) });
		expect(requestsTo(SIM_PATH)).toBe(queried + 1);
		expect(sim.admin.current.counters().rejectedSignatures).toBe(rejected);
		await screenshot(editor, 'n8n-current-node.png');
		expect(editor.errors).toEqual([]);
	});
});
