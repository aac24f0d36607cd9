import { CURRENT_OPERATIONS, getCurrentOperation } from '@linksfield-cube/core';
import { firstMessage, helper, load, PLAN_1GB, SIM_IN_USE, SIM_PAUSED, SIM_UNENABLED_ONLY, typedFields, until } from '@linksfield-cube/testkit/node-red-helper';
import { CURRENT_CREDENTIALS, currentConfigNode, KEY_ID, OTHER_PRIVATE_KEY, PRIVATE_KEY, SIM_NEAR_LIMIT, useCurrentSimulator } from './current-fixture';

/**
 * The action node of a config node that speaks the current API: every current operation once against the simulator,
 * with the rules of the legacy ones — Return All / Limit on lists, Wait for Result on asynchronous writes (pending
 * with the request id when the time runs out), no write repeated by a Catch loop, msg.error as toPlainError has it.
 */

const sim = useCurrentSimulator();

const called = new Set<string>();

/** Deploys one action node for `operation`, sends one message through it and returns which node got what. */
async function send(operation: string, values: Record<string, unknown> = {}, props: Record<string, unknown> = {}, msg: Record<string, unknown> = {}, credentials: Record<string, unknown> = CURRENT_CREDENTIALS) {
	called.add(operation);
	await helper.unload();
	await load(
		[
			currentConfigNode(sim),
			{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation, params: Object.keys(values).length ? typedFields(getCurrentOperation(operation), values) : {}, wires: [['out'], ['errors']], ...props },
			{ id: 'out', type: 'helper' },
			{ id: 'errors', type: 'helper' },
		],
		credentials,
	);
	const first = firstMessage(['out', 'errors', 'caught'], 15_000);
	helper.getNode('cube').receive({ payload: 'trigger', keep: 'me', ...msg });
	return first;
}

async function run(operation: string, values: Record<string, unknown> = {}, props: Record<string, unknown> = {}, msg: Record<string, unknown> = {}): Promise<any> {
	const { id, msg: out } = await send(operation, values, props, msg);
	if (id !== 'out') throw new Error(`${id}: ${out.error?.message}`);
	expect(out.keep).toBe('me');
	return out;
}

const requests = (path: string) => sim.admin.counters().requestsByPath[`/cube/v4${path}`] ?? 0;
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

describe('reads', () => {
	it('SIM → Get Many, Return All: every SIM of the fleet in pages of 100, each with its usage facts', async () => {
		const msg = await run('current.sim.getMany', {}, { paging: 'all' });
		const total = msg.payload.length;
		// Each SIM once, 100 a request (the page fields' default of 10 is not used to walk the list).
		expect(total).toBeGreaterThan(10);
		expect(new Set(msg.payload.map((s: { sim_id: string }) => s.sim_id)).size).toBe(total);
		expect(requests('/sims')).toBe(Math.ceil(total / 100));
		const page = await run('current.sim.getMany', { page_no: 1, page_size: 100 }, { paging: 'page' });
		expect(page.payload).toHaveLength(total);
		expect(msg.payload.find((s: { iccid: string }) => s.iccid === SIM_IN_USE)).toMatchObject({ sim_id: SIM_IN_USE, bundleId: expect.any(String), percentUsed: expect.any(Number), unit: 'bytes' });
	});

	it('SIM → Get Many, Up to 7: seven SIMs', async () => {
		const msg = await run('current.sim.getMany', {}, { paging: 'limit', limit: 7 });
		expect(msg.payload).toHaveLength(7);
	});

	it('SIM → Get Many, one page: Page / Page Size as set', async () => {
		const msg = await run('current.sim.getMany', { page_no: 2, page_size: 3 }, { paging: 'page' });
		expect(msg.payload).toHaveLength(3);
		expect(requests('/sims')).toBe(1);
	});

	it('SIM → Get takes msg.iccid for its empty ICCID and sets msg.iccid from the record', async () => {
		const msg = await run('current.sim.get', {}, {}, { iccid: SIM_IN_USE });
		expect(msg.payload).toMatchObject({ sim_id: SIM_IN_USE, bundlesInUse: 1 });
		expect(msg.iccid).toBe(SIM_IN_USE);
		expect(requests(`/sims/${SIM_IN_USE}`)).toBe(1);
	});

	it.each([
		['current.sim.getStatus', { sim_id: SIM_IN_USE }, `/sims/${SIM_IN_USE}/status`],
		['current.bundle.getMany', { sim_id: SIM_IN_USE }, `/sims/${SIM_IN_USE}/bundles`],
		['current.usage.getAccumulated', { sim_id: SIM_IN_USE }, `/usage/statistics/${SIM_IN_USE}/accu_usage`],
		['current.sms.getSent', { sim_id: SIM_IN_USE, status: '4' }, `/sms/mt/${SIM_IN_USE}`],
		['current.sms.getReceived', { sim_id: SIM_IN_USE }, `/sms/mo/${SIM_IN_USE}`],
	])('%s answers with data, one request', async (operation, values, path) => {
		const msg = await run(operation, values);
		expect(msg.payload).toBeDefined();
		expect(requests(path)).toBe(1);
	});

	it('Usage → Get: the month of the simulated clock', async () => {
		const now = month(sim.admin.clock().now);
		const msg = await run('current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '2', begin_from: now, end_by: now });
		expect(msg.payload).toMatchObject({ sim_id: SIM_IN_USE, usage: expect.any(Array) });
	});
});

describe('writes', () => {
	it('Add Bundle without activation is done and names its order; Cancel it with Wait for Result: succeeded', async () => {
		const added = await run('current.bundle.add', { sim_id: SIM_IN_USE, bundle_id: PLAN_1GB.package_code, bundle_type: '10', cycles: 1, activate: 'false' });
		expect(added.payload).toMatchObject({ status: 'done', operation: 'current.bundle.add', orderId: expect.any(String) });
		expect(sim.admin.current.counters().bundlesAddedBySim).toEqual({ [SIM_IN_USE]: 1 });
		const cancelled = await run('current.bundle.cancel', { sim_id: SIM_IN_USE, mode: 'bundle', order_id: added.payload.orderId }, { waitForResult: true, waitTimeout: '20' });
		expect(cancelled.payload).toMatchObject({ status: 'succeeded', requestId: expect.any(String), result: { status: 'success' } });
	});

	it('Suspend with Wait for Result that runs out: pending, with the request id; Get Async Result reads it', async () => {
		sim.admin.current.setAsyncDelay(60_000);
		const msg = await run('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT }, { waitForResult: true, waitTimeout: '1' });
		expect(msg.payload).toMatchObject({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
		// Not "ok": the node comes to rest saying the write is pending.
		await until('the status', () => helper.getNode('cube').status.lastCall?.args[0]?.text === 'pending');
		const result = await run('current.sim.getAsyncResult', { request_id: msg.payload.requestId });
		expect(result.payload).toMatchObject({ request_id: msg.payload.requestId, status: 'processing' });
		sim.admin.current.finishJobs();
	});

	it('Activate, Resume and Send SMS are acknowledged as pending (SMS with its job id), each sent once', async () => {
		expect((await run('current.sim.activate', { sim_id: SIM_UNENABLED_ONLY })).payload).toMatchObject({ status: 'pending' });
		expect((await run('current.sim.resume', { sim_id: SIM_PAUSED })).payload).toMatchObject({ status: 'pending', followWith: 'status' });
		const sms = await run('current.sms.send', { sim_ids: [SIM_IN_USE], 'message.type': '1', 'message.content': 'hello from Node-RED' });
		expect(sms.payload).toMatchObject({ status: 'pending', jobId: expect.stringMatching(/^\d{18}$/) });
		expect(requests(`/sims/${SIM_UNENABLED_ONLY}/activate`)).toBe(1);
		expect(requests(`/sims/${SIM_PAUSED}/resume`)).toBe(1);
		expect(sim.admin.current.counters().smsSent).toBe(1);
		sim.admin.current.finishJobs();
	});

	it('a write on a locked SIM: msg.error with the fields of every failure (second output), sent once', async () => {
		sim.admin.current.setAsyncDelay(60_000);
		await run('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
		const { id, msg } = await send('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT }, { errorOutput: true, outputs: 2 });
		expect(id).toBe('errors');
		expect(msg.error).toEqual({ message: expect.stringContaining('CB-01-0111'), kind: 'locked', code: 'CB-01-0111', vendorMessage: expect.any(String), operation: 'current.sim.suspend', outcome: 'failed', httpStatus: expect.any(Number), attempts: 1, iccid: SIM_NEAR_LIMIT });
		expect(requests(`/sims/${SIM_NEAR_LIMIT}/suspend`)).toBe(2);
		sim.admin.current.finishJobs();
	});

	it('a message reporting an unknown outcome of the same Add Bundle on the same SIM is not sent again (Catch loop)', async () => {
		const earlier = { message: 'timeout', kind: 'timeout', operation: 'current.bundle.add', outcome: 'unknown', iccid: `${SIM_IN_USE}\r\n` };
		await load(
			[
				currentConfigNode(sim),
				{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation: 'current.bundle.add', params: typedFields(getCurrentOperation('current.bundle.add'), { bundle_id: PLAN_1GB.package_code, bundle_type: '10', activate: 'false' }), wires: [['out']] },
				{ id: 'out', type: 'helper' },
			],
			CURRENT_CREDENTIALS,
		);
		const node = helper.getNode('cube');
		const done = new Promise<void>((resolve) => node.on('call:error', () => resolve()));
		node.receive({ iccid: SIM_IN_USE, error: earlier });
		await done;
		expect(sim.admin.current.counters().bundlesAdded).toBe(0);
		expect(node.error.lastCall.args[0]).toMatch(/Not sent: .*current\.bundle\.add/);
	});
});

describe('the API of the config node decides', () => {
	it('a legacy operation on a current config node is refused before anything is sent, naming the API', async () => {
		const { id, msg } = await send('usage.get', {}, { params: { device_id: { value: SIM_IN_USE, type: 'str' } } });
		expect(id).toBe('caught');
		expect(msg.error.message).toMatch(/current API of the config node/);
		expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_IN_USE}`]).toBeUndefined();
	});

	it('another key pair: the error names the key pair setting, and the private key is in no msg, status or log', async () => {
		const seen: unknown[] = [];
		const { id, msg } = await send('current.sim.get', { sim_id: SIM_IN_USE }, {}, {}, { cfg: { keyId: KEY_ID, privateKey: OTHER_PRIVATE_KEY } });
		expect(id).toBe('caught');
		expect(msg._error).toMatchObject({ kind: 'authentication', settings: expect.arrayContaining(['privateKey']), outcome: 'failed' });
		expect(msg.error.message).toMatch(/“Private key” is the private half of the key pair/);
		seen.push(msg, helper.log().args);
		const text = JSON.stringify(seen);
		for (const key of [OTHER_PRIVATE_KEY, PRIVATE_KEY]) expect(text).not.toContain(key.split('\n')[3]);
	});

	it('no key id or private key: the config node says so, nothing is sent', async () => {
		const { id, msg } = await send('current.sim.get', { sim_id: SIM_IN_USE }, {}, {}, { cfg: {} });
		expect(id).toBe('caught');
		expect(msg.error.message).toMatch(/no key ID or private key/);
		expect(requests(`/sims/${SIM_IN_USE}`)).toBe(0);
	});
});

test('every operation of the current catalog went through the node above', () => {
	expect([...called].filter((id) => id.startsWith('current.')).sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
});
