import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { startAnswerRewriter, withoutBulkOrderEntries, type AnswerRewriter } from '@linksfield-cube/testkit';
import { collect, configNode, CREDENTIALS, helper, load, NODES, PLAN_1GB, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, sleep, str, until, useSimulator, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

/**
 * Writes are never repeated by a flow (issue 10): a Catch node or the second output wired back into a renew node
 * does not renew twice after an unknown outcome; a success clears msg.error; a redeploy during a write reports it.
 * The same for a bulk order (issue 20): a SIM its answer left out is not ordered again, nor is the rest of its list.
 * The simulator's counters say what was carried out.
 */

const sim = useSimulator();

const RENEW = '/package/renewPackage';
const renewals = () => sim.admin.counters().renewalsByOrder;
const renewNode = (props: Record<string, unknown> = {}): FlowNode => ({
	id: 'renew',
	type: 'linksfield-cube',
	cube: 'cfg',
	operation: 'plan.renew',
	params: { order_id: { value: 'orderId', type: 'msg' }, renew_period: { value: '1', type: 'num' } },
	wires: [['out']],
	...props,
});

/** Everything the node logs with node.error / node.warn (done(err) also goes through node.error, with the msg). */
function logged(id: string): { errors: string[]; warnings: string[] } {
	const got = { errors: [] as string[], warnings: [] as string[] };
	const text = (arg: unknown) => (arg instanceof Error ? arg.message : String(arg));
	// On the instance, not the helper's spies: those are removed before unload() closes the nodes.
	const node = helper.getNode(id);
	const [error, warn] = [node.error, node.warn];
	node.error = (...args: unknown[]) => (got.errors.push(text(args[0])), error.apply(node, args));
	node.warn = (...args: unknown[]) => (got.warnings.push(text(args[0])), warn.apply(node, args));
	return got;
}

/** Loads a flow as it is (the fixture's load() adds a Catch node of its own; Node-RED's helper registers a type once per flow). */
async function loadFlow(nodes: FlowNode[], extraTypes: unknown[] = []): Promise<void> {
	await helper.load([...NODES, ...extraTypes], [{ id: 'tab', type: 'tab' }, ...nodes.map((n) => (n.type === 'linksfield-cube-config' ? n : { z: 'tab', x: 100, y: 100, ...n }))], CREDENTIALS);
}

/** A renew node whose Catch node (or second output) is wired straight back into it: the naive retry loop. */
async function deployLoop(via: 'catch' | 'second output'): Promise<void> {
	const nodes: FlowNode[] =
		via === 'catch'
			? [renewNode(), { id: 'retry', type: 'catch', scope: ['renew'], uncaught: false, wires: [['renew', 'errors']] }]
			: [renewNode({ errorOutput: true, outputs: 2, wires: [['out'], ['renew', 'errors']] })];
	await loadFlow([configNode(sim), ...nodes, { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
}

describe.each(['catch', 'second output'] as const)('a loop through the %s back into Renew', (via) => {
	it('renews once after an unknown outcome: the message coming back is refused, naming the earlier outcome and how to clear it', async () => {
		sim.admin.addFault({ kind: 'reset', path: RENEW, after: true, count: 1 });
		await deployLoop(via);
		const log = logged('renew');
		const outs = collect('out');
		helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER });
		await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
		await sleep(300);
		expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 1 });
		expect(sim.admin.requests({ path: RENEW })).toHaveLength(1);
		expect(outs).toEqual([]);
		const refusal = log.errors.filter((e) => e.startsWith('Not sent'));
		expect(refusal).toHaveLength(1);
		expect(refusal[0]).toMatch(/outcome unknown/);
		expect(refusal[0]).toContain(`plan.renew (order_id ${SIM_IN_USE_ORDER})`);
		expect(refusal[0]).toContain('delete msg.error');
	});

	it('a failure that was certainly not carried out may go round again; the success that follows carries no msg.error', async () => {
		sim.admin.addFault({ kind: 'business', code: '9000', path: RENEW, count: 1 });
		await deployLoop(via);
		const outs = collect('out');
		helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER, keep: 'me' });
		await until('the renewal', () => outs.length === 1);
		expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 1 });
		expect(outs[0]).toMatchObject({ keep: 'me', payload: { order_id: SIM_IN_USE_ORDER } });
		expect(outs[0].error).toBeUndefined();
		expect(outs[0]._error).toBeUndefined();
	});
});

it.each(['catch', 'second output'] as const)('an order id read from a file line (" X\\r\\n") is the same order when the loop (%s) brings it back: renewed once', async (via) => {
	sim.admin.addFault({ kind: 'reset', path: RENEW, after: true, count: 1 });
	await deployLoop(via);
	const log = logged('renew');
	// Validation trims what it sends; the failure must name the order as sent, or the guard misses the repeat.
	helper.getNode('renew').receive({ orderId: ` ${SIM_IN_USE_ORDER}\r\n` });
	await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
	await sleep(300);
	expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	expect(sim.admin.requests({ path: RENEW })).toHaveLength(1);
});

it('a permanent failure in a Catch loop ends after Node-RED\'s 10 rounds instead of going round for ever', async () => {
	await deployLoop('catch');
	helper.getNode('renew').receive({ orderId: 'NO_SUCH_ORDER' });
	await until('the loop to end', () => sim.admin.requests({ path: RENEW }).length >= 9);
	await sleep(500);
	const sent = sim.admin.requests({ path: RENEW });
	expect(sent.length).toBeLessThanOrEqual(10);
	expect(sent.every((r) => r.code === '2101')).toBe(true);
});

it('the flow may send it again once it deletes msg.error; another order is not held back', async () => {
	const other = sim.admin.sim(DEMO_ICCIDS[0]).orders[0].orderCode;
	await load([configNode(sim), renewNode({ errorOutput: true, outputs: 2, wires: [['out'], ['errors']] }), { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
	const outs = collect('out');
	const earlier = { message: 'lost', kind: 'connection', operation: 'plan.renew', outcome: 'unknown', orderId: SIM_IN_USE_ORDER };
	helper.getNode('renew').receive({ orderId: other, error: earlier });
	helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER });
	await until('both renewals', () => outs.length === 2);
	expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 1, [other]: 1 });
});

it('Catch → change (delete msg.error) → Renew: the flow decided, so it is sent again', async () => {
	sim.admin.addFault({ kind: 'reset', path: RENEW, after: true, count: 1 });
	await loadFlow(
		[
			configNode(sim),
			renewNode(),
			{ id: 'retry', type: 'catch', scope: ['renew'], wires: [['clear']] },
			{ id: 'clear', type: 'change', rules: [{ t: 'delete', p: 'error', pt: 'msg' }], wires: [['renew']] },
			{ id: 'out', type: 'helper' },
		],
		[require('@node-red/nodes/core/function/15-change.js')],
	);
	const outs = collect('out');
	helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER });
	await until('the second renewal', () => outs.length === 1);
	expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 2 });
});

describe('redeploy during a write', () => {
	it('reports the write in flight as outcome unknown, naming the order; one still queued as not sent', async () => {
		const queued = sim.admin.sim(DEMO_ICCIDS[0]).orders[0].orderCode;
		// Carried out on the server, its answer held back: the node is stopped while it waits.
		sim.admin.addFault({ kind: 'timeout', path: RENEW, after: true, count: 1 });
		await load([configNode(sim, { rateLimit: 1 }), renewNode(), { id: 'out', type: 'helper' }]);
		const log = logged('renew');
		const outs = collect('out');
		const caught = collect('caught');
		helper.getNode('renew').receive({ orderId: SIM_IN_USE_ORDER });
		helper.getNode('renew').receive({ orderId: queued });
		await until('the first renewal to reach the simulator', () => sim.admin.requests({ path: RENEW }).length === 1);
		await helper.unload();
		expect(log.errors).toEqual([expect.stringContaining(`plan.renew (order_id ${SIM_IN_USE_ORDER}) was in flight: outcome unknown`)]);
		expect(log.warnings).toEqual([expect.stringContaining(`before plan.renew (order_id ${queued}) was sent`)]);
		// The server carried the first one out although its answer never reached the flow; the second never left.
		await sleep(1200);
		expect(renewals()).toEqual({ [SIM_IN_USE_ORDER]: 1 });
		expect(outs).toEqual([]);
		expect(caught).toEqual([]);
	});

	it('a read in flight ends silently', async () => {
		sim.admin.addFault({ kind: 'delay', path: '/flow/queryDeviceFlowUsage', delayMs: 400 });
		await load([configNode(sim), { id: 'usage', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: { value: DEMO_ICCIDS[0], type: 'str' } }, wires: [['out']] }, { id: 'out', type: 'helper' }]);
		const log = logged('usage');
		helper.getNode('usage').receive({});
		await until('the query to reach the simulator', () => sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' }).length === 1);
		await helper.unload();
		expect(log).toEqual({ errors: [], warnings: [] });
	});
});

describe('a loop back into Bulk Order (issue 20)', () => {
	const BULK = '/package/batchOrderPackages';
	const [ORDERED, LEFT_OUT] = [SIM_NO_PLAN, SIM_NO_PLAN_2];
	let rewriter: AnswerRewriter;
	afterEach(() => rewriter?.close());

	const plan = Object.fromEntries(Object.entries(PLAN_1GB).map(([k, v]) => [k, str(String(v))]));
	/** A bulk order node (list in the node, or empty so msg.iccid fills it) whose failures go straight back into it. */
	async function deployBulkLoop(via: 'catch' | 'second output', list: 'node' | 'msg', extra: Record<string, unknown> = {}): Promise<void> {
		const params = { ...plan, deviceList: str(list === 'node' ? `${ORDERED},${LEFT_OUT}` : '') };
		const node: FlowNode = { id: 'bulk', type: 'linksfield-cube', cube: 'cfg', operation: 'plan.bulkOrder', params, wires: [['out']], ...extra };
		const nodes: FlowNode[] =
			via === 'catch'
				? [node, { id: 'retry', type: 'catch', scope: ['bulk'], uncaught: false, wires: [['bulk', 'errors']] }]
				: [{ ...node, errorOutput: true, outputs: 2, wires: [['out'], ['bulk', 'errors']] }];
		await loadFlow([configNode(sim, { baseUrl: rewriter.url }), ...nodes, { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
	}
	const ordersOf = (iccid: string) => sim.admin.sim(iccid).orders.length;

	describe.each(['catch', 'second output'] as const)('through the %s', (via) => {
		it.each(['msg', 'node'] as const)('a SIM the answer left out (list from the %s) is not ordered again, nor is the rest of the list', async (list) => {
			rewriter = await startAnswerRewriter(sim.url, withoutBulkOrderEntries([LEFT_OUT]));
			await deployBulkLoop(via, list);
			const before = [ordersOf(ORDERED), ordersOf(LEFT_OUT)];
			const log = logged('bulk');
			const outs = collect('out');
			const errors = collect('errors');
			helper.getNode('bulk').receive(list === 'msg' ? { iccid: `${ORDERED},${LEFT_OUT}` } : {});
			await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
			await sleep(300);
			expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
			expect([ordersOf(ORDERED), ordersOf(LEFT_OUT)]).toEqual([before[0] + 1, before[1] + 1]);
			expect(outs.map((m) => m.iccid)).toEqual([ORDERED]);
			expect(errors).toHaveLength(1);
			expect(errors[0].iccid).toBe(LEFT_OUT);
			const refusal = log.errors.filter((e) => e.startsWith('Not sent'));
			expect(refusal).toEqual([expect.stringContaining(`plan.bulkOrder (device_id ${LEFT_OUT}) ended with outcome unknown`)]);
		});

		it('a SIM that certainly failed, with the list set in the node: the loop does not order the list\'s other SIMs again', async () => {
			rewriter = await startAnswerRewriter(sim.url, (_path, answer) => answer);
			sim.admin.addFault({ kind: 'device-error', path: BULK, count: 1, iccids: [LEFT_OUT], code: '2003', message: 'SIM not orderable' });
			await deployBulkLoop(via, 'node');
			const before = ordersOf(ORDERED);
			const log = logged('bulk');
			helper.getNode('bulk').receive({});
			await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
			await sleep(300);
			expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
			expect(ordersOf(ORDERED)).toBe(before + 1);
			expect(log.errors.filter((e) => e.startsWith('Not sent'))).toEqual([expect.stringContaining(`failed for device_id ${LEFT_OUT} only, and this node would also send device_id ${ORDERED}`)]);
		});

		it('a SIM that certainly failed, the node\'s list empty: the loop orders that SIM alone again', async () => {
			rewriter = await startAnswerRewriter(sim.url, (_path, answer) => answer);
			sim.admin.addFault({ kind: 'device-error', path: BULK, count: 1, iccids: [LEFT_OUT], code: '2003', message: 'SIM not orderable' });
			await deployBulkLoop(via, 'msg');
			const before = [ordersOf(ORDERED), ordersOf(LEFT_OUT)];
			const outs = collect('out');
			helper.getNode('bulk').receive({ iccid: `${ORDERED},${LEFT_OUT}` });
			await until('both SIMs ordered', () => outs.length === 2);
			expect(sim.admin.requests({ path: BULK }).map((r) => (r.body as { deviceList: string[] }).deviceList)).toEqual([[ORDERED, LEFT_OUT], [LEFT_OUT]]);
			expect([ordersOf(ORDERED), ordersOf(LEFT_OUT)]).toEqual([before[0] + 1, before[1] + 1]);
		});
	});

	/**
	 * Bulk Order of ORDERED and LEFT_OUT as a Bulk Order node ('bulk') and as a Custom API Call to its path ('custom'),
	 * `from`'s failures looped into `to` (and the 'errors' helper) through a Catch node or the second output.
	 */
	async function loadBulkLoop(from: 'bulk' | 'custom', to: 'bulk' | 'custom', via: 'catch' | 'second output'): Promise<void> {
		const body = { ...PLAN_1GB, deviceList: [ORDERED, LEFT_OUT] };
		const byId: Record<'bulk' | 'custom', FlowNode> = {
			custom: { id: 'custom', type: 'linksfield-cube', cube: 'cfg', operation: 'custom.call', params: { path: str(BULK), params: { value: JSON.stringify(body), type: 'json' } }, wires: [['out']] },
			bulk: { id: 'bulk', type: 'linksfield-cube', cube: 'cfg', operation: 'plan.bulkOrder', params: { ...plan, deviceList: str(`${ORDERED},${LEFT_OUT}`) }, wires: [['out']] },
		};
		const first: FlowNode[] =
			via === 'catch'
				? [byId[from], { id: 'retry', type: 'catch', scope: [from], uncaught: false, wires: [[to, 'errors']] }]
				: [{ ...byId[from], errorOutput: true, outputs: 2, wires: [['out'], [to, 'errors']] }];
		await loadFlow([configNode(sim, { baseUrl: rewriter.url }), ...first, byId[to], { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
	}

	// The loop's way back may be a Custom API Call to Bulk Order's path: the same write, refused as Bulk Order itself refuses it.
	it.each(['catch', 'second output'] as const)('through the %s into a Custom API Call to Bulk Order\'s path: not ordered again', async (via) => {
		rewriter = await startAnswerRewriter(sim.url, withoutBulkOrderEntries([LEFT_OUT]));
		await loadBulkLoop('bulk', 'custom', via);
		const before = [ordersOf(ORDERED), ordersOf(LEFT_OUT)];
		const log = logged('custom');
		const errors = collect('errors');
		helper.getNode('bulk').receive({});
		await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
		await sleep(300);
		expect(errors.map((m) => m.iccid)).toEqual([LEFT_OUT]);
		expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
		expect([ordersOf(ORDERED), ordersOf(LEFT_OUT)]).toEqual([before[0] + 1, before[1] + 1]);
		expect(log.errors.filter((e) => e.startsWith('Not sent'))).toEqual([expect.stringContaining(`plan.bulkOrder (device_id ${LEFT_OUT}) ended with outcome unknown`)]);
	});

	// The other way round: a Custom API Call to Bulk Order's path whose answer was lost, looped into a Bulk Order node.
	it.each(['catch', 'second output'] as const)('a Custom API Call to Bulk Order\'s path, outcome unknown, through the %s into Bulk Order: not ordered again', async (via) => {
		rewriter = await startAnswerRewriter(sim.url, (_path, answer) => answer);
		sim.admin.addFault({ kind: 'reset', path: BULK, after: true, count: 1 });
		await loadBulkLoop('custom', 'bulk', via);
		const before = [ordersOf(ORDERED), ordersOf(LEFT_OUT)];
		const log = logged('bulk');
		const errors = collect('errors');
		helper.getNode('custom').receive({});
		await until('the refusal', () => log.errors.some((e) => e.startsWith('Not sent')));
		await sleep(300);
		expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
		expect([ordersOf(ORDERED), ordersOf(LEFT_OUT)]).toEqual([before[0] + 1, before[1] + 1]);
		// The custom call's failure names the catalog operation its path is, and its SIMs (a Catch node's msg.error is Node-RED's; ours is msg._error).
		const failure = (via === 'catch' ? errors[0]._error : errors[0].error) as Record<string, unknown>;
		expect(failure).toMatchObject({ operation: 'custom.call', outcome: 'unknown', catalogOperation: 'plan.bulkOrder', failedIccids: [ORDERED, LEFT_OUT] });
		expect(log.errors.filter((e) => e.startsWith('Not sent'))).toEqual([expect.stringContaining('custom.call')]);
	});

	it('Safe to Retry on a Custom API Call to Bulk Order\'s path is not honoured: a lost answer is not sent again, and the node warns once', async () => {
		sim.admin.addFault({ kind: 'reset', path: BULK, after: true, count: 2 });
		const body = { ...PLAN_1GB, deviceList: [ORDERED] };
		const custom: FlowNode = { id: 'custom', type: 'linksfield-cube', cube: 'cfg', operation: 'custom.call', safeToRetry: true, params: { path: str(BULK), params: { value: JSON.stringify(body), type: 'json' } }, errorOutput: true, outputs: 2, wires: [['out'], ['errors']] };
		await loadFlow([configNode(sim), custom, { id: 'out', type: 'helper' }, { id: 'errors', type: 'helper' }]);
		const before = ordersOf(ORDERED);
		const log = logged('custom');
		const errors = collect('errors');
		helper.getNode('custom').receive({});
		await until('the first failure', () => errors.length === 1);
		helper.getNode('custom').receive({});
		await until('the second failure', () => errors.length === 2);
		expect(errors.map((m) => (m.error as Record<string, unknown>).outcome)).toEqual(['unknown', 'unknown']);
		expect(errors.map((m) => (m.error as Record<string, unknown>).attempts)).toEqual([1, 1]);
		// Two messages, two requests: none repeated by the client.
		expect(sim.admin.requests({ path: BULK })).toHaveLength(2);
		expect(ordersOf(ORDERED)).toBe(before + 2);
		expect(log.warnings).toEqual([expect.stringMatching(/^Safe to Retry is not honoured: .*\/package\/batchOrderPackages.*plan\.bulkOrder/)]);
	});

	it('one message with the array: the left-out SIM\'s failure names Bulk Order and outcome unknown, and a loop does not order again', async () => {
		rewriter = await startAnswerRewriter(sim.url, withoutBulkOrderEntries([LEFT_OUT]));
		await deployBulkLoop('second output', 'node', { manyOutput: 'array' });
		const log = logged('bulk');
		const errors = collect('errors');
		helper.getNode('bulk').receive({});
		await until('the failure and the refusal', () => errors.length === 1 && log.errors.some((e) => e.startsWith('Not sent')));
		await sleep(300);
		expect(errors[0].error).toMatchObject({ operation: 'plan.bulkOrder', outcome: 'unknown', failedIccids: [LEFT_OUT], unknownIccids: [LEFT_OUT] });
		expect(errors[0].error.message).toContain(`Outcome unknown (may have been carried out): ${LEFT_OUT}`);
		expect(sim.admin.requests({ path: BULK })).toHaveLength(1);
	});
});
