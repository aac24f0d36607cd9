import { DEFAULT_ACCOUNT, DEFAULT_NOTIFICATION_KEY, DEFAULT_NOTIFICATION_SECRET, DEMO_ICCIDS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { CURRENT_OPERATIONS, signNotification } from '@linksfield-cube/core';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureN8n, makeThrowawayCa, n8n, packWithFiles, SIM_IN_USE, SIM_PAUSED, SIM_UNENABLED_ONLY, until, type N8nServer, type ThrowawayCa } from '@linksfield-cube/testkit';
import { resourceValue } from '../../../nodes/LinksfieldCube/properties';

/**
 * The packed package in a real n8n 2.40.7 (Node 24, cached by the harness): installed as a community
 * package, credential and workflows imported with n8n's CLI, a usage → If → renew workflow executed with
 * `n8n execute --id`, then `n8n start` with an activated trigger workflow receiving the simulator's valid
 * and forged callbacks. The simulator runs in this process; its counters are the ground truth.
 */

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = 'n8n-nodes-linksfield-cube';
const CREDENTIAL = { id: 'LfSimCredential1', name: 'Linksfield Simulator' };
const WEBHOOK_ID = 'linksfield-e2e-callbacks';
const TRIGGER_WORKFLOW = 'LfCallbacksFlow1';
const RENEW_WORKFLOW = 'LfUsageRenewFlw1';
/** The current API: the key-pair credential, the team's test key (packages/testkit/fixtures/sign-v2-keys). */
const KEY_PAIR_CREDENTIAL = { id: 'LfSimKeyPair0001', name: 'Linksfield Simulator key pair' };
const KEYS = path.join(ROOT, 'packages/testkit/fixtures/sign-v2-keys');
const KEY_ID = 'e2e-current-key';
const PRIVATE_KEY = fs.readFileSync(path.join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8');
const CURRENT_OPERATIONS_WORKFLOW = 'LfCurrentOpsFlw1';
/** examples/n8n/current-*.json, imported under these ids. */
const CURRENT_EXAMPLE = { 'current-usage-add-bundle.json': 'LfCurrentAddBnd1', 'current-notification-lookup.json': 'LfCurrentNotify1' } as Record<string, string>;
/** The webhook of current-notification-lookup.json as it ships. */
const CURRENT_WEBHOOK_ID = 'linksfield-cube-current-example';
/** 92 % used in the demo seed; not touched by the legacy tests. */
const SIM_NEAR_LIMIT = '89852022018041800150';

jest.setTimeout(15 * 60_000);

let sim: RunningSimulator;
let work: string;
let userDir: string;

/** Explains a failure with what n8n said, so a red run says why without re-running by hand. */
function why(step: string, error: unknown): Error {
	const e = error as Error & { result?: { stdout: string; stderr: string } };
	const output = e.result ? `\n--- n8n stdout (tail) ---\n${e.result.stdout.slice(-3000)}\n--- n8n stderr (tail) ---\n${e.result.stderr.slice(-3000)}` : '';
	return new Error(`${step} failed: ${e.message}${output}`);
}

async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
	try {
		return await run();
	} catch (error) {
		throw why(name, error);
	}
}

/** npm pack of the root package (built before the run), as a user would get it from the registry. */
/** n8n's own credential Test (what the dialog's Save runs) of `credentials`: its result, and the answer's text. */
async function credentialTest(server: N8nServer, cookie: string, credentials: Record<string, unknown>): Promise<{ text: string; result: { status: string; message: string } }> {
	const res = await fetch(`${server.url}/rest/credentials/test`, {
		method: 'POST',
		headers: { 'Content-Type': 'application/json', cookie },
		body: JSON.stringify({ credentials }),
	});
	const text = await res.text();
	if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
	return { text, result: JSON.parse(text).data ?? JSON.parse(text) };
}

function packTarball(dir: string): string {
	const { tarball, files } = packWithFiles(ROOT, dir);
	const outside = files.filter((p) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(p));
	if (outside.length) throw new Error(`the tarball carries files outside dist/: ${outside.join(', ')}`);
	return tarball;
}

const credentialRef = { linksfieldCubeApi: CREDENTIAL };
const keyPairRef = { linksfieldCubeKeyPairApi: KEY_PAIR_CREDENTIAL };
/** A node's credential as this test imported it: the key pair for the current API, the access code otherwise. */
const credentialOf = (credentials: Record<string, unknown>) => ('linksfieldCubeKeyPairApi' in credentials ? keyPairRef : credentialRef);

function writeJson(name: string, value: unknown): string {
	const file = path.join(work, name);
	fs.writeFileSync(file, JSON.stringify(value, null, 2));
	return file;
}

/** The in-process fixture, unchanged but for its id and credential: the same JSON runs in both engines. */
function renewWorkflow() {
	const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/n8n/fixtures/usage-renew.workflow.json'), 'utf8'));
	for (const node of fixture.nodes) if (node.credentials) node.credentials = credentialRef;
	return { ...fixture, id: RENEW_WORKFLOW, active: false, pinData: {} };
}

/** examples/n8n, with this test's credential and an id each: n8n must accept them as they ship. */
function exampleWorkflows() {
	const dir = path.join(ROOT, 'examples/n8n');
	return fs
		.readdirSync(dir)
		.filter((f) => f.endsWith('.json'))
		.map((file, i) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
			for (const node of workflow.nodes) if (node.credentials) node.credentials = credentialOf(node.credentials);
			return { ...workflow, id: CURRENT_EXAMPLE[file] ?? `LfExampleFlow${String(i).padStart(3, '0')}`, active: false };
		});
}

function callbackWorkflow() {
	return {
		id: TRIGGER_WORKFLOW,
		name: 'Linksfield callbacks → usage of the SIM',
		active: false,
		settings: { executionOrder: 'v1' },
		pinData: {},
		nodes: [
			{
				id: 'cb-trigger',
				name: 'Linksfield Callbacks',
				type: `${PACKAGE}.linksfieldCubeTrigger`,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { events: ['*'] },
				credentials: credentialRef,
			},
			{
				id: 'cb-usage',
				name: 'Usage of the SIM',
				type: `${PACKAGE}.linksfieldCube`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'usage', operation: 'get', device_id: '={{ $json.iccid }}' },
				credentials: credentialRef,
			},
		],
		connections: { 'Linksfield Callbacks': { main: [[{ node: 'Usage of the SIM', type: 'main', index: 0 }]] } },
	};
}

/**
 * Every current-API operation once, one node each, chained in one workflow: each node runs once ("Execute Once"),
 * whatever its predecessor output. The writes go to SIMs the other tests leave alone.
 */
const CURRENT_CALLS: Array<{ id: string; parameters: Record<string, unknown> }> = [
	{ id: 'current.sim.getMany', parameters: { returnAll: true } },
	{ id: 'current.sim.get', parameters: { sim_id: DEMO_ICCIDS[5] } },
	{ id: 'current.sim.getStatus', parameters: { sim_id: DEMO_ICCIDS[5] } },
	{ id: 'current.bundle.getMany', parameters: { sim_id: DEMO_ICCIDS[5], returnAll: true } },
	{ id: 'current.usage.get', parameters: { sim_id: DEMO_ICCIDS[5], category: 'data', period_type: '2', begin_from: '={{ $now.toUTC().toFormat("yyyy-MM") }}', end_by: '={{ $now.toUTC().toFormat("yyyy-MM") }}' } },
	{ id: 'current.usage.getAccumulated', parameters: { sim_id: DEMO_ICCIDS[5] } },
	{ id: 'current.sms.send', parameters: { sim_ids: DEMO_ICCIDS[5], message_type: '1', message_content: 'hello from n8n' } },
	{ id: 'current.sms.getSent', parameters: { sim_id: DEMO_ICCIDS[5], returnAll: true } },
	{ id: 'current.sms.getReceived', parameters: { sim_id: DEMO_ICCIDS[5], returnAll: true } },
	{ id: 'current.bundle.add', parameters: { sim_id: DEMO_ICCIDS[6], bundle_id: 'DP20230101000004', bundle_type: '10', activate: 'false', additionalFields: { cycles: 1 } } },
	{ id: 'current.bundle.cancel', parameters: { sim_id: DEMO_ICCIDS[6], mode: 'all', waitForResult: true, waitTimeout: 30 } },
	{ id: 'current.sim.getAsyncResult', parameters: { request_id: "={{ $('current.bundle.cancel').first().json.requestId }}" } },
	{ id: 'current.sim.suspend', parameters: { sim_id: SIM_IN_USE, waitForResult: true, waitTimeout: 30 } },
	{ id: 'current.sim.resume', parameters: { sim_id: SIM_PAUSED } },
	{ id: 'current.sim.activate', parameters: { sim_id: SIM_UNENABLED_ONLY } },
];

/**
 * examples/n8n/current-usage-add-bundle.json as `n8n execute` can run it: `execute` starts a workflow at a manual
 * trigger only, so a Manual Trigger stands in for the hourly Schedule Trigger; every other node as it ships.
 */
const CURRENT_EXAMPLE_RUN = 'LfCurrentAddBnM1';
function currentExampleRun() {
	const workflow = JSON.parse(fs.readFileSync(path.join(ROOT, 'examples/n8n/current-usage-add-bundle.json'), 'utf8'));
	for (const node of workflow.nodes) {
		if (node.credentials) node.credentials = keyPairRef;
		if (node.type === 'n8n-nodes-base.scheduleTrigger') Object.assign(node, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
	}
	return { ...workflow, id: CURRENT_EXAMPLE_RUN, active: false };
}

function currentOperationsWorkflow() {
	const nodes = CURRENT_CALLS.map(({ id, parameters }, i) => {
		const [, resource, operation] = id.split('.');
		return {
			id: `cur-op-${i}`,
			name: id,
			type: `${PACKAGE}.linksfieldCube`,
			typeVersion: 2,
			position: [220 * (i + 1), 0],
			// Once each, and on even when the node before answered an empty list.
			executeOnce: true,
			alwaysOutputData: true,
			parameters: { api: 'current', resource: resourceValue('current', resource), operation, ...parameters },
			credentials: keyPairRef,
		};
	});
	const start = { id: 'cur-op-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };
	const names = ['Start', ...nodes.map((n) => n.name)];
	const connections = Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
	return { id: CURRENT_OPERATIONS_WORKFLOW, name: 'Every current API operation once', active: false, settings: { executionOrder: 'v1' }, pinData: {}, nodes: [start, ...nodes], connections };
}

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-e2e-'));
	await step('installing n8n (cached after the first run)', () => ensureN8n({ quiet: true }));
	sim = await startSimulator({ port: 0, seed: 'demo', callbackRetries: 0, current: { keys: [{ keyId: KEY_ID, publicKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.public.pem'), 'utf8') }], asyncDelayMs: 30 } });
	const tarball = await step('npm pack', () => packTarball(work));
	userDir = n8n.createUserDir({ prefix: 'lf-n8n-user-' });
	await step('installing the tarball as a community package', () => n8n.installCommunityPackage(userDir, tarball));
	const credentials = writeJson('credentials.json', [
		{
			...CREDENTIAL,
			type: 'linksfieldCubeApi',
			data: { environment: 'custom', baseUrl: sim.url, accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, notificationSecret: DEFAULT_NOTIFICATION_SECRET, language: 'en-US', timestampUnit: 's' },
		},
		{
			...KEY_PAIR_CREDENTIAL,
			type: 'linksfieldCubeKeyPairApi',
			data: { environment: 'custom', baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY, notificationKeyId: DEFAULT_NOTIFICATION_KEY.keyId, notificationSecretKey: DEFAULT_NOTIFICATION_KEY.key, language: 'en-US' },
		},
	]);
	await step('n8n import:credentials', () => n8n.importCredentials(userDir, credentials));
	await step('n8n import:workflow', () => n8n.importWorkflow(userDir, writeJson('workflows.json', [renewWorkflow(), callbackWorkflow(), currentOperationsWorkflow(), currentExampleRun()])));
	await step('n8n import:workflow of examples/n8n', () => n8n.importWorkflow(userDir, writeJson('examples.json', exampleWorkflows())));
});

afterAll(async () => {
	await sim?.close();
	if (userDir) n8n.removeUserDir(userDir);
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** The version a `>=x[.y.z]` claim starts at, as [major, minor, patch]. */
function claimedFloor(range: string): number[] {
	const m = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(range.trim());
	if (!m) throw new Error(`the engines claim "${range}" is not of the form ">=x.y.z"`);
	return [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)];
}
const atLeast = (a: number[], b: number[]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

test("package.json claims no Node older than the n8n it is tested in requires, and that n8n's Node meets the claim", async () => {
	const install = await ensureN8n({ quiet: true });
	const ours = claimedFloor(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).engines.node);
	const n8nNeeds = claimedFloor(JSON.parse(fs.readFileSync(path.join(install.dir, 'node_modules', 'n8n', 'package.json'), 'utf8')).engines.node);
	const running = execFileSync(install.nodeBin, ['--version'], { encoding: 'utf8' }).trim().slice(1).split('.').map(Number);
	expect(atLeast(ours, n8nNeeds)).toBeGreaterThanOrEqual(0);
	expect(atLeast(running, ours)).toBeGreaterThanOrEqual(0);
});

test('n8n execute: usage → If → renew renews the nearly used-up plan exactly once', async () => {
	const iccid = DEMO_ICCIDS[0];
	const order = sim.admin.sim(iccid).orders.find((o) => (o as { orderStatus?: string }).orderStatus === '1') as unknown as { orderCode: string };
	sim.admin.resetCounters();
	const run = await step('n8n execute --id', () => n8n.executeWorkflow(userDir, RENEW_WORKFLOW));
	const [usage] = n8n.nodeOutput(run, 'Check Usage');
	expect(usage).toMatchObject({ iccid, orderId: order.orderCode });
	expect(usage.percentUsed).toBeGreaterThanOrEqual(90);
	expect(n8n.nodeOutput(run, 'Renew Plan')).toEqual([expect.objectContaining({ order_id: order.orderCode })]);
	const counters = sim.admin.counters();
	expect(counters.renewalsByOrder).toEqual({ [order.orderCode]: 1 });
	expect(counters.rejectedSignatures).toBe(0);
	expect(JSON.stringify(run)).not.toContain(DEFAULT_ACCOUNT.secret);
});

describe('n8n execute: the current API (key-pair credential)', () => {
	test('every current operation once, each sent and signed with the key pair, none refused', async () => {
		expect(CURRENT_CALLS.map((c) => c.id).sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
		sim.admin.current.resetCounters();
		const run = await step('n8n execute --id (current operations)', () => n8n.executeWorkflow(userDir, CURRENT_OPERATIONS_WORKFLOW));
		expect(n8n.nodeOutput(run, 'current.sim.getMany').length).toBeGreaterThan(10);
		expect(n8n.nodeOutput(run, 'current.sim.get')).toEqual([expect.objectContaining({ sim_id: DEMO_ICCIDS[5] })]);
		expect(n8n.nodeOutput(run, 'current.bundle.add')).toEqual([expect.objectContaining({ status: 'done', orderId: expect.any(String) })]);
		expect(n8n.nodeOutput(run, 'current.bundle.cancel')).toEqual([expect.objectContaining({ status: 'succeeded', requestId: expect.any(String) })]);
		expect(n8n.nodeOutput(run, 'current.sim.getAsyncResult')).toEqual([expect.objectContaining({ status: 'success' })]);
		expect(n8n.nodeOutput(run, 'current.sim.suspend')).toEqual([expect.objectContaining({ status: 'succeeded' })]);
		expect(n8n.nodeOutput(run, 'current.sms.send')).toEqual([expect.objectContaining({ status: 'pending', jobId: expect.any(String) })]);
		// nodeOutput throws for a node that did not run or failed.
		for (const { id } of CURRENT_CALLS) expect(() => n8n.nodeOutput(run, id)).not.toThrow();
		expect(sim.admin.current.counters()).toMatchObject({ rejectedSignatures: 0, rejectedAuthorization: 0, rateLimited: 0, concurrencyLimited: 0, smsSent: 1 });
		expect(JSON.stringify(run)).not.toContain(PRIVATE_KEY.split('\n')[1]);
	});

	test('the example: usage of every SIM from SIM pages → at 90 % or more → the bundle in use added once per SIM, each with its final result', async () => {
		sim.admin.current.resetCounters();
		sim.admin.resetCounters();
		const run = await step('n8n execute --id (current example)', () => n8n.executeWorkflow(userDir, CURRENT_EXAMPLE_RUN));
		const all = n8n.nodeOutput(run, 'Usage of Every SIM');
		const atNinety = all.filter((s) => typeof s.percentUsed === 'number' && s.percentUsed >= 90).map((s) => s.sim_id as string);
		expect(atNinety.length).toBeGreaterThan(1);
		expect(sim.admin.counters().requestsByPath['/cube/v4/sims']).toBe(Math.ceil(all.length / 100));
		const added = n8n.nodeOutput(run, 'Add Bundle in Use');
		expect(added).toHaveLength(atNinety.length);
		for (const write of added) expect(write).toMatchObject({ status: 'succeeded', requestId: expect.any(String) });
		// The simulator's /_sim/current counters: one bundle per SIM at 90 %, none elsewhere.
		const counters = (await (await fetch(`${sim.url}/_sim/current/counters`)).json()) as { bundlesAddedBySim: Record<string, number> };
		expect(counters.bundlesAddedBySim).toEqual(Object.fromEntries(atNinety.map((iccid) => [iccid, 1])));
	});
});

describe('n8n start: the activated callback trigger', () => {
	let server: N8nServer;
	const usageRequests = () => sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage'] ?? 0;

	// Two private CAs: n8n starts trusting one through NODE_EXTRA_CA_CERTS (what the README and the credential
	// Test advise for a private CA), and knows nothing of the other.
	let trustedCa: ThrowawayCa;
	let unknownCa: ThrowawayCa;

	beforeAll(async () => {
		trustedCa = makeThrowawayCa();
		unknownCa = makeThrowawayCa();
		await step('n8n publish:workflow', () => n8n.activateWorkflow(userDir, TRIGGER_WORKFLOW));
		await step('n8n publish:workflow (current example)', () => n8n.activateWorkflow(userDir, CURRENT_EXAMPLE['current-notification-lookup.json']));
		server = await step('n8n start', () => n8n.startN8n(userDir, undefined, { env: { NODE_EXTRA_CA_CERTS: trustedCa.files.ca } }));
		sim.admin.setCallbackUrl(`${server.url}/webhook/${WEBHOOK_ID}/linksfield-cube`);
		sim.admin.current.setNotificationUrl(`${server.url}/webhook/${CURRENT_WEBHOOK_ID}/linksfield-cube`);
	});
	afterAll(async () => {
		await server?.stop();
		trustedCa?.remove();
		unknownCa?.remove();
	});

	test('a signed callback is answered 200 and runs the workflow (it queries the SIM\'s usage)', async () => {
		sim.admin.resetCounters();
		sim.admin.clearRequests();
		const delivery = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[3], text: 'hello' });
		expect({ status: delivery.status, error: delivery.error }).toEqual({ status: 200, error: undefined });
		await until('the workflow to query usage after a valid callback', () => usageRequests() === 1, 20_000).catch((e) => {
			throw new Error(`${e.message}; n8n log tail:\n${server.logs().slice(-3000)}`);
		});
		expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' }).map((r) => (r.body as { device_id: string }).device_id)).toEqual([DEMO_ICCIDS[3]]);
	});

	test('the credential Test (POST /rest/credentials/test): OK with the SIM count; on an ms-only server it names the setting that works; over HTTPS it trusts NODE_EXTRA_CA_CERTS and says what Ignore SSL Issues cannot do', async () => {
		const owner = { email: 'e2e-owner@example.com', password: 'E2e-password-1' };
		await step('owner setup', () => n8n.setupOwner(server.url, owner));
		const cookie = await step('login', () => n8n.login(server.url, owner));
		const data = { environment: 'custom', baseUrl: sim.url, accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, language: 'en-US', timestampUnit: 's' };
		const test = async (overrides: Record<string, unknown>) => {
			const { text, result } = await credentialTest(server, cookie, { ...CREDENTIAL, type: 'linksfieldCubeApi', data: { ...data, ...overrides } });
			expect(text).not.toContain(DEFAULT_ACCOUNT.secret);
			return result;
		};
		expect(await step('credential test', () => test({}))).toEqual({ status: 'OK', message: expect.stringMatching(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\.$/) });
		const msOnly = await startSimulator({ port: 0, seed: 'demo', timestampUnit: 'ms', timestampStrict: true });
		try {
			const refused = await step('credential test against an ms-only server', () => test({ baseUrl: msOnly.url }));
			expect(refused.status).toBe('Error');
			expect(refused.message).toMatch(/but these work: “Timestamp unit” = milliseconds/);
			expect((await test({ baseUrl: msOnly.url, timestampUnit: 'ms' })).status).toBe('OK');
		} finally {
			await msOnly.close();
		}
		// Over HTTPS: a CA given with NODE_EXTRA_CA_CERTS is trusted; with an unknown one the Test fails before
		// sending, and with "Ignore SSL Issues" on it says that the option applies to the nodes only.
		const trusted = await startSimulator({ port: 0, seed: 'demo', tls: { cert: trustedCa.cert, key: trustedCa.key } });
		const unknown = await startSimulator({ port: 0, seed: 'demo', tls: { cert: unknownCa.cert, key: unknownCa.key } });
		try {
			expect((await step('credential test over HTTPS, CA trusted', () => test({ baseUrl: trusted.url }))).status).toBe('OK');
			expect(await test({ baseUrl: unknown.url })).toEqual({ status: 'Error', message: expect.stringContaining("the server's certificate is not trusted") });
			expect(await test({ baseUrl: unknown.url, ignoreSslIssues: true })).toEqual({ status: 'Error', message: expect.stringMatching(/^The Test could not check the signing: .*“Ignore SSL Issues” applies to the nodes' requests/) });
			expect(unknown.admin.requests()).toHaveLength(0);
		} finally {
			await trusted.close();
			await unknown.close();
		}
	});

	test('a forged and an unsigned callback are answered 401 and run nothing', async () => {
		sim.admin.resetCounters();
		const forged = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[3], forge: true });
		const unsigned = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[3], warningCode: '1' }], unsigned: true });
		expect([forged.status, unsigned.status]).toEqual([401, 401]);
		await new Promise((r) => setTimeout(r, 3_000)); // time for a run that must not happen
		expect(usageRequests()).toBe(0);
	});

	test('the key-pair credential Test (POST /rest/credentials/test): OK with the SIM count; another private key names the key pair, never the key', async () => {
		const owner = { email: 'e2e-owner@example.com', password: 'E2e-password-1' };
		// The owner exists once the access-code Test above ran; setting it up again is refused, logging in is enough.
		await n8n.setupOwner(server.url, owner).catch(() => undefined);
		const cookie = await step('login', () => n8n.login(server.url, owner));
		const data = { environment: 'custom', baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY, language: 'en-US' };
		const test = async (overrides: Record<string, unknown>) =>
			(await credentialTest(server, cookie, { ...KEY_PAIR_CREDENTIAL, type: 'linksfieldCubeKeyPairApi', data: { ...data, ...overrides } })).result;
		expect(await step('key-pair credential test', () => test({}))).toEqual({ status: 'OK', message: expect.stringMatching(/^OK: Linksfield accepted the key pair\. SIMs: \d+\.$/) });
		const other = fs.readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8');
		const refused = await test({ privateKey: other });
		expect(refused).toEqual({ status: 'Error', message: expect.stringContaining('“Private Key” (the key pair)') });
		expect(refused.message).not.toContain(other.split('\n')[1]);
	});

	describe('the current API example: notification → look up the SIM', () => {
		const lookups = () => sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_NEAR_LIMIT}`] ?? 0;
		const notificationUrl = () => `${server.url}/webhook/${CURRENT_WEBHOOK_ID}/linksfield-cube`;

		test('a signed notification is answered 200 and runs the workflow (it looks up the notified SIM)', async () => {
			sim.admin.resetCounters();
			const delivery = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, thresholdPercent: 90 });
			expect({ status: delivery.status, error: delivery.error }).toEqual({ status: 200, error: undefined });
			await until('the workflow to look up the SIM after a signed notification', () => lookups() === 1, 20_000).catch((e) => {
				throw new Error(`${e.message}; n8n log tail:\n${server.logs().slice(-3000)}`);
			});
		});

		test('forged, unsigned and stale notifications are answered 401 and run nothing', async () => {
			sim.admin.resetCounters();
			const forged = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, forge: true });
			const unsigned = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, unsigned: true });
			const stale = signNotification({ ...DEFAULT_NOTIFICATION_KEY, timestamp: Date.now() - 20 * 60_000, body: { event: 'sim_data_usage', sim_id: SIM_NEAR_LIMIT, occurred_at: 1 } });
			const staleAnswer = await fetch(notificationUrl(), { method: 'POST', headers: stale.headers, body: stale.body });
			expect([forged.status, unsigned.status, staleAnswer.status]).toEqual([401, 401, 401]);
			await new Promise((r) => setTimeout(r, 3_000)); // time for a run that must not happen
			expect(lookups()).toBe(0);
		});
	});
});
