import { DEMO_ICCIDS, type RunningSimulator } from '@linksfield-cube/simulator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { callbackMatrix, expectedQueries, foreignAnswers, sendAttempts, wrongStatuses, type AttemptResult } from '../../faults/callback-matrix';
import { FLEET_MEMORY_BOUND, fleetWarning, peakGrowth, resetPeak } from '../../faults/fleet-callback';
import { CANARY_CREDENTIALS, CANARY_NOTIFICATION_SECRET, CANARY_SIMULATOR, LeakCollector } from '../../faults/leak-canary';
import { NODE_RED_MATRIX, nodeRed as h, packPackage, startInFlightProxy, startTestSimulator, until, type Comms, type FlowNode, type InFlightProxy, type NodeRedRuntime } from '@linksfield-cube/testkit';

/**
 * Issue 7's fault/abuse suite in a real Node-RED (the packed package, installed by the harness): the forged /
 * replayed / oversized / wrong-method callback matrix against the callback-in node, a redeploy while a
 * fan-out of usage requests is waiting on a slow simulator, and no secret in anything the runtime said. And (issue 20)
 * a callback path of the editor's own (/flows, /auth/token) is refused at deploy, in each Node-RED of the matrix.
 */

jest.setTimeout(5 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const MAJOR = Number(process.env.LINKSFIELD_ABUSE_NODE_RED ?? 4) as 4 | 5;
const CALLBACK_PATH = '/abuse/callbacks';
const FLEET_PATH = '/abuse/fleet';
const USAGE = '/flow/queryDeviceFlowUsage';
/** The fan-out's SIMs (more than its concurrency, so most are still queued when the redeploy comes) and the split's. */
const FLEET = DEMO_ICCIDS.slice(0, 40);
const FAN_CONCURRENCY = 8;
const SPLIT = DEMO_ICCIDS.slice(0, 20);

let sim: RunningSimulator;
let proxy: InFlightProxy;
let nr: NodeRedRuntime;
let comms: Comms;
let work: string;
let tarball: string;
const leaks = new LeakCollector();
const responses: AttemptResult[] = [];

const debugOf = (id: string) => comms.messages.filter((m) => m.topic === 'debug' && m.data?.id === id);
const queried = (iccids?: string[]) =>
	sim.admin
		.requests({ path: USAGE })
		.map((r) => (r.body as { device_id: string }).device_id)
		.filter((id) => !iccids || iccids.includes(id));
const tally = (ids: string[]) => ids.reduce<Record<string, number>>((t, id) => ({ ...t, [id]: (t[id] ?? 0) + 1 }), {});

function flows(label: string): FlowNode[] {
	const debug = (id: string) => ({ id, z: 'tab', type: 'debug', name: id, active: true, tosidebar: true, console: false, complete: 'true', x: 600, y: 100, wires: [] });
	const usage = (id: string, device: { type: string; value: string }, wires: string[], extra: Record<string, unknown> = {}) => ({
		id,
		z: 'tab',
		type: 'linksfield-cube',
		cube: 'cfg',
		operation: 'usage.get',
		params: { device_id: device },
		x: 400,
		y: 100,
		wires: [wires],
		...extra,
	});
	return [
		{ id: 'tab', type: 'tab', label },
		{ id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: proxy.url, language: 'en-US', timeout: 30, rateLimit: 0, credentials: CANARY_CREDENTIALS },
		// Callbacks: every emitted event queries its SIM's usage, so the simulator's log shows what ran.
		{ id: 'cb-in', z: 'tab', type: 'linksfield-cube-in', cube: 'cfg', path: CALLBACK_PATH, events: [], x: 100, y: 100, wires: [['cb-usage', 'cb-debug']] },
		usage('cb-usage', { type: 'msg', value: 'iccid' }, ['usage-debug']),
		debug('cb-debug'),
		debug('usage-debug'),
		// Load: one fan-out of the whole fleet, and a split into one message (and one request) per SIM.
		{ id: 'fan', z: 'tab', type: 'inject', props: [{ p: 'payload' }], payload: JSON.stringify(FLEET), payloadType: 'json', repeat: '', once: false, x: 100, y: 200, wires: [['fan-usage']] },
		{ id: 'fan-usage', z: 'tab', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.getMany', params: { device_ids: { type: 'msg', value: 'payload' } }, manyOutput: 'array', concurrency: FAN_CONCURRENCY, x: 300, y: 200, wires: [['load-debug']] },
		{ id: 'each', z: 'tab', type: 'inject', props: [{ p: 'payload' }], payload: JSON.stringify(SPLIT), payloadType: 'json', repeat: '', once: false, x: 100, y: 300, wires: [['split']] },
		{ id: 'split', z: 'tab', type: 'split', splt: '\\n', spltType: 'str', arraySplt: 1, arraySpltType: 'len', stream: false, addname: '', x: 200, y: 300, wires: [['each-usage']] },
		usage('each-usage', { type: 'msg', value: 'payload' }, ['load-debug'], { y: 300 }),
		debug('load-debug'),
		// One SIM the simulator does not know: an error for the Catch node (and for the leak check).
		{ id: 'unknown', z: 'tab', type: 'inject', props: [{ p: 'payload' }], payload: '89852022018049999999', payloadType: 'str', repeat: '', once: false, x: 100, y: 400, wires: [['unknown-usage']] },
		usage('unknown-usage', { type: 'msg', value: 'payload' }, ['usage-debug'], { y: 400 }),
		{ id: 'catch', z: 'tab', type: 'catch', scope: null, uncaught: false, x: 100, y: 500, wires: [['caught']] },
		debug('caught'),
		// A fleet-sized usage warning: every message is counted (and its raw checked), GET /abuse/fleet-count reads the tally.
		{ id: 'fleet-in', z: 'tab', type: 'linksfield-cube-in', cube: 'cfg', path: FLEET_PATH, events: [], x: 100, y: 600, wires: [['fleet-count']] },
		{
			id: 'fleet-count',
			z: 'tab',
			type: 'function',
			func: "flow.set('fleet', (flow.get('fleet') || 0) + 1);\nif (msg.payload.raw.devices.length === 1 && msg.payload.raw.devices[0].deviceId === msg.iccid) flow.set('fleetOwn', (flow.get('fleetOwn') || 0) + 1);\nreturn null;",
			outputs: 1,
			x: 300,
			y: 600,
			wires: [[]],
		},
		{ id: 'fleet-get', z: 'tab', type: 'http in', url: '/abuse/fleet-count', method: 'get', x: 100, y: 700, wires: [['fleet-read']] },
		{ id: 'fleet-read', z: 'tab', type: 'function', func: "msg.payload = { count: flow.get('fleet') || 0, own: flow.get('fleetOwn') || 0 };\nreturn msg;", outputs: 1, x: 300, y: 700, wires: [['fleet-res']] },
		{ id: 'fleet-res', z: 'tab', type: 'http response', x: 500, y: 700, wires: [] },
	];
}

/** Unhandled rejections, crashes and stack traces in the runtime's output since `from`. */
function trouble(from = 0): string[] {
	return nr
		.logs()
		.slice(from)
		.split('\n')
		.filter((line) => /unhandled|uncaught|rejection|fatal|TypeError|ReferenceError|RangeError|^\s+at\s|exited with|EADDRINUSE/i.test(line));
}

beforeAll(async () => {
	sim = await startTestSimulator(CANARY_SIMULATOR);
	proxy = await startInFlightProxy(sim.url);
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nr-abuse-'));
	tarball = packPackage(path.join(ROOT, 'packages', 'node-red'), work);
	// Node-RED's defaults for the roots (keys left out): the editor and the HTTP nodes share "/", so the editor's
	// body parsers see every callback first.
	nr = await h.startNodeRed({ major: MAJOR, packages: [tarball], startTimeoutMs: 120_000, settings: { httpAdminRoot: undefined, httpNodeRoot: undefined } });
	await h.requireModuleLoaded(nr.url, '@linksfield-cube/node-red');
	await h.deployFlows(nr.url, flows('abuse'));
	comms = await h.openComms(nr.url);
	sim.admin.setCallbackUrl(`${nr.url}${CALLBACK_PATH}`);
});

afterAll(async () => {
	comms?.close();
	await nr?.stop();
	await proxy?.close();
	await sim?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('forged callbacks against the callback-in node', () => {
	test('every forged, replayed, malformed, oversized or wrong-method callback is refused and sends nothing; valid ones run the flow once', async () => {
		sim.admin.clearRequests();
		const attempts = callbackMatrix(CANARY_NOTIFICATION_SECRET, [405]);
		const results = await sendAttempts(`${nr.url}${CALLBACK_PATH}`, attempts);
		responses.push(...results);
		expect(wrongStatuses(results)).toEqual([]);
		// The node's own JSON answer every time: no HTML error page of Node-RED's body parsers.
		expect(foreignAnswers(results)).toEqual([]);
		const want = expectedQueries(attempts);
		const matrixSims = attempts.map((a) => a.iccid);
		await until('the accepted callbacks to run', () => queried(matrixSims).length >= Object.keys(want).length, 20_000).catch(() => undefined);
		// Give a wrongly emitted message time to show up before counting.
		await new Promise((r) => setTimeout(r, 1000));
		expect(tally(queried(matrixSims))).toEqual(want);
		expect(debugOf('cb-debug')).toHaveLength(Object.keys(want).length);
		expect(trouble()).toEqual([]);
		// The deeply nested body: one warning line, no stack.
		expect(nr.logs().split('\n').filter((line) => line.includes('too-deep'))).toHaveLength(1);
	});

	test('a body Node-RED\'s own JSON parser would refuse gets the node\'s answer, not Node-RED\'s HTML error page', async () => {
		const res = await fetch(`${nr.url}${CALLBACK_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lf-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, body: '{"devices":[{"deviceId":' });
		expect(res.status).toBe(400);
		expect(await res.json()).toEqual({ code: '400', message: 'invalid-json', success: false });
	});

	test('the simulator\'s own signed callback is accepted, its forged and unsigned ones refused', async () => {
		sim.admin.clearRequests();
		const before = debugOf('cb-debug').length;
		const good = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[41], warningCode: '2' }] });
		const forged = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[42], warningCode: '2' }], forge: true });
		const unsigned = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[43], unsigned: true });
		expect([good.status, forged.status, unsigned.status]).toEqual([200, 401, 401]);
		await until('the valid callback to run', () => queried().length >= 1, 10_000);
		await new Promise((r) => setTimeout(r, 500));
		expect(queried()).toEqual([DEMO_ICCIDS[41]]);
		expect(debugOf('cb-debug').length - before).toBe(1);
	});
});

describe('a usage warning listing 10,000 SIMs', () => {
	test('becomes 10,000 messages, each with its own device; the runtime survives and its memory grows linearly', async () => {
		const { body, headers } = fleetWarning(10_000, CANARY_NOTIFICATION_SECRET);
		expect(body.length).toBeLessThan(1024 * 1024);
		const logFrom = nr.logs().length;
		const before = resetPeak(nr.pid!);
		const res = await fetch(`${nr.url}${FLEET_PATH}`, { method: 'POST', headers, body, signal: AbortSignal.timeout(30_000) });
		expect(res.status).toBe(200);
		// Bounded: a runtime thrashing towards "heap out of memory" answers nothing at all.
		const tally = async () => (await (await fetch(`${nr.url}/abuse/fleet-count`, { signal: AbortSignal.timeout(5000) })).json()) as { count: number; own: number };
		await until('10,000 items to reach the debug tally', async () => (await tally()).count >= 10_000, 60_000);
		expect(await tally()).toEqual({ count: 10_000, own: 10_000 });
		const growth = peakGrowth(nr.pid!, before);
		// With the whole list on every message this was 10,000 × 869 KB: "heap out of memory".
		expect(growth).toBeLessThan(FLEET_MEMORY_BOUND);
		console.log(`Node-RED ${MAJOR}: 10,000-SIM callback of ${body.length} bytes, peak RSS growth ${(growth / 1048576).toFixed(1)} MiB`);
		expect((await fetch(`${nr.url}/settings`)).status).toBe(200);
		expect(trouble(logFrom)).toEqual([]);
	});
});

describe('redeploy under load', () => {
	test('a full redeploy while dozens of usage requests wait on a slow simulator: no crash, no unhandled rejection, the runtime still answers', async () => {
		const logFrom = nr.logs().length;
		const caughtBefore = debugOf('caught').length;
		sim.admin.addFault({ kind: 'delay', delayMs: 3000, path: USAGE });
		const startedBefore = proxy.started();
		const abortedBefore = proxy.aborted();
		await h.inject(nr.url, 'fan');
		await h.inject(nr.url, 'each');
		// Every request of both load paths waits at the proxy: the fan-out's first FAN_CONCURRENCY SIMs, and one per split message.
		const loadSize = FAN_CONCURRENCY + SPLIT.length;
		await until('every request to wait on the simulator', () => proxy.inFlight() >= loadSize, 15_000);
		const inFlightAtRedeploy = proxy.inFlight();
		await h.deployFlows(nr.url, flows('abuse, redeployed'));
		const redeployedAt = Date.now();
		// Redeploy again straight away, while the aborted requests are still being torn down.
		await h.deployFlows(nr.url, flows('abuse'));
		await until('the in-flight requests to end', () => proxy.inFlight() === 0, 20_000);
		expect(inFlightAtRedeploy).toBe(loadSize);
		// The closed nodes' requests were abandoned (not answered into the new flow, not reported as errors), and the
		// fan-out did not go on with its queued SIMs: nothing was sent after the redeploy.
		expect(proxy.aborted() - abortedBefore).toBe(loadSize);
		expect(proxy.started() - startedBefore).toBe(loadSize);
		expect(proxy.log().filter((e) => e.at >= redeployedAt)).toEqual([]);
		expect(debugOf('caught').length).toBe(caughtBefore);
		sim.admin.clearFaults();

		// Still alive and answering: admin API, a callback, a request through a fresh flow.
		expect((await fetch(`${nr.url}/settings`)).status).toBe(200);
		sim.admin.clearRequests();
		const good = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[44], warningCode: '1' }] });
		expect(good.status).toBe(200);
		await until('the usage request for the callback SIM', () => queried().includes(DEMO_ICCIDS[44]), 10_000);
		const loadBefore = debugOf('load-debug').length;
		await h.inject(nr.url, 'fan');
		await until('the fan-out to finish', () => debugOf('load-debug').length > loadBefore, 20_000);
		expect(trouble(logFrom)).toEqual([]);
	});

	test('a business error goes to the Catch node (the error path the leak check reads)', async () => {
		const before = debugOf('caught').length;
		await h.inject(nr.url, 'unknown');
		await until('the Catch node to get the error', () => debugOf('caught').length > before, 10_000);
		expect(JSON.stringify(debugOf('caught').slice(before))).toContain('2001');
	});
});

test('no secret in any log line, debug message, status or callback answer of the runtime', () => {
	leaks.add('Node-RED runtime log', nr.logs());
	leaks.add('Node-RED comms (debug, status, notifications)', comms.messages);
	leaks.add('callback answers', responses.map((r) => `${r.attempt.name}: ${r.status} ${r.body}`));
	leaks.add('flows as stored', fs.existsSync(path.join(nr.userDir, 'flows.json')) ? fs.readFileSync(path.join(nr.userDir, 'flows.json'), 'utf8') : '');
	expect(nr.logs().length).toBeGreaterThan(500);
	expect(debugOf('caught').length).toBeGreaterThan(0);
	expect(leaks.leaks()).toEqual([]);
});

describe.each(NODE_RED_MATRIX)('a callback path of the editor, with adminAuth: %s', (_title, major) => {
	const PASSWORD = 'e2e-admin-password';
	let editor: NodeRedRuntime;
	beforeAll(async () => {
		const hash = (require('bcryptjs') as { hashSync(text: string, rounds: number): string }).hashSync(PASSWORD, 8);
		// Anonymous read access lets the harness see GET /settings answer; writing needs the login.
		const adminAuth = { type: 'credentials', users: [{ username: 'admin', password: hash, permissions: '*' }], default: { permissions: 'read' } };
		editor = await h.startNodeRed({ major, packages: [tarball], startTimeoutMs: 120_000, settings: { adminAuth, httpAdminRoot: undefined, httpNodeRoot: undefined } });
	});
	afterAll(() => editor?.stop());

	const login = () =>
		fetch(`${editor.url}/auth/token`, {
			method: 'POST',
			headers: { 'Content-Type': 'application/json' },
			body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '*', username: 'admin', password: PASSWORD }),
		});
	const token = async () => {
		const res = await login();
		expect(res.status).toBe(200);
		return ((await res.json()) as { access_token: string }).access_token;
	};
	const deploy = async (flows: FlowNode[]) =>
		(
			await fetch(`${editor.url}/flows`, {
				method: 'POST',
				headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await token()}`, 'Node-RED-Deployment-Type': 'full', 'Node-RED-API-Version': 'v2' },
				body: JSON.stringify({ flows }),
			})
		).status;

	test('/flows and /auth/token are refused with an error naming them: logins and deploys keep working, the next deploy removes them', async () => {
		const callbackIn = (id: string, callbackPath: string, y: number) => ({ id, z: 'tab', type: 'linksfield-cube-in', cube: 'cfg', path: callbackPath, events: [], x: 100, y, wires: [[]] });
		const config = { id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 30, rateLimit: 0, credentials: CANARY_CREDENTIALS };
		expect(await deploy([{ id: 'tab', type: 'tab', label: 'editor paths' }, config, callbackIn('on-flows', '/flows', 100), callbackIn('on-token', '/auth/token', 200)])).toBe(200);
		// A login, and a deploy that leaves the flow empty, as the editor would make them next.
		expect(await deploy([{ id: 'tab', type: 'tab', label: 'editor paths' }])).toBe(200);
		const refusal = (id: string) => editor.logs().split('\n').find((l) => l.includes(`[linksfield-cube-in:${id}]`) && l.includes("is Node-RED's own"));
		await until('both refusals in the log', () => refusal('on-flows') && refusal('on-token'), 10_000);
		expect(refusal('on-flows')).toContain('/flows');
		expect(refusal('on-token')).toContain('/auth');
	});
});

