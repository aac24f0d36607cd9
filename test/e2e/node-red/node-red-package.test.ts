import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURRENT_OPERATIONS, signNotification } from '@linksfield-cube/core';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { NODE_RED_MATRIX, nodeRed as harness, packWithFiles, PLAN_1GB, SIM_IN_USE, SIM_PAUSED, SIM_UNENABLED_ONLY, TEST_ACCOUNT, type Comms, type NodeRedRuntime } from '@linksfield-cube/testkit';
import { byName, example, oneSimNearlyOut, pointAt, twoSimsNearlyOut, type ExampleNode } from '@linksfield-cube/testkit/node-red-examples';

/**
 * The packed @linksfield-cube/node-red in a real Node-RED — 4.1.x on this machine's Node 20, 5.x on Node 24,
 * and the lowest pair package.json claims (Node-RED 4.1.0 on Node 20.3.0, both from the npm registry) —
 * installed from the tarball into a fresh user directory. The shipped examples are deployed with
 * inline credentials against the simulator running in this process; the headline flow is triggered through an
 * `http in` endpoint, and the simulator's counters say what was renewed. Callbacks are fired by the simulator
 * itself (validly signed, and forged) at the callback-in endpoint. The current API the same way: every operation
 * once through a config node whose API is current, its Test button, notifications (signed, forged, unsigned, stale)
 * into the current webhook example, and the current usage example run to its end (/_sim/current counters).
 */

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE_DIR = path.join(ROOT, 'packages/node-red');
const MODULE = '@linksfield-cube/node-red';
const TYPES = ['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in'];
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-secret' };
const NOTIFICATION_SECRET = 'e2e-notification-secret';
const SIM = '89852022018041800192';
/** The current API: the team's test key pair (sign v2) and a notification key of this test's own. */
const KEYS = path.join(ROOT, 'packages', 'testkit', 'fixtures', 'sign-v2-keys');
const CURRENT = {
	keyId: 'e2e-node-red-current',
	privateKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8'),
	notificationKeyId: 'E2eNodeRedNotify01',
	notificationKey: 'e2eNodeRedCurrentNotificationKey0123456789abcdefghijklmnopqrstu',
};
/** A SIM of the demo seed the current API suspends (spec: async, locks the SIM). */
const SIM_NEAR_LIMIT = '89852022018041800150';
const CURRENT_OPS_PATH = '/e2e/current';

jest.setTimeout(10 * 60_000);

let sim: RunningSimulator;
let work: string;
let tarball: string;

/** Runs one step; on failure the error says which step and ends with Node-RED's log. */
async function step<T>(nr: NodeRedRuntime | undefined, name: string, run: () => Promise<T> | T): Promise<T> {
	try {
		return await run();
	} catch (error) {
		const logs = nr ? `\n--- Node-RED ${nr.version} log (tail) ---\n${nr.logs().slice(-4000)}` : '';
		throw new Error(`${name} failed: ${(error as Error).message}${logs}`);
	}
}

/** `npm pack` the package (built before the run) as it would be published; the tarball must carry nothing else. */
function pack(dir: string): string {
	const { tarball, files } = packWithFiles(PACKAGE_DIR, dir);
	const outside = files.filter((p) => !/^(dist\/|examples\/|package\.json$|README\.md$|LICENSE$)/.test(p));
	if (outside.length) throw new Error(`the tarball carries files it should not: ${outside.join(', ')}`);
	for (const type of TYPES) for (const ext of ['js', 'html']) if (!files.includes(`dist/${type}.${ext}`)) throw new Error(`the tarball lacks dist/${type}.${ext}`);
	return tarball;
}

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'linksfield-nr-e2e-'));
	tarball = await step(undefined, 'build and npm pack of packages/node-red', () => pack(work));
	sim = await startSimulator({
		port: 0,
		seed: 'demo',
		accounts: [ACCOUNT],
		notificationSecret: NOTIFICATION_SECRET,
		callbackRetries: 0,
		current: {
			keys: [{ keyId: CURRENT.keyId, publicKey: fs.readFileSync(path.join(KEYS, 'team-rsa1024.public.pem'), 'utf8') }],
			notificationKey: { keyId: CURRENT.notificationKeyId, key: CURRENT.notificationKey },
			asyncDelayMs: 30,
		},
	});
});

afterAll(async () => {
	await sim?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

const HEADLINE_PATH = '/e2e/headline';

/**
 * Both examples as shipped, on their own tabs, config nodes pointed at the simulator with inline credentials.
 * The headline flow gets an `http in` beside its hourly inject and an `http response` after Renew (and after
 * its Catch node, so a failure answers at once with the error instead of timing out).
 */
function flows(): ExampleNode[] {
	const onTab = (tab: string, nodes: ExampleNode[]) => [
		{ id: tab, type: 'tab', label: tab },
		...nodes.map((n) => (n.type === 'linksfield-cube-config' ? { ...n, credentials: { ...ACCOUNT, notificationSecret: NOTIFICATION_SECRET } } : { ...n, z: tab })),
	];
	const headline = pointAt(example('usage-check-renew'), sim.url);
	const firstCube = byName(headline, 'SIMs in use');
	const renew = byName(headline, 'renew its plan');
	const caught = headline.find((n) => n.type === 'catch')!;
	renew.wires = [[...renew.wires[0], 'e2e-reply']];
	caught.wires = [[...caught.wires[0], 'e2e-error']];
	headline.push(
		{ id: 'e2e-trigger', type: 'http in', name: '', url: HEADLINE_PATH, method: 'post', upload: false, swaggerDoc: '', x: 130, y: 260, wires: [[firstCube.id]] },
		{ id: 'e2e-reply', type: 'http response', name: '', statusCode: '', headers: {}, x: 1100, y: 260, wires: [] },
		{ id: 'e2e-error', type: 'http response', name: '', statusCode: '500', headers: {}, x: 800, y: 260, wires: [] },
	);
	return [...onTab('headline', headline), ...onTab('callbacks', pointAt(example('callback-warning-switch'), sim.url)), ...currentFlows()];
}

/**
 * The current API: both current examples as shipped, and a tab that runs any current operation — an `http in` whose
 * JSON body names the operation and its params (msg.operation / msg.params), the action node set to "set by
 * msg.operation" with its error output, and an `http response` for each output.
 */
function currentFlows(): ExampleNode[] {
	const withKeys = (nodes: ExampleNode[]) => nodes.map((n) => (n.type === 'linksfield-cube-config' ? { ...n, credentials: { ...CURRENT } } : n));
	const onTab = (tab: string, nodes: ExampleNode[]) => [{ id: tab, type: 'tab', label: tab }, ...withKeys(nodes).map((n) => (n.type === 'linksfield-cube-config' ? n : { ...n, z: tab }))];
	const ops: ExampleNode[] = [
		{ id: 'e2e-cur-cfg', type: 'linksfield-cube-config', name: 'current', api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', timeout: 10, rateLimit: 10 },
		{ id: 'e2e-cur-in', type: 'http in', name: '', url: CURRENT_OPS_PATH, method: 'post', upload: false, swaggerDoc: '', x: 130, y: 60, wires: [['e2e-cur-msg']] },
		{
			id: 'e2e-cur-msg',
			type: 'change',
			name: '',
			rules: [
				{ t: 'set', p: 'operation', pt: 'msg', to: 'payload.operation', tot: 'msg' },
				{ t: 'set', p: 'params', pt: 'msg', to: 'payload.params', tot: 'msg' },
			],
			x: 300,
			y: 60,
			wires: [['e2e-cur-op']],
		},
		{ id: 'e2e-cur-op', type: 'linksfield-cube', name: '', cube: 'e2e-cur-cfg', operation: 'msg', params: {}, property: 'payload', manyOutput: 'array', paging: 'all', limit: 100, errorOutput: true, outputs: 2, x: 480, y: 60, wires: [['e2e-cur-ok'], ['e2e-cur-error']] },
		{ id: 'e2e-cur-ok', type: 'http response', name: '', statusCode: '', headers: {}, x: 680, y: 40, wires: [] },
		{ id: 'e2e-cur-error', type: 'change', name: '', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' }], x: 680, y: 100, wires: [['e2e-cur-500']] },
		{ id: 'e2e-cur-500', type: 'http response', name: '', statusCode: '500', headers: {}, x: 860, y: 100, wires: [] },
	];
	return [...onTab('current-ops', ops), ...onTab('current-usage', pointAt(example('current-usage-add-bundle'), sim.url)), ...onTab('current-webhook', pointAt(example('current-webhook-sim-lookup'), sim.url))];
}

/** One current operation through the deployed action node: its result, or its msg.error with status 500. */
async function runCurrent(nr: NodeRedRuntime, operation: string, params: Record<string, unknown>): Promise<{ status: number; body: any }> {
	const res = await fetch(`${nr.url}${CURRENT_OPS_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ operation, params }) });
	const text = await res.text();
	for (const line of CURRENT.privateKey.split('\n').slice(1, 4)) expect(text).not.toContain(line);
	return { status: res.status, body: JSON.parse(text) };
}

/** The version a `>=x.y.z` claim of package.json starts at. */
function claimedFloor(range: string): string {
	const m = /^>=\s*(\d+\.\d+\.\d+)$/.exec(range.trim());
	if (!m) throw new Error(`package.json claims "${range}"; the floor test understands only ">=x.y.z"`);
	return m[1];
}

describe.each(NODE_RED_MATRIX)('%s', (_title, major) => {
	let nr: NodeRedRuntime;
	let comms: Comms;

	beforeAll(async () => {
		nr = await step(undefined, `installing the tarball into Node-RED ${major} and starting it`, () => harness.startNodeRed({ major, packages: [tarball] }));
		await step(nr, 'deploying the examples', () => harness.deployFlows(nr.url, flows()));
		comms = await step(nr, 'opening the editor websocket', () => harness.openComms(nr.url));
	});

	afterAll(async () => {
		comms?.close();
		await nr?.stop();
	});

	it('GET /nodes lists the three node types, loaded without error', async () => {
		const sets = await step(nr, 'requireModuleLoaded', () => harness.requireModuleLoaded(nr.url, MODULE));
		expect(sets.flatMap((s) => s.types).sort()).toEqual([...TYPES].sort());
		expect(sets.every((s) => s.enabled && s.err === undefined)).toBe(true);
		// 4.x on this machine's Node (20), 5.x on the Node 24 binary from the npm registry, and the floor exactly
		// on what package.json claims as the lowest Node-RED and Node.
		const nodeVersion = execFileSync(nr.nodeBin, ['--version'], { encoding: 'utf8' }).trim();
		if (major === 'floor') {
			const claims = JSON.parse(fs.readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8'));
			expect(nr.version).toBe(claimedFloor(claims['node-red'].version));
			expect(nodeVersion).toBe(`v${claimedFloor(claims.engines.node)}`);
		} else {
			expect(nr.version.startsWith(`${major}.`)).toBe(true);
			expect(nodeVersion.split('.')[0]).toBe(major === 5 ? 'v24' : process.version.split('.')[0]);
		}
		// The editor gets the generated HTML (operation picker data) and the help in both languages.
		const html = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } })).text();
		expect(html).toContain('"id":"plan.renew"');
		expect(html).toContain('data-help-name="linksfield-cube"');
		const zh = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html', 'Accept-Language': 'zh-CN' } })).text();
		expect(zh).toContain('使用中的订单');
	});

	it('the config node\'s Test button: OK with the deployed secret, the setting that works on an ms-only server (the deployed secret refused there), the vendor\'s answer to a wrong secret', async () => {
		const html = await (await fetch(`${nr.url}/nodes`, { headers: { Accept: 'text/html' } })).text();
		expect(html).toContain('id="linksfield-cube-config-test"');
		const config = flows().find((n) => n.type === 'linksfield-cube-config')!;
		const press = async (values: Record<string, unknown>) => {
			const res = await fetch(`${nr.url}/linksfield-cube-config/${config.id}/test`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(values) });
			const text = await res.text();
			expect(text).not.toContain(ACCOUNT.secret);
			return { status: res.status, report: JSON.parse(text) };
		};
		// An untouched password field comes back as Node-RED's placeholder: the deployed secret is tested.
		const dialog = { environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: '5', rateLimit: '0', timestampUnit: 's', keyOrder: 'sorted', escapeNonAscii: false, accessCode: ACCOUNT.accessCode, secret: '__PWRD__' };
		const ok = await step(nr, 'POST the Test endpoint', () => press(dialog));
		expect(ok).toMatchObject({ status: 200, report: { ok: true, configuredWork: true, simCount: expect.any(Number) } });
		expect(ok.report.summary).toMatch(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
		const msOnly = await startSimulator({ port: 0, seed: 'demo', accounts: [ACCOUNT], timestampUnit: 'ms', timestampStrict: true });
		try {
			// The deployed secret signs only for the deployed base URL: another server needs the secret typed in.
			expect(await press({ ...dialog, baseUrl: msOnly.url })).toMatchObject({ status: 400, report: { ok: false, summary: expect.stringMatching(/saved secret is used only with the saved environment/) } });
			expect(msOnly.admin.requests()).toHaveLength(0);
			const found = await press({ ...dialog, baseUrl: msOnly.url, secret: ACCOUNT.secret });
			expect(found.report).toMatchObject({ ok: true, configuredWork: false, changes: [{ setting: 'timestampUnit', value: 'ms' }] });
		} finally {
			await msOnly.close();
		}
		const wrong = await press({ ...dialog, secret: 'typed-wrong-secret' });
		expect(wrong.report.ok).toBe(false);
		expect(wrong.report.summary).toMatch(/1001 Invalid signature\. .*the Secret is most likely wrong/);
	});

	it('the headline example renews the one SIM nearly out of data, exactly once', async () => {
		const target = await oneSimNearlyOut(sim, ACCOUNT);
		const res = await step(nr, `POST ${HEADLINE_PATH}`, () => fetch(`${nr.url}${HEADLINE_PATH}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }));
		const body = await res.text();
		await step(nr, `checking the answer of ${HEADLINE_PATH} (${res.status} ${body})`, () => {
			expect(res.status).toBe(200);
			expect(JSON.parse(body)).toMatchObject({ order_id: target.orderId, order_expire_date: expect.any(String) });
		});
		// Let any stray second renewal arrive before counting.
		await new Promise((r) => setTimeout(r, 500));
		const counters = sim.admin.counters();
		expect(counters.renewalsByOrder).toEqual({ [target.orderId]: 1 });
		expect(counters.requestsByPath['/flow/queryDeviceFlowUsage']).toBe(target.fleet.length);
		expect(sim.admin.order(target.orderId).renewCount).toBe(1);
	});

	it('callback-in: a callback signed by the simulator is emitted; a forged one gets 401 and emits nothing', async () => {
		const callbacks = example('callback-warning-switch');
		const path = byName(callbacks, 'Linksfield callbacks').path;
		const noPlan = byName(callbacks, '1 · no plan purchased').id;
		const expired = byName(callbacks, '3 · plan expired').id;
		sim.admin.setCallbackUrl(`${nr.url}${path}`);
		const debugFrom = (id: string) => comms.messages.filter((m) => m.topic === 'debug' && m.data?.id === id);

		const forged = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: SIM, warningCode: '3' }], forge: true });
		const unsigned = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: SIM, warningCode: '3' }], unsigned: true });
		const valid = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: SIM, warningCode: '1' }] });
		await step(nr, 'the simulator\'s deliveries', () => {
			expect(forged).toMatchObject({ status: 401, delivered: false });
			expect(unsigned).toMatchObject({ status: 401, delivered: false });
			expect(valid).toMatchObject({ status: 200, delivered: true });
		});
		await step(nr, 'waiting for the debug message of the valid callback', () => comms.waitFor((m) => m.topic === 'debug' && m.data?.id === noPlan, 10_000));
		expect(debugFrom(noPlan)).toHaveLength(1);
		expect(debugFrom(noPlan)[0].data.msg).toContain('"warningCode":"1"');
		expect(debugFrom(expired)).toHaveLength(0);
	});
	it('current API: every operation once through the action node, as the config node\'s API has them', async () => {
		sim.admin.reset({ seed: 'demo' });
		sim.admin.current.resetCounters();
		const month = new Date(sim.admin.clock().now).toISOString().slice(0, 7);
		const done = new Set<string>();
		const ok = async (operation: string, params: Record<string, unknown>) => {
			const { status, body } = await step(nr, `POST ${CURRENT_OPS_PATH} ${operation}`, () => runCurrent(nr, operation, params));
			if (status !== 200) throw new Error(`${operation}: HTTP ${status} ${JSON.stringify(body)}`);
			done.add(operation);
			return body;
		};
		const fleet = await ok('current.sim.getMany', {});
		expect(fleet.length).toBeGreaterThan(10);
		expect(fleet.find((s: { sim_id: string }) => s.sim_id === SIM_IN_USE)).toMatchObject({ bundleId: expect.any(String), percentUsed: expect.any(Number) });
		expect(await ok('current.sim.get', { sim_id: SIM_IN_USE })).toMatchObject({ sim_id: SIM_IN_USE, bundlesInUse: 1 });
		await ok('current.sim.getStatus', { sim_id: SIM_IN_USE });
		await ok('current.bundle.getMany', { sim_id: SIM_IN_USE });
		expect(await ok('current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '2', begin_from: month, end_by: month })).toMatchObject({ sim_id: SIM_IN_USE });
		await ok('current.usage.getAccumulated', { sim_id: SIM_IN_USE });
		await ok('current.sms.getSent', { sim_id: SIM_IN_USE, status: '4' });
		await ok('current.sms.getReceived', { sim_id: SIM_IN_USE });
		const added = await ok('current.bundle.add', { sim_id: SIM_IN_USE, bundle_id: PLAN_1GB.package_code, bundle_type: '10', cycles: '1', activate: 'false' });
		expect(added).toMatchObject({ status: 'done', orderId: expect.any(String) });
		expect(await ok('current.bundle.cancel', { sim_id: SIM_IN_USE, mode: 'bundle', order_id: added.orderId })).toMatchObject({ status: 'pending', requestId: expect.any(String) });
		const suspended = await ok('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
		expect(suspended).toMatchObject({ status: 'pending', requestId: expect.any(String) });
		expect(await ok('current.sim.getAsyncResult', { request_id: suspended.requestId })).toMatchObject({ request_id: suspended.requestId });
		expect(await ok('current.sim.activate', { sim_id: SIM_UNENABLED_ONLY })).toMatchObject({ status: 'pending' });
		expect(await ok('current.sim.resume', { sim_id: SIM_PAUSED })).toMatchObject({ status: 'pending' });
		expect(await ok('current.sms.send', { sim_ids: [SIM_IN_USE], 'message.type': '1', 'message.content': 'hello from Node-RED' })).toMatchObject({ status: 'pending', jobId: expect.any(String) });
		expect([...done].sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
		const counters = sim.admin.current.counters();
		expect(counters).toMatchObject({ bundlesAddedBySim: { [SIM_IN_USE]: 1 }, smsSent: 1, rejectedSignatures: 0, rateLimited: 0, concurrencyLimited: 0 });
		// A legacy operation on the current config node: refused before sending, with the plain msg.error.
		const refused = await runCurrent(nr, 'usage.get', { device_id: SIM_IN_USE });
		expect(refused).toMatchObject({ status: 500, body: { kind: 'validation', outcome: 'failed', field: 'msg.operation' } });
		sim.admin.current.finishJobs();
	});

	it('current API: the config node\'s Test button — OK with the deployed key pair, another key pair named as the key pair', async () => {
		const press = async (values: Record<string, unknown>) => {
			const res = await fetch(`${nr.url}/linksfield-cube-config/e2e-cur-cfg/test`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(values) });
			const text = await res.text();
			for (const line of CURRENT.privateKey.split('\n').slice(1, 4)) expect(text).not.toContain(line);
			return { status: res.status, report: JSON.parse(text) };
		};
		const dialog = { api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', timeout: '5', rateLimit: '10', keyId: CURRENT.keyId, privateKey: '__PWRD__' };
		const ok = await step(nr, 'POST the Test endpoint (current API)', () => press(dialog));
		expect(ok).toMatchObject({ status: 200, report: { ok: true, configuredWork: true, simCount: expect.any(Number) } });
		const other = fs.readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8');
		const wrong = await press({ ...dialog, privateKey: other });
		expect(wrong.report.ok).toBe(false);
		expect(wrong.report.settings[0]).toBe('privateKey');
		expect(wrong.report.summary).toMatch(/“Private key” is the private half of the key pair/);
	});

	it('current API: a notification signed by the simulator reaches callback-in and its SIM is looked up; forged and stale ones get 401', async () => {
		const webhook = example('current-webhook-sim-lookup');
		const path = byName(webhook, 'Linksfield notifications').path;
		const lookedUp = byName(webhook, 'SIM of the notification').id;
		sim.admin.reset({ seed: 'demo' });
		sim.admin.current.setNotificationUrl(`${nr.url}${path}`);
		const debugFrom = (id: string) => comms.messages.filter((m) => m.topic === 'debug' && m.data?.id === id);
		const before = debugFrom(lookedUp).length;
		const forged = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_IN_USE, thresholdPercent: 80, forge: true });
		const unsigned = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_IN_USE, thresholdPercent: 80, unsigned: true });
		const stale = signNotification({ keyId: CURRENT.notificationKeyId, key: CURRENT.notificationKey, body: { event: 'usage', sim_id: SIM_IN_USE }, timestamp: Date.now() - 11 * 60_000 });
		const staleRes = await fetch(`${nr.url}${path}`, { method: 'POST', headers: stale.headers, body: stale.body });
		const valid = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_IN_USE, thresholdPercent: 90 });
		await step(nr, 'the simulator\'s deliveries', () => {
			expect(forged).toMatchObject({ status: 401, delivered: false });
			expect(unsigned).toMatchObject({ status: 401, delivered: false });
			expect(staleRes.status).toBe(401);
			expect(valid).toMatchObject({ status: 200, delivered: true });
		});
		await step(nr, 'waiting for the looked-up SIM of the valid notification', () => comms.waitFor((m) => m.topic === 'debug' && m.data?.id === lookedUp && debugFrom(lookedUp).length > before, 10_000));
		await new Promise((r) => setTimeout(r, 300));
		expect(debugFrom(lookedUp).length - before).toBe(1);
		expect(debugFrom(lookedUp).at(-1)!.data.msg).toContain(`"sim_id":"${SIM_IN_USE}"`);
		sim.admin.current.setNotificationUrl(null);
	});

	it('the current example runs to its end: the bundle in use added once to each SIM at 90 % or more, its result waited for', async () => {
		const flow = example('current-usage-add-bundle');
		const added = byName(flow, 'bundle added').id;
		const failed = byName(flow, 'error (code, message, outcome)').id;
		const { iccids, fleet } = await twoSimsNearlyOut(sim, ACCOUNT);
		const debugFrom = (id: string) => comms.messages.filter((m) => m.topic === 'debug' && m.data?.id === id);
		const before = { added: debugFrom(added).length, failed: debugFrom(failed).length };
		await step(nr, 'pressing the example\'s inject', () => harness.inject(nr.url, byName(flow, 'every hour').id));
		await step(nr, 'waiting for a result per SIM at 90 %', () => comms.waitFor(() => debugFrom(added).length - before.added >= iccids.length || debugFrom(failed).length > before.failed, 30_000));
		// Let any stray second add arrive before counting.
		await new Promise((r) => setTimeout(r, 500));
		expect(debugFrom(failed).slice(before.failed).map((m) => m.data.msg)).toEqual([]);
		const results = debugFrom(added).slice(before.added).map((m) => JSON.parse(m.data.msg));
		expect(results).toHaveLength(iccids.length);
		for (const r of results) expect(r).toMatchObject({ status: 'succeeded', operation: 'current.bundle.add', requestId: expect.any(String) });
		const counters = (await (await fetch(`${sim.url}/_sim/current/counters`)).json()) as { bundlesAddedBySim: Record<string, number> };
		expect(counters.bundlesAddedBySim).toEqual(Object.fromEntries(iccids.map((iccid) => [iccid, 1])));
		expect(counters).toMatchObject({ rejectedSignatures: 0, rateLimited: 0, concurrencyLimited: 0 });
		// The fleet came from SIM pages, never one request per SIM.
		const requests = sim.admin.counters().requestsByPath;
		expect(requests['/cube/v4/sims']).toBe(Math.ceil(fleet.length / 100));
		for (const iccid of fleet) expect(requests[`/cube/v4/sims/${iccid}`]).toBeUndefined();
	});
});
