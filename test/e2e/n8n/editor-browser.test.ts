import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningSimulator } from '@linksfield-cube/simulator';
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
 * simulator as the API. A user signs in, creates the credential in its dialog (Save runs its Test: OK, then a
 * wrong secret), adds the action node to a new workflow, switches resource and operation and sees the fields
 * follow, opens the plan picker (filled from the simulator), and runs a step whose output table shows the
 * simulator's usage. The simulator runs in this process; its counters say what reached it.
 * LINKSFIELD_SCREENSHOTS=<dir> keeps n8n-credential.png and n8n-usage-node.png there (npm run screenshots).
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
const shots = process.env.LINKSFIELD_SCREENSHOTS ? path.resolve(process.env.LINKSFIELD_SCREENSHOTS) : undefined;

let sim: RunningSimulator;
let n8n: N8nEditorInstance;
let browser: EditorBrowser;
let work: string;
let forgetWork: () => void;
/** A credential made through the REST API for the node's concerns, which are not the credential dialog's. */
let nodeCredentialId: string | undefined;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-editor-'));
	// n8n (with its folder) and Chromium are registered with the reaper by their starters; this folder is the test's.
	forgetWork = reapOnExit({ path: work });
	await ensureN8n({ quiet: true });
	const { tarball } = packWithFiles(ROOT, work);
	sim = await startTestSimulator({ accounts: [ACCOUNT] });
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

const counters = () => sim.admin.counters();
const requestsTo = (p: string) => counters().requestsByPath[p] ?? 0;

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
 * and what the Test must then say. The key-pair credential adds an entry.
 */
interface CredentialCase {
	displayName: string;
	fields: () => Record<string, CredentialFieldValue>;
	/** A field hidden until another is set: [hidden field, the field and value that show it]. */
	shownBy: { field: string; by: string; value: CredentialFieldValue };
	wrong: Record<string, CredentialFieldValue>;
	/** What the Test says then; must not contain any value in `wrong`. */
	wrongMessage: RegExp;
	screenshot?: string;
}

const CREDENTIALS: CredentialCase[] = [
	{
		displayName: 'Linksfield Cube API',
		fields: () => ({ environment: { option: 'Custom' }, baseUrl: sim.url, accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret }),
		shownBy: { field: 'baseUrl', by: 'environment', value: { option: 'Custom' } },
		wrong: { secret: WRONG_SECRET },
		wrongMessage: /Invalid signature[\s\S]*the Secret is most likely wrong/,
		screenshot: 'n8n-credential.png',
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
		const before = counters();
		await editor.fillCredential(c.fields());
		const result = await editor.saveCredential();
		expect(result).toEqual({ ok: true });
		// The Test's signed requests reached the simulator and were accepted.
		const after = counters();
		expect(after.requests).toBeGreaterThan(before.requests);
		expect(after.rejectedSignatures).toBe(before.rejectedSignatures);
		if (c.screenshot) await screenshot(editor, c.screenshot);
	});

	test('a wrong value: the Test fails, saying what is wrong and never showing the value', async () => {
		const before = counters();
		await editor.fillCredential(c.wrong);
		const result = await editor.saveCredential();
		expect(result.ok).toBe(false);
		const { message } = result as { message: string };
		expect(message).toMatch(c.wrongMessage);
		for (const value of Object.values(c.wrong)) if (typeof value === 'string') expect(message).not.toContain(value);
		expect(counters().rejectedSignatures).toBeGreaterThan(before.rejectedSignatures);
	});

	test('the right values again: the Test passes again (the banner follows each save)', async () => {
		await editor.fillCredential(c.fields());
		expect(await editor.saveCredential()).toEqual({ ok: true });
		expect(editor.errors).toEqual([]);
	});
});

// ------------------------------------------------------------------------------------- the action node

/** A new workflow: Manual Trigger → the action node (added by its `action` text), the REST-made credential picked. */
async function workflowWithActionNode(action: string, viewport?: { width: number; height: number }): Promise<N8nEditorPage> {
	// Made on first use, so the credential dialog's describe sees only its own credential.
	nodeCredentialId ??= await n8n.createCredential('Linksfield Cube (simulator)', 'linksfieldCubeApi', {
		environment: 'custom',
		baseUrl: sim.url,
		accessCode: ACCOUNT.accessCode,
		secret: ACCOUNT.secret,
	});
	const editor = await signedIn(viewport);
	await editor.newWorkflowWithManualTrigger();
	await editor.addActionNode({ search: 'Linksfield Cube', nodeType: ACTION_NODE, action });
	await editor.selectNodeCredential(nodeCredentialId);
	return editor;
}

/** Resource and Operation as the user picks them: the labels of the options. */
async function pickOperation(editor: N8nEditorPage, { resource, operation }: { resource: string; operation: string }): Promise<void> {
	await editor.setNodeParameter('resource', { option: resource });
	await editor.setNodeParameter('operation', { option: operation });
}

/**
 * The display rules, by operation: the parameters that must be shown and those that must not, on a node added by a
 * legacy action. n8n draws no API parameter in the NDV (the credentials depend on it, so n8n treats it as the node's
 * authentication field and hides it): a node's API comes from the action picked in the node creator. The current
 * API's rows need a node added by a current action with a key-pair credential (see workflowWithActionNode).
 */
const FIELD_CASES: Array<{ resource: string; operation: string; shows: string[]; hides: string[] }> = [
	{ resource: 'Usage', operation: 'Get', shows: ['device_id'], hides: ['order_id', 'renew_period', 'returnAll', 'limit'] },
	{ resource: 'Plan', operation: 'Renew', shows: ['order_id', 'renew_period'], hides: ['device_id', 'returnAll', 'limit'] },
	// A list that always came whole: Return All on by default, so no Limit.
	{ resource: 'Plan', operation: 'Get Plans', shows: ['returnAll'], hides: ['limit', 'order_id', 'device_id'] },
	// A paged list: Return All off by default, so Limit.
	{ resource: 'Plan', operation: 'Get Orders', shows: ['returnAll', 'limit'], hides: ['renew_period'] },
	{ resource: 'Plan', operation: 'Order', shows: ['device_id', 'package_code', 'package_name'], hides: ['order_id', 'returnAll'] },
];

describe('action node: the parameters follow Resource and Operation', () => {
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await workflowWithActionNode('Get data usage of a SIM');
	});
	afterAll(async () => {
		await editor?.page.context().close();
	});

	test('the node opens on the action picked in the node creator: Usage → Get, with its ICCID field', async () => {
		await editor.nodeParametersUntil('Usage → Get', (names) => names.includes('device_id'));
		expect({ resource: await editor.nodeParameterValue('resource'), operation: await editor.nodeParameterValue('operation') }).toEqual({ resource: 'Usage', operation: 'Get' });
	});

	test.each(FIELD_CASES)('$resource → $operation shows $shows and hides $hides', async ({ resource, operation, shows, hides }) => {
		await pickOperation(editor, { resource, operation });
		const shown = await editor.nodeParametersUntil(`${resource} → ${operation}`, (names) => shows.every((n) => names.includes(n)));
		for (const name of hides) expect(shown).not.toContain(name);
	});

	test('Get Plans: turning Return All off shows Limit, turning it on hides it again', async () => {
		await pickOperation(editor, { resource: 'Plan', operation: 'Get Plans' });
		await editor.nodeParametersUntil('Return All', (names) => names.includes('returnAll'));
		expect(await editor.isSwitchOn('returnAll')).toBe(true);
		await editor.setNodeParameter('returnAll', false);
		await editor.nodeParametersUntil('Limit after Return All off', (names) => names.includes('limit'));
		await editor.setNodeParameter('returnAll', true);
		await editor.nodeParametersUntil('no Limit after Return All on', (names) => !names.includes('limit'));
		expect(editor.errors).toEqual([]);
	});
});

describe('action node: the plan picker lists the simulator’s plans', () => {
	let editor: N8nEditorPage;
	beforeAll(async () => {
		editor = await workflowWithActionNode('Order a data plan for a SIM');
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
		editor = await workflowWithActionNode('Get data usage of a SIM');
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
		editor = await workflowWithActionNode('Get the SIM cards that have a plan in use', { width: 1500, height: 860 });
		await editor.closeNdv();
		await editor.addActionNode({ search: 'Linksfield Cube', nodeType: ACTION_NODE, action: 'Get data usage of many SIM cards', after: 'Get the SIM cards that have a plan in use' });
		await editor.selectNodeCredential(nodeCredentialId!);
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
