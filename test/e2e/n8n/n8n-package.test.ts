import { DEFAULT_ACCOUNT, DEFAULT_NOTIFICATION_SECRET, DEMO_ICCIDS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureN8n, makeThrowawayCa, n8n, packWithFiles, until, type N8nServer, type ThrowawayCa } from '@linksfield-cube/testkit';

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
function packTarball(dir: string): string {
	const { tarball, files } = packWithFiles(ROOT, dir);
	const outside = files.filter((p) => !/^(dist\/|package\.json$|README\.md$|LICENSE)/.test(p));
	if (outside.length) throw new Error(`the tarball carries files outside dist/: ${outside.join(', ')}`);
	return tarball;
}

const credentialRef = { linksfieldCubeApi: CREDENTIAL };

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
			for (const node of workflow.nodes) if (node.credentials) node.credentials = credentialRef;
			return { ...workflow, id: `LfExampleFlow${String(i).padStart(3, '0')}`, active: false };
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

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-e2e-'));
	await step('installing n8n (cached after the first run)', () => ensureN8n({ quiet: true }));
	sim = await startSimulator({ port: 0, seed: 'demo', callbackRetries: 0 });
	const tarball = await step('npm pack', () => packTarball(work));
	userDir = n8n.createUserDir({ prefix: 'lf-n8n-user-' });
	await step('installing the tarball as a community package', () => n8n.installCommunityPackage(userDir, tarball));
	const credentials = writeJson('credentials.json', [
		{
			...CREDENTIAL,
			type: 'linksfieldCubeApi',
			data: { environment: 'custom', baseUrl: sim.url, accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, notificationSecret: DEFAULT_NOTIFICATION_SECRET, language: 'en-US', timestampUnit: 's' },
		},
	]);
	await step('n8n import:credentials', () => n8n.importCredentials(userDir, credentials));
	await step('n8n import:workflow', () => n8n.importWorkflow(userDir, writeJson('workflows.json', [renewWorkflow(), callbackWorkflow()])));
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
		server = await step('n8n start', () => n8n.startN8n(userDir, undefined, { env: { NODE_EXTRA_CA_CERTS: trustedCa.files.ca } }));
		sim.admin.setCallbackUrl(`${server.url}/webhook/${WEBHOOK_ID}/linksfield-cube`);
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
			const res = await fetch(`${server.url}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { ...CREDENTIAL, type: 'linksfieldCubeApi', data: { ...data, ...overrides } } }),
			});
			const text = await res.text();
			if (res.status !== 200) throw new Error(`HTTP ${res.status}: ${text}`);
			expect(text).not.toContain(DEFAULT_ACCOUNT.secret);
			return (JSON.parse(text).data ?? JSON.parse(text)) as { status: string; message: string };
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
});
