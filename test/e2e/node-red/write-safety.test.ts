import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_EXAMPLE_ORDER, DEMO_ICCIDS, DEMO_PLAN_ORDER, DEMO_SIMS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { NODE_RED_MATRIX, nodeRed as h, packPackage, startAnswerRewriter, TEST_ACCOUNT, until, withoutBulkOrderEntries, type AnswerRewriter, type Comms, type FlowNode, type NodeRedRuntime } from '@linksfield-cube/testkit';

/**
 * Money safety of the action node in a real Node-RED (4.1.x on Node 20, 5.x on Node 24, and the lowest claimed
 * pair, 4.1.0 on Node 20.3.0), the packed package installed from its tarball: a Catch node wired back into Renew
 * renews once, one wired back into Bulk Order does not order a SIM the answer left out again (nor the list); a redeploy during a write is reported; Get Many in array mode with a wrong secret reaches Catch
 * with a red status; and the precedence matrix — the node's own field (str / num / msg / env / empty) against a
 * msg value (present / absent) for the ICCID, the order and a msg.params field — read from the simulator's request
 * log, one warning per deploy.
 */

jest.setTimeout(10 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-write-secret' };
const RENEW = '/package/renewPackage';
const USAGE = '/flow/queryDeviceFlowUsage';
const ORDER = '/package/orderPackage';
const SIM_A = DEMO_SIMS.inUse;
const SIM_B = DEMO_SIMS.noPlan;
const OTHER_SIM = DEMO_ICCIDS[0];
const BULK = '/package/batchOrderPackages';
/** A bulk order of these two, whose answer leaves LEFT_OUT out: the core reports that SIM with outcome unknown. */
const [ORDERED, LEFT_OUT] = [DEMO_SIMS.noPlan, DEMO_SIMS.noPlan2];

let sim: RunningSimulator;
let rewriter: AnswerRewriter;
let work: string;
let tarball: string;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-nr-writes-'));
	tarball = packPackage(path.join(ROOT, 'packages', 'node-red'), work);
	sim = await startSimulator({ port: 0, seed: 'demo', accounts: [ACCOUNT], callbackRetries: 0 });
	rewriter = await startAnswerRewriter(sim.url, withoutBulkOrderEntries([LEFT_OUT]));
});

afterAll(async () => {
	await rewriter?.close();
	await sim?.close();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

type Typed = { value: string; type: string };
type Setting = 'str' | 'num' | 'msg' | 'env' | 'empty';

/** One precedence cell: a node set up one way, and whether the message carries a different value. */
interface Cell {
	name: string;
	field: string;
	path: string;
	setting: Setting;
	msgPresent: boolean;
	node: Record<string, unknown>;
	/** Properties the test's function node puts on the message. */
	msg: Record<string, unknown>;
	/** What the request log must show for the field (undefined: refused, nothing sent). */
	expected?: string;
}

const ENV_NAMES: Record<string, string> = { device_id: 'LF_E2E_ICCID', order_id: 'LF_E2E_ORDER', renew_period: 'LF_E2E_PERIOD' };

function cells(otherOrder: string): Cell[] {
	const fields = [
		{ field: 'device_id', operation: 'usage.get', path: USAGE, nodeValue: SIM_A, msgValue: OTHER_SIM, carry: 'iccid', others: {}, settings: ['str', 'msg', 'env', 'empty'] as Setting[] },
		{ field: 'order_id', operation: 'plan.renew', path: RENEW, nodeValue: DEMO_EXAMPLE_ORDER, msgValue: otherOrder, carry: 'orderId', others: { renew_period: { value: '1', type: 'num' } }, settings: ['str', 'msg', 'env', 'empty'] as Setting[] },
		{ field: 'renew_period', operation: 'plan.renew', path: RENEW, nodeValue: '2', msgValue: '3', carry: 'params', others: { order_id: { value: DEMO_EXAMPLE_ORDER, type: 'str' } }, settings: ['num', 'msg', 'env', 'empty'] as Setting[] },
	];
	return fields.flatMap((f) =>
		f.settings.flatMap((setting) =>
			[true, false].map((msgPresent): Cell => {
				const typed: Typed =
					setting === 'msg' ? { value: 'fromFlow', type: 'msg' } : setting === 'env' ? { value: ENV_NAMES[f.field], type: 'env' } : setting === 'empty' ? { value: '', type: f.field === 'renew_period' ? 'num' : 'str' } : { value: f.nodeValue, type: setting };
				const msg: Record<string, unknown> = { fromFlow: f.nodeValue };
				if (msgPresent) msg[f.carry] = f.carry === 'params' ? { renew_period: Number(f.msgValue) } : f.msgValue;
				return {
					name: `cell-${f.field}-${setting}-${msgPresent ? 'msg' : 'nomsg'}`,
					field: f.field,
					path: f.path,
					setting,
					msgPresent,
					node: { operation: f.operation, params: { ...f.others, [f.field]: typed } },
					msg,
					expected: setting !== 'empty' ? f.nodeValue : msgPresent ? f.msgValue : undefined,
				};
			}),
		),
	);
}

const PLAN_FIELDS = Object.fromEntries(Object.entries(DEMO_PLAN_ORDER).map(([k, v]) => [k, { value: String(v), type: k === 'package_type' ? 'cube-option' : 'str' }]));

function flows(matrix: Cell[], otherOrder: string): FlowNode[] {
	let y = 0;
	const at = () => ({ z: 'tab', x: 200, y: (y += 40) });
	const cube = (id: string, props: Record<string, unknown>, wires: string[][], cfg = 'cfg') => ({ id, name: id, type: 'linksfield-cube', cube: cfg, ...at(), wires, ...props });
	/** http in → (function: the JSON body becomes msg properties) → first; first's result answers 200, a Catch answers 500. */
	const endpoint = (url: string, first: string) => [
		{ id: `in-${first}`, type: 'http in', url, method: 'post', upload: false, swaggerDoc: '', ...at(), wires: [[`fn-${first}`]] },
		{ id: `fn-${first}`, type: 'function', func: 'Object.assign(msg, msg.payload); delete msg.payload; return msg;', outputs: 1, libs: [], ...at(), wires: [[first]] },
	];
	const ok = { id: 'ok', type: 'http response', statusCode: '200', headers: {}, ...at(), wires: [] };
	const failed = { id: 'failed', type: 'http response', statusCode: '500', headers: {}, ...at(), wires: [] };
	const matrixNodes = matrix.flatMap((c) => [...endpoint(`/p/${c.name}`, c.name), cube(c.name, c.node, [['ok']])]);
	const renewLoop = { order_id: { value: 'orderId', type: 'msg' }, renew_period: { value: '1', type: 'num' } };
	return [
		{
			id: 'tab',
			type: 'tab',
			label: 'write safety',
			env: [
				{ name: ENV_NAMES.device_id, value: SIM_A, type: 'str' },
				{ name: ENV_NAMES.order_id, value: DEMO_EXAMPLE_ORDER, type: 'str' },
				{ name: ENV_NAMES.renew_period, value: '2', type: 'str' },
			],
		},
		{ id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 30, rateLimit: 0, credentials: ACCOUNT },
		{ id: 'cfg-left-out', type: 'linksfield-cube-config', environment: 'custom', baseUrl: rewriter.url, language: 'en-US', timeout: 30, rateLimit: 0, credentials: ACCOUNT },
		{ id: 'cfg-bad', type: 'linksfield-cube-config', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 30, rateLimit: 0, credentials: { ...ACCOUNT, secret: 'not-the-secret' } },
		ok,
		failed,
		// Catch loop: a Catch node scoped to Renew, wired straight back into it (and answering the HTTP request).
		...endpoint('/catch-loop', 'loop-renew'),
		cube('loop-renew', { operation: 'plan.renew', params: renewLoop }, [['ok']]),
		{ id: 'loop-catch', type: 'catch', scope: ['loop-renew'], uncaught: false, ...at(), wires: [['loop-renew', 'failed']] },
		// Catch loops into Bulk Order through an answer that leaves a SIM out: the ICCIDs from msg.iccid, or in the node.
		...(['msg', 'node'] as const).flatMap((list) => [
			...endpoint(`/bulk-loop-${list}`, `bulk-${list}`),
			cube(`bulk-${list}`, { operation: 'plan.bulkOrder', params: { ...PLAN_FIELDS, deviceList: { value: list === 'node' ? `${ORDERED},${LEFT_OUT}` : '', type: 'str' } } }, [[]], 'cfg-left-out'),
			{ id: `bulk-${list}-catch`, type: 'catch', scope: [`bulk-${list}`], uncaught: false, ...at(), wires: [[`bulk-${list}`, 'failed']] },
		]),
		// A write in flight during a redeploy.
		...endpoint('/redeploy', 'slow-renew'),
		cube('slow-renew', { operation: 'plan.renew', params: renewLoop }, [['ok']]),
		// Get Many in array mode with a wrong secret.
		...endpoint('/many', 'many'),
		cube('many', { operation: 'usage.getMany', manyOutput: 'array', params: { device_ids: { value: 'sims', type: 'msg' } } }, [['ok']], 'cfg-bad'),
		// The two money cases: usage of SIM A, then a node set up for SIM B / for another order.
		...endpoint('/usage-then-order', 'usage-a'),
		cube('usage-a', { operation: 'usage.get', params: { device_id: { value: SIM_A, type: 'str' } } }, [['order-b']]),
		cube('order-b', { operation: 'plan.order', params: { device_id: { value: SIM_B, type: 'str' }, ...PLAN_FIELDS } }, [['ok']]),
		...endpoint('/usage-then-renew', 'usage-a2'),
		cube('usage-a2', { operation: 'usage.get', params: { device_id: { value: SIM_A, type: 'str' } } }, [['renew-x']]),
		cube('renew-x', { operation: 'plan.renew', params: { order_id: { value: otherOrder, type: 'str' }, renew_period: { value: '1', type: 'num' } } }, [['ok']]),
		...matrixNodes,
		{ id: 'catch-all', type: 'catch', scope: null, uncaught: true, ...at(), wires: [['failed']] },
	];
}

describe.each(NODE_RED_MATRIX)('%s', (_title, major) => {
	let nr: NodeRedRuntime;
	let comms: Comms;
	let otherOrder: string;
	let matrix: Cell[];

	const post = async (url: string, body: unknown = {}, signal?: AbortSignal) => {
		const res = await fetch(`${nr.url}${url}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), signal });
		return { status: res.status, text: await res.text() };
	};
	/** Log lines a node wrote at a level, e.g. `[warn] [linksfield-cube:cell-…] …`. */
	const logLines = (level: 'warn' | 'error', name: string) => nr.logs().split('\n').filter((l) => l.includes(`[${level}] [linksfield-cube:${name}]`));

	beforeAll(async () => {
		sim.admin.reset({ seed: 'demo' });
		otherOrder = sim.admin.sim(OTHER_SIM).orders[0].orderCode;
		matrix = cells(otherOrder);
		nr = await h.startNodeRed({ major, packages: [tarball], startTimeoutMs: 120_000 });
		await h.requireModuleLoaded(nr.url, '@linksfield-cube/node-red');
		await h.deployFlows(nr.url, flows(matrix, otherOrder));
		comms = await h.openComms(nr.url);
	});

	afterAll(async () => {
		comms?.close();
		await nr?.stop();
	});

	beforeEach(() => {
		sim.admin.reset({ seed: 'demo' });
	});

	it('a Catch node wired back into Renew after an unknown outcome: exactly one renewal, the repeat refused', async () => {
		sim.admin.addFault({ kind: 'reset', path: RENEW, after: true, count: 1 });
		const res = await post('/catch-loop', { orderId: DEMO_EXAMPLE_ORDER });
		expect(res.status).toBe(500);
		await until('the looped renewal to be refused', () => logLines('error', 'loop-renew').some((l) => l.includes('Not sent')), 10_000);
		await new Promise((r) => setTimeout(r, 500));
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [DEMO_EXAMPLE_ORDER]: 1 });
		expect(sim.admin.requests({ path: RENEW })).toHaveLength(1);
		expect(logLines('error', 'loop-renew').filter((l) => l.includes('Not sent'))).toHaveLength(1);
	});

	it.each(['msg', 'node'] as const)('a Catch node wired back into Bulk Order (ICCIDs from the %s): the SIM the answer left out is not ordered again, nor is the list', async (list) => {
		const orders = () => [ORDERED, LEFT_OUT].map((iccid) => sim.admin.sim(iccid).orders.length);
		const before = orders();
		const res = await post(`/bulk-loop-${list}`, list === 'msg' ? { iccid: `${ORDERED},${LEFT_OUT}` } : {});
		expect(res.status).toBe(500);
		const refusal = await until('the looped bulk order to be refused', () => logLines('error', `bulk-${list}`).find((l) => l.includes('Not sent')), 10_000);
		expect(refusal).toContain(`plan.bulkOrder (device_id ${LEFT_OUT}) ended with outcome unknown`);
		await new Promise((r) => setTimeout(r, 500));
		expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
		expect(orders()).toEqual(before.map((n) => n + 1));
	});

	it('a redeploy while a renewal is in flight is reported with outcome unknown, naming the order', async () => {
		sim.admin.addFault({ kind: 'timeout', path: RENEW, after: true, count: 1 });
		const abort = new AbortController();
		const pending = post('/redeploy', { orderId: DEMO_EXAMPLE_ORDER }, abort.signal).catch(() => undefined);
		await until('the slow renewal to reach the simulator', () => sim.admin.requests({ path: RENEW }).length === 1, 10_000);
		await h.deployFlows(nr.url, flows(matrix, otherOrder));
		const line = await until('the slow renewal to report an unknown outcome', () => logLines('error', 'slow-renew').find((l) => l.includes('outcome unknown')), 10_000);
		expect(line).toContain(`plan.renew (order_id ${DEMO_EXAMPLE_ORDER}) was in flight`);
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [DEMO_EXAMPLE_ORDER]: 1 });
		abort.abort();
		await pending;
		sim.admin.clearFaults();
	});

	it('Get Many in array mode with a wrong secret: the failures reach Catch, the status is red with the counts', async () => {
		const res = await post('/many', { sims: [SIM_A, OTHER_SIM] });
		expect(res.status).toBe(500);
		const status = await comms.waitFor((m) => m.topic === 'status/many' && /failed/.test(m.data?.text ?? ''), 10_000);
		expect(status.data).toMatchObject({ fill: 'red', text: '0 ok, 2 failed' });
	});

	it('money case: usage of SIM A → an order node set up for SIM B orders for B', async () => {
		expect((await post('/usage-then-order')).status).toBe(200);
		expect(sim.admin.requests({ path: ORDER }).map((r) => (r.body as Record<string, unknown>).device_id)).toEqual([SIM_B]);
		expect(logLines('warn', 'order-b').filter((l) => l.includes('(device_id)') && l.includes('msg.iccid'))).toHaveLength(1);
	});

	it('money case: usage → a renew node set to order X renews X', async () => {
		expect((await post('/usage-then-renew')).status).toBe(200);
		expect(sim.admin.requests({ path: RENEW }).map((r) => (r.body as Record<string, unknown>).order_id)).toEqual([otherOrder]);
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [otherOrder]: 1 });
	});

	it('the precedence matrix: the node\'s own field wins, msg fills only empty fields, one warning per deploy on conflict', async () => {
		const wrong: string[] = [];
		for (const cell of matrix) {
			sim.admin.clearRequests();
			// Twice: the second message must not warn again.
			for (let i = 0; i < 2; i++) await post(`/p/${cell.name}`, cell.msg);
			const sent = sim.admin.requests({ path: cell.path }).map((r) => String((r.body as Record<string, unknown>)[cell.field]));
			const want = cell.expected === undefined ? [] : [cell.expected, cell.expected];
			if (JSON.stringify(sent) !== JSON.stringify(want)) wrong.push(`${cell.name}: sent ${JSON.stringify(sent)}, expected ${JSON.stringify(want)}`);
			const warnings = logLines('warn', cell.name).filter((l) => l.includes(`(${cell.field})`)).length;
			const conflict = cell.setting !== 'empty' && cell.msgPresent;
			if (warnings !== (conflict ? 1 : 0)) wrong.push(`${cell.name}: ${warnings} warnings`);
		}
		expect(wrong).toEqual([]);
	});
});
