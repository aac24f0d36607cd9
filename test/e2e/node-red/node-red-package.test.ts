import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { NODE_RED_MATRIX, nodeRed as harness, packWithFiles, TEST_ACCOUNT, type Comms, type NodeRedRuntime } from '@linksfield-cube/testkit';
import { byName, example, oneSimNearlyOut, pointAt, type ExampleNode } from '@linksfield-cube/testkit/node-red-examples';

/**
 * The packed @linksfield-cube/node-red in a real Node-RED — 4.1.x on this machine's Node 20, 5.x on Node 24,
 * and the lowest pair package.json claims (Node-RED 4.1.0 on Node 20.3.0, both from the npm registry) —
 * installed from the tarball into a fresh user directory. The shipped examples are deployed with
 * inline credentials against the simulator running in this process; the headline flow is triggered through an
 * `http in` endpoint, and the simulator's counters say what was renewed. Callbacks are fired by the simulator
 * itself (validly signed, and forged) at the callback-in endpoint.
 */

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE_DIR = path.join(ROOT, 'packages/node-red');
const MODULE = '@linksfield-cube/node-red';
const TYPES = ['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in'];
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-secret' };
const NOTIFICATION_SECRET = 'e2e-notification-secret';
const SIM = '89852022018041800192';

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
	sim = await startSimulator({ port: 0, seed: 'demo', accounts: [ACCOUNT], notificationSecret: NOTIFICATION_SECRET, callbackRetries: 0 });
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
	return [...onTab('headline', headline), ...onTab('callbacks', pointAt(example('callback-warning-switch'), sim.url))];
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
});
