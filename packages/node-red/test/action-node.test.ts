import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
	ACCESS_CODE,
	collect,
	configNode,
	firstMessage,
	helper,
	load,
	nextMessage,
	SECRET,
	SIM_IN_USE,
	PLAN_1GB,
	SIM_IN_USE_ORDER,
	SIM_NO_PLAN,
	SIM_NO_PLAN_2,
	SIM_PAUSED,
	sleep,
	useSimulator,
	statuses,
	str,
	type FlowNode,
	until,
} from '@linksfield-cube/testkit/node-red-helper';

/** The action node's contract: TypedInput sources, msg overrides, result property, errors, status, close. */

const sim = useSimulator();

const UNKNOWN_ICCID = '89852022018041800100';
const usageRequests = () => sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' });

function cubeNode(props: Record<string, unknown>): FlowNode {
	return { id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', wires: [['out']], ...props };
}

async function deploy(props: Record<string, unknown>, extra: FlowNode[] = []): Promise<void> {
	await load([configNode(sim), cubeNode(props), { id: 'out', type: 'helper' }, ...extra]);
}

/** Sends msg into the action node; resolves with what reached "out" (or throws with what a Catch node saw). */
async function send(msg: Record<string, unknown>): Promise<any> {
	const first = firstMessage(['out', 'caught']);
	helper.getNode('cube').receive(msg);
	const { id, msg: got } = await first;
	if (id === 'caught') throw Object.assign(new Error(`caught: ${got.error.message}`), { caught: got });
	return got;
}

async function caught(msg: Record<string, unknown>): Promise<any> {
	const first = firstMessage(['out', 'caught']);
	helper.getNode('cube').receive(msg);
	const { id, msg: got } = await first;
	if (id !== 'caught') throw new Error(`expected an error, got a result: ${JSON.stringify(got.payload)}`);
	return got;
}

describe('TypedInput sources', () => {
	const usageOf = async (device_id: { value: string; type: string }, msg: Record<string, unknown> = {}) => {
		await deploy({ params: { device_id } });
		return send(msg);
	};

	it('str', async () => {
		expect((await usageOf(str(SIM_IN_USE))).payload.device_id).toBe(SIM_IN_USE);
	});

	it('msg: a nested property', async () => {
		const out = await usageOf({ value: 'sim.id', type: 'msg' }, { sim: { id: SIM_PAUSED } });
		expect(out.payload.device_id).toBe(SIM_PAUSED);
		expect((usageRequests()[0].body as Record<string, string>).device_id).toBe(SIM_PAUSED);
	});

	it('flow context', async () => {
		await deploy({ params: { device_id: { value: 'watched', type: 'flow' } } });
		helper.getNode('cube').context().flow.set('watched', SIM_PAUSED);
		expect((await send({})).payload.device_id).toBe(SIM_PAUSED);
	});

	it('global context', async () => {
		await deploy({ params: { device_id: { value: 'fleet.first', type: 'global' } } });
		helper.getNode('cube').context().global.set('fleet', { first: SIM_IN_USE });
		expect((await send({})).payload.device_id).toBe(SIM_IN_USE);
	});

	it('env', async () => {
		process.env.LINKSFIELD_TEST_ICCID = SIM_PAUSED;
		try {
			expect((await usageOf({ value: 'LINKSFIELD_TEST_ICCID', type: 'env' })).payload.device_id).toBe(SIM_PAUSED);
		} finally {
			delete process.env.LINKSFIELD_TEST_ICCID;
		}
	});

	it('jsonata', async () => {
		const out = await usageOf({ value: 'payload.sims[active][0].iccid', type: 'jsonata' }, { payload: { sims: [{ iccid: SIM_IN_USE, active: false }, { iccid: SIM_PAUSED, active: true }] } });
		expect(out.payload.device_id).toBe(SIM_PAUSED);
	});

	it('num: renew periods as a number', async () => {
		await load([
			configNode(sim),
			cubeNode({ operation: 'plan.renew', params: { order_id: str(SIM_IN_USE_ORDER), renew_period: { value: '2', type: 'num' } } }),
			{ id: 'out', type: 'helper' },
		]);
		await send({});
		expect(sim.admin.requests({ path: '/package/renewPackage' })[0].body).toMatchObject({ renew_period: 2 });
	});

	it('a JSONata error names the field and sends nothing', async () => {
		await deploy({ params: { device_id: { value: 'payload.(', type: 'jsonata' } } });
		const msg = await caught({});
		expect(msg._error).toMatchObject({ kind: 'validation', field: 'device_id', outcome: 'failed' });
		expect(usageRequests()).toHaveLength(0);
	});

	it('catalog defaults fill fields the node does not set', async () => {
		await load([configNode(sim), cubeNode({ operation: 'plan.renew', params: { order_id: str(SIM_IN_USE_ORDER) } }), { id: 'out', type: 'helper' }]);
		await send({});
		expect(sim.admin.requests({ path: '/package/renewPackage' })[0].body).toMatchObject({ order_id: SIM_IN_USE_ORDER, renew_period: 1 });
	});
});

describe('msg overrides', () => {
	it('msg.iccid fills an empty ICCID field', async () => {
		await deploy({ params: { device_id: str('') } });
		expect((await send({ iccid: SIM_PAUSED })).payload.device_id).toBe(SIM_PAUSED);
	});

	it('msg.orderId and msg.params fill the fields left empty in Renew', async () => {
		await deploy({ operation: 'plan.renew', params: { order_id: str(''), renew_period: { value: '', type: 'num' } } });
		const out = await send({ orderId: SIM_IN_USE_ORDER, params: { renew_period: 3 } });
		expect(out.payload.order_id).toBe(SIM_IN_USE_ORDER);
		expect(sim.admin.requests({ path: '/package/renewPackage' })[0].body).toMatchObject({ order_id: SIM_IN_USE_ORDER, renew_period: 3 });
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	});

	it('msg.params wins over msg.iccid', async () => {
		await deploy({ params: { device_id: str('') } });
		expect((await send({ iccid: SIM_IN_USE, params: { device_id: SIM_PAUSED } })).payload.device_id).toBe(SIM_PAUSED);
	});

	it('msg.iccid as a list feeds Get Many', async () => {
		await deploy({ operation: 'usage.getMany', manyOutput: 'array', params: { device_ids: str('') } });
		const out = await send({ iccid: [SIM_IN_USE, SIM_PAUSED] });
		expect(out.payload.map((u: { iccid: string }) => u.iccid)).toEqual([SIM_IN_USE, SIM_PAUSED]);
	});

	it('an unknown name in msg.params is refused, naming it', async () => {
		await deploy({ params: { device_id: str(SIM_IN_USE) } });
		const msg = await caught({ params: { devcie_id: SIM_PAUSED } });
		expect(msg._error).toMatchObject({ kind: 'validation', field: 'devcie_id' });
		expect(usageRequests()).toHaveLength(0);
	});

	it('msg.params that is not an object is refused', async () => {
		await deploy({ params: { device_id: str(SIM_IN_USE) } });
		expect((await caught({ params: 'renew_period=3' }))._error).toMatchObject({ kind: 'validation', field: 'msg.params' });
	});

	it('msg.operation chooses the operation when the node says so', async () => {
		await deploy({ operation: 'msg' });
		const out = await send({ operation: 'plan.renew', orderId: SIM_IN_USE_ORDER, params: { renew_period: 2 } });
		expect(out.payload.order_id).toBe(SIM_IN_USE_ORDER);
		expect(sim.admin.requests({ path: '/package/renewPackage' })[0].body).toMatchObject({ renew_period: 2 });
	});

	it('an unknown msg.operation is refused', async () => {
		await deploy({ operation: 'msg' });
		expect((await caught({ operation: 'plan.renw' }))._error).toMatchObject({ kind: 'validation', field: 'msg.operation' });
	});

	it('msg.operation is ignored when the node has its own operation', async () => {
		await deploy({ params: { device_id: str(SIM_IN_USE) } });
		await send({ operation: 'plan.endEarly', orderId: SIM_IN_USE_ORDER });
		expect(sim.admin.requests({ path: '/package/aheadFinishDeviceOrder' })).toHaveLength(0);
		expect(usageRequests()).toHaveLength(1);
	});
});

describe('result', () => {
	it('goes to the configured property; the rest of the msg is preserved', async () => {
		await deploy({ property: 'cube.usage', params: { device_id: str(SIM_IN_USE) } });
		const out = await send({ payload: 'untouched', topic: 't', _custom: 1 });
		expect(out).toMatchObject({ payload: 'untouched', topic: 't', _custom: 1, cube: { usage: { device_id: SIM_IN_USE, orderId: SIM_IN_USE_ORDER } } });
		expect(out.cube.usage).toEqual(expect.objectContaining({ used: expect.any(Number), remaining: expect.any(Number), percentUsed: expect.any(Number) }));
	});
});

describe('node options', () => {
	it('an inferred endpoint\'s path can be overridden; a documented one cannot', async () => {
		await deploy({ operation: 'sim.getAll', path: '/device/syncAssetInfo' });
		await send({});
		expect(sim.admin.requests().map((r) => r.path)).toEqual(['/device/syncAssetInfo']);
		await helper.unload();
		sim.admin.clearRequests();
		await deploy({ params: { device_id: str(SIM_IN_USE) }, path: '/device/syncAssetInfo' });
		await send({});
		expect(sim.admin.requests().map((r) => r.path)).toEqual(['/flow/queryDeviceFlowUsage']);
	});

	it('extra params are sent and signed with the rest', async () => {
		await deploy({ params: { device_id: str(SIM_IN_USE) }, extra: 'payload.more', extraType: 'msg' });
		await send({ payload: { more: { note: 'hello' } } });
		expect(usageRequests()[0]).toMatchObject({ body: { device_id: SIM_IN_USE, note: 'hello', sign: expect.any(String) }, code: '0000' });
	});
});

describe('errors', () => {
	it('a business error reaches Catch with the vendor code; the msg is preserved; no secret in it', async () => {
		await deploy({ params: { device_id: str(UNKNOWN_ICCID) } });
		const msg = await caught({ payload: 'kept' });
		expect(msg.payload).toBe('kept');
		expect(msg.error).toMatchObject({ code: '2001', source: { id: 'cube', type: 'linksfield-cube' } });
		expect(msg._error).toMatchObject({ code: '2001', kind: 'business', operation: 'usage.get', outcome: 'failed', vendorMessage: expect.any(String) });
		expect(msg.error.message).toContain('2001');
		expect(JSON.stringify(msg)).not.toContain(SECRET);
	});

	it('bad input fails before anything is sent, naming the field', async () => {
		await deploy({ params: { device_id: str('8985') } });
		const msg = await caught({});
		expect(msg._error).toMatchObject({ field: 'device_id', kind: 'validation', outcome: 'failed' });
		// code is the vendor's code only: Linksfield never saw this request, so there is none — in the Catch
		// node's msg.error and in the node's own details.
		expect(msg.error).not.toHaveProperty('code');
		expect(msg._error).not.toHaveProperty('code');
		expect(usageRequests()).toHaveLength(0);
	});

	it('a write whose answer is lost reports outcome "unknown" and is not repeated', async () => {
		sim.admin.addFault({ kind: 'reset', path: '/package/renewPackage', after: true, count: 1 });
		await deploy({ operation: 'plan.renew', params: { order_id: str(SIM_IN_USE_ORDER) } });
		const msg = await caught({});
		expect(msg._error).toMatchObject({ outcome: 'unknown', kind: 'connection', operation: 'plan.renew', orderId: SIM_IN_USE_ORDER });
		expect(msg._error).not.toHaveProperty('code');
		expect(sim.admin.requests({ path: '/package/renewPackage' })).toHaveLength(1);
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	});

	it('with the second output, errors go there with msg.error — not to Catch', async () => {
		await load([
			configNode(sim),
			cubeNode({ errorOutput: true, outputs: 2, params: { device_id: str(UNKNOWN_ICCID) }, wires: [['out'], ['errors']] }),
			{ id: 'out', type: 'helper' },
			{ id: 'errors', type: 'helper' },
		]);
		const caughtMsgs = collect('caught');
		const first = firstMessage(['out', 'errors']);
		helper.getNode('cube').receive({ payload: 'kept' });
		const { id, msg } = await first;
		expect(id).toBe('errors');
		expect(msg).toMatchObject({ payload: 'kept', error: { code: '2001', kind: 'business', outcome: 'failed', message: expect.stringContaining('2001') } });
		await sleep(50);
		expect(caughtMsgs).toHaveLength(0);
	});

	it('without credentials the node says so', async () => {
		await load([configNode(sim), cubeNode({ params: { device_id: str(SIM_IN_USE) } }), { id: 'out', type: 'helper' }], { cfg: { accessCode: '', secret: '' } });
		expect((await caught({})).error.message).toMatch(/no access code or secret/);
	});
});

describe('status', () => {
	it('blue "requesting (n)" while n requests run, then green', async () => {
		sim.admin.addFault({ kind: 'delay', path: '/flow/queryDeviceFlowUsage', delayMs: 150 });
		await deploy({ params: { device_id: str(SIM_IN_USE) } });
		const seen = statuses('cube');
		const outs = collect('out');
		for (let i = 0; i < 3; i++) helper.getNode('cube').receive({});
		while (outs.length < 3) await sleep(20);
		await sleep(20);
		expect(seen).toContainEqual({ fill: 'blue', shape: 'dot', text: 'requesting (3)' });
		expect(seen[seen.length - 1]).toEqual({ fill: 'green', shape: 'dot', text: 'ok' });
	});

	it('red ring with the code after a failure', async () => {
		await deploy({ params: { device_id: str(UNKNOWN_ICCID) } });
		const seen = statuses('cube');
		await caught({});
		await sleep(20);
		expect(seen[0]).toEqual({ fill: 'blue', shape: 'dot', text: 'requesting (1)' });
		expect(seen[seen.length - 1]).toEqual({ fill: 'red', shape: 'ring', text: '2001' });
	});
});

describe('usage for many SIMs', () => {
	const SIMS = [SIM_IN_USE, UNKNOWN_ICCID, SIM_PAUSED];

	it('one message per SIM with iccid, orderId and parts; a failed SIM reaches Catch on its own', async () => {
		await deploy({ operation: 'usage.getMany', params: { device_ids: { value: 'payload', type: 'msg' } } });
		const outs = collect('out');
		const errs = collect('caught');
		const seen = statuses('cube');
		helper.getNode('cube').receive({ payload: SIMS, _msgid: 'sweep' });
		while (outs.length < 2 || errs.length < 1) await sleep(20);
		await sleep(20);
		expect(outs.map((m) => m.iccid)).toEqual([SIM_IN_USE, SIM_PAUSED]);
		expect(outs[0]).toMatchObject({ orderId: SIM_IN_USE_ORDER, payload: { iccid: SIM_IN_USE, percentUsed: expect.any(Number) }, parts: { id: 'sweep', index: 0, count: 3, type: 'array' } });
		expect(outs[1].parts).toMatchObject({ index: 2, count: 3 });
		expect(errs).toHaveLength(1);
		expect(errs[0]).toMatchObject({ iccid: UNKNOWN_ICCID, error: { code: '2001' }, _error: { iccid: UNKNOWN_ICCID, code: '2001' } });
		expect(seen).toContainEqual({ fill: 'blue', shape: 'ring', text: '3 / 3 SIMs' });
		expect(seen[seen.length - 1]).toEqual({ fill: 'yellow', shape: 'ring', text: '2 ok, 1 failed' });
	});

	it.each([100, -2, 0])('Parallel %p (outside 1–64) is refused before anything is sent, naming the field and the range', async (concurrency) => {
		await deploy({ operation: 'usage.getMany', concurrency, params: { device_ids: { value: 'payload', type: 'msg' } } });
		const msg = await caught({ payload: SIMS });
		expect(msg._error).toMatchObject({ field: 'concurrency', kind: 'validation', outcome: 'failed', operation: 'usage.getMany' });
		expect(msg.error.message).toContain(`must be a whole number from 1 to 64, got ${concurrency}`);
		expect(usageRequests()).toHaveLength(0);
	});

	it('Parallel left empty: the default', async () => {
		await deploy({ operation: 'usage.getMany', concurrency: '', params: { device_ids: { value: 'payload', type: 'msg' } } });
		expect((await send({ payload: [SIM_IN_USE] })).iccid).toBe(SIM_IN_USE);
	});

	it('failed SIMs go to the second output when it is on', async () => {
		await load([
			configNode(sim),
			cubeNode({ operation: 'usage.getMany', errorOutput: true, outputs: 2, params: { device_ids: { value: 'payload', type: 'msg' } }, wires: [['out'], ['errors']] }),
			{ id: 'out', type: 'helper' },
			{ id: 'errors', type: 'helper' },
		]);
		const outs = collect('out');
		const errs = collect('errors');
		helper.getNode('cube').receive({ payload: SIMS });
		while (outs.length + errs.length < 3) await sleep(20);
		expect(errs).toEqual([expect.objectContaining({ iccid: UNKNOWN_ICCID, error: expect.objectContaining({ code: '2001', iccid: UNKNOWN_ICCID }) })]);
	});

	it('one message with an array, failures in place; the failures also reach Catch; the status counts them', async () => {
		await deploy({ operation: 'usage.getMany', manyOutput: 'array', params: { device_ids: { value: 'payload', type: 'msg' } } });
		const outs = collect('out');
		const errs = collect('caught');
		const seen = statuses('cube');
		helper.getNode('cube').receive({ payload: SIMS });
		await until('the array and its failure report', () => outs.length === 1 && errs.length === 1);
		await sleep(50);
		const out = outs[0];
		expect(out.payload).toHaveLength(3);
		expect(out.payload[1]).toEqual({ iccid: UNKNOWN_ICCID, error: expect.objectContaining({ code: '2001' }) });
		expect(out.payload[2]).toMatchObject({ iccid: SIM_PAUSED, used: expect.any(Number) });
		expect(out.error).toBeUndefined();
		expect(errs).toHaveLength(1);
		expect(errs[0]).toMatchObject({ error: { code: '2001', message: expect.stringContaining('1 of 3 SIMs failed') }, _error: { failedIccids: [UNKNOWN_ICCID], outcome: 'failed' } });
		expect(seen[seen.length - 1]).toEqual({ fill: 'yellow', shape: 'ring', text: '2 ok, 1 failed' });
	});

	it.each(['array', 'each'])('%s mode with a wrong secret: every SIM fails, nothing on the first output, the failures reach Catch, red status', async (manyOutput) => {
		await load(
			[configNode(sim), cubeNode({ operation: 'usage.getMany', manyOutput, params: { device_ids: { value: 'payload', type: 'msg' } } }), { id: 'out', type: 'helper' }],
			{ cfg: { accessCode: ACCESS_CODE, secret: 'not-the-secret' } },
		);
		const outs = collect('out');
		const errs = collect('caught');
		const seen = statuses('cube');
		helper.getNode('cube').receive({ payload: [SIM_IN_USE, SIM_PAUSED] });
		await until('the failures at the Catch node', () => errs.length === (manyOutput === 'array' ? 1 : 2));
		await sleep(50);
		expect(outs).toEqual([]);
		expect(errs.length).toBe(manyOutput === 'array' ? 1 : 2);
		if (manyOutput === 'array') expect(errs[0]._error.failedIccids).toEqual([SIM_IN_USE, SIM_PAUSED]);
		expect(seen[seen.length - 1]).toEqual({ fill: 'red', shape: 'ring', text: '0 ok, 2 failed' });
	});

	it('array mode with the second output: the array to the first, one failure message to the second', async () => {
		await load([
			configNode(sim),
			cubeNode({ operation: 'usage.getMany', manyOutput: 'array', errorOutput: true, outputs: 2, params: { device_ids: { value: 'payload', type: 'msg' } }, wires: [['out'], ['errors']] }),
			{ id: 'out', type: 'helper' },
			{ id: 'errors', type: 'helper' },
		]);
		const outs = collect('out');
		const errs = collect('errors');
		const caughtMsgs = collect('caught');
		helper.getNode('cube').receive({ payload: SIMS });
		await until('both outputs', () => outs.length === 1 && errs.length === 1);
		await sleep(50);
		expect(outs[0].payload).toHaveLength(3);
		expect(errs[0].error).toMatchObject({ code: '2001', failedIccids: [UNKNOWN_ICCID], operation: 'usage.getMany' });
		expect(caughtMsgs).toEqual([]);
	});
});

describe('bulk order with a per-SIM failure inside the success envelope', () => {
	it('the ordered SIM is a result, the failed SIM reaches Catch on its own; status counts both', async () => {
		sim.admin.addFault({ kind: 'device-error', path: '/package/batchOrderPackages', count: 1, iccids: [SIM_NO_PLAN_2], code: '2003', message: 'SIM not orderable' });
		const params = Object.fromEntries(Object.entries({ ...PLAN_1GB, deviceList: `${SIM_NO_PLAN},${SIM_NO_PLAN_2}` }).map(([k, v]) => [k, str(String(v))]));
		await deploy({ operation: 'plan.bulkOrder', params });
		const outs = collect('out');
		const errs = collect('caught');
		const seen = statuses('cube');
		helper.getNode('cube').receive({ payload: 'go' });
		while (outs.length < 1 || errs.length < 1) await sleep(20);
		await sleep(20);
		expect(outs).toEqual([expect.objectContaining({ iccid: SIM_NO_PLAN, payload: expect.objectContaining({ error: '0000', order_id: expect.any(String) }) })]);
		expect(errs).toEqual([expect.objectContaining({ iccid: SIM_NO_PLAN_2, error: expect.objectContaining({ code: '2003', message: expect.stringContaining(`SIM ${SIM_NO_PLAN_2}: SIM not orderable`) }) })]);
		expect(seen[seen.length - 1]).toEqual({ fill: 'yellow', shape: 'ring', text: '1 ok, 1 failed' });
		expect(sim.admin.counters().ordersCreated).toBe(1);
	});
});

describe('Get Orders paging', () => {
	const orders = async (props: Record<string, unknown>, params: Record<string, unknown> = {}) => {
		await deploy({ operation: 'plan.getOrders', ...props, params: { page_size: { value: '7', type: 'num' }, ...params } });
		return (await send({})).payload;
	};
	const total = () => sim.admin.requests({ path: '/package/queryOrder' }).length;

	it('Return All with an answer that has no page object: after a full page, Catch gets an error instead of page 1 as if it were all', async () => {
		const server = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (c) => (raw += c));
			req.on('end', () => {
				const { page_size } = JSON.parse(raw) as { page_size: number };
				res.end(JSON.stringify({ code: '0000', data: { package_order: Array.from({ length: page_size }, (_, i) => ({ orderCode: `O${i}` })) }, message: 'success', success: true }));
			});
		});
		await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
		try {
			await load([
				configNode(sim, { baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
				cubeNode({ operation: 'plan.getOrders', paging: 'all', params: { page_size: { value: '7', type: 'num' } } }),
				{ id: 'out', type: 'helper' },
			]);
			const got = await caught({});
			expect(got.error.message).toMatch(/page 1 has 7 orders and no page\.total_pages/);
		} finally {
			server.closeAllConnections();
			await new Promise((r) => server.close(r));
		}
	});

	it('Return All walks every page', async () => {
		const all = await orders({ paging: 'all' });
		expect(all.length).toBeGreaterThan(40);
		expect(total()).toBe(Math.ceil(all.length / 7));
	});

	it('Limit stops after that many orders', async () => {
		expect(await orders({ paging: 'limit', limit: 10 })).toHaveLength(10);
		expect(total()).toBe(2);
	});

	it('One page returns the API page as it is', async () => {
		const page = await orders({ paging: 'page' }, { page_no: { value: '2', type: 'num' } });
		expect(page.page).toMatchObject({ cur_page_no: 2, page_size: 7 });
		expect(page.package_order).toHaveLength(7);
	});
});

describe('close', () => {
	it('a redeploy with requests in flight ends them at once: no output, no Catch, no unhandled rejection', async () => {
		const unhandled: unknown[] = [];
		const onUnhandled = (reason: unknown) => unhandled.push(reason);
		process.on('unhandledRejection', onUnhandled);
		try {
			sim.admin.addFault({ kind: 'timeout', path: '/flow/queryDeviceFlowUsage' });
			await deploy({ params: { device_id: str(SIM_IN_USE) } });
			const outs = collect('out');
			const errs = collect('caught');
			for (let i = 0; i < 3; i++) helper.getNode('cube').receive({});
			while (usageRequests().length < 3) await sleep(10);
			const started = Date.now();
			await helper.unload();
			expect(Date.now() - started).toBeLessThan(1000);
			await sleep(100);
			expect(outs).toHaveLength(0);
			expect(errs).toHaveLength(0);
			expect(unhandled).toEqual([]);
		} finally {
			process.off('unhandledRejection', onUnhandled);
		}
	});

	it('closing only the action node (the config stays deployed) ends its requests in flight at once', async () => {
		sim.admin.addFault({ kind: 'timeout', path: '/flow/queryDeviceFlowUsage' });
		await deploy({ params: { device_id: str(SIM_IN_USE) } });
		const outs = collect('out');
		const errs = collect('caught');
		helper.getNode('cube').receive({});
		await until('the request to reach the simulator', () => usageRequests().length === 1);
		const started = Date.now();
		await helper.getNode('cube').close(false);
		expect(Date.now() - started).toBeLessThan(1000);
		await sleep(50);
		expect(outs).toHaveLength(0);
		expect(errs).toHaveLength(0);
	});
});

it('Get In Use → Get Many (JSONata over the list) gives per-SIM messages that carry what Renew needs', async () => {
	await load([
		configNode(sim),
		{ id: 'inuse', type: 'linksfield-cube', cube: 'cfg', operation: 'sim.getInUse', wires: [['cube']] },
		cubeNode({ operation: 'usage.getMany', params: { device_ids: { value: 'payload.assetId', type: 'jsonata' } } }),
		{ id: 'out', type: 'helper' },
	]);
	const first = nextMessage('out');
	helper.getNode('inuse').receive({});
	const msg = await first;
	expect(msg).toMatchObject({ iccid: expect.stringMatching(/^\d{20}$/), orderId: expect.any(String), payload: { percentUsed: expect.any(Number) } });
	expect(sim.admin.sim(msg.iccid).orders.map((o) => o.orderCode)).toContain(msg.orderId);
});
