import { CURRENT_OPERATIONS, execute, usageSweepCost, type CubeClient, type CurrentUsageFacts, type CurrentWriteResult } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { PLAN_1GB, SIM_IN_USE, SIM_PAUSED, SIM_UNENABLED_ONLY } from './simulator-fixture';
import { currentClientFor, SIM_NEAR_LIMIT, startCurrentSim } from './current-fixture';

/**
 * Every current-API operation through the CubeClient that holds a sign v2 signer, against the simulator's current
 * API with the vendor's per-IP limits on: validate → build → sign → send → read, writes acknowledged with their
 * request id, Wait for Result, the pager and the usage sweep.
 */

let sim: RunningSimulator;
let client: CubeClient;
let now: number;
/** The operations these tests called. */
const called = new Set<string>();

beforeAll(async () => {
	sim = await startCurrentSim();
	now = sim.admin.clock().now;
	client = currentClientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
});

const call = <T = Record<string, unknown>>(id: string, params: Record<string, unknown>, options = {}) => {
	called.add(id);
	return client.call<T>(id, params, options);
};
const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('reads', () => {
	it('SIM list: one page of records, each with its usage facts', async () => {
		const sims = await call<Array<Record<string, unknown> & CurrentUsageFacts>>('current.sim.getMany', { page_size: 5 });
		expect(sims).toHaveLength(5);
		for (const s of sims) expect(s).toMatchObject({ sim_id: expect.any(String), iccid: s.sim_id, unit: 'bytes' });
	});

	it('SIM detail carries the facts of its bundle in use', async () => {
		const detail = await call<CurrentUsageFacts>('current.sim.get', { sim_id: SIM_IN_USE });
		expect(detail).toMatchObject({ iccid: SIM_IN_USE, bundlesInUse: 1, bundleId: expect.any(String) });
		expect(detail.total! - detail.used!).toBe(detail.remaining);
	});

	it.each([
		['current.sim.getStatus', { sim_id: SIM_IN_USE }],
		['current.bundle.getMany', { sim_id: SIM_IN_USE, status: ['0', '1', '2', '3'] }],
		['current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '2', begin_from: month(Date.now()), end_by: month(Date.now()) }],
		['current.usage.getAccumulated', { sim_id: SIM_IN_USE }],
		['current.sms.getSent', { sim_id: SIM_IN_USE, status: '4' }],
		['current.sms.getReceived', { sim_id: SIM_IN_USE }],
	])('%s answers with data', async (id, params) => {
		await expect(call(id, params)).resolves.toBeDefined();
	});

	it('daily usage over the window the simulated clock allows', async () => {
		const usage = await call<{ sim_id: string; usage: unknown[] }>('current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '1', begin_from: day(now - 3 * 86_400_000), end_by: day(now) });
		expect(usage.sim_id).toBe(SIM_IN_USE);
		expect(Array.isArray(usage.usage)).toBe(true);
	});

	it('Return All walks a list in pages of 100, and a limit stops early', async () => {
		const all = await client.allPages('current.sim.getMany');
		const { totalCount } = await client.sweepUsage({ keep: false });
		expect(all).toHaveLength(totalCount!);
		expect(new Set(all.map((s) => s.sim_id)).size).toBe(all.length);
		const limited = await execute(client, 'current.sim.getMany', { page_size: 3 }, { limit: 7 });
		expect(limited).toMatchObject({ kind: 'list', items: expect.any(Array) });
		expect((limited as { items: unknown[] }).items).toHaveLength(7);
	});
});

describe('the usage sweep', () => {
	it('reads the fleet in ⌈SIMs / 100⌉ requests and gives every SIM its facts, in list order', async () => {
		const before = sim.admin.counters().requestsByPath['/cube/v4/sims'] ?? 0;
		const sweep = await client.sweepUsage();
		const requests = (sim.admin.counters().requestsByPath['/cube/v4/sims'] ?? 0) - before;
		expect(sweep.sims).toHaveLength(sweep.totalCount!);
		expect(requests).toBe(usageSweepCost(sweep.totalCount!).pages);
		expect(sweep.pages).toBe(requests);
		const listed = (await client.allPages('current.sim.getMany')).map((s) => s.sim_id);
		expect(sweep.sims.map((s) => s.iccid)).toEqual(listed);
		const inUse = sweep.sims.find((s) => s.iccid === SIM_IN_USE)!;
		expect(inUse).toMatchObject({ bundlesInUse: 1, bundleId: expect.any(String), percentUsed: expect.any(Number) });
	});

	it('a status filter and keep: false stream the pages without keeping them', async () => {
		const seen: string[] = [];
		const sweep = await client.sweepUsage({ status: 23, keep: false, onPage: (sims) => seen.push(...sims.map((s) => s.iccid!)) });
		expect(sweep.sims).toEqual([]);
		expect(seen.length).toBe(sweep.totalCount);
		expect(seen).toContain(SIM_IN_USE);
	});
});

describe('writes', () => {
	it('add bundle without activation is done and names its order; cancel it with Wait for Result: succeeded', async () => {
		const added = await call<CurrentWriteResult>('current.bundle.add', { sim_id: SIM_IN_USE, bundle_id: PLAN_1GB.package_code, bundle_type: '10', cycles: 1, activate: 'false' });
		expect(added).toMatchObject({ status: 'done', operation: 'current.bundle.add', simIds: [SIM_IN_USE], orderId: expect.any(String) });
		const cancelled = await call<CurrentWriteResult>('current.bundle.cancel', { sim_id: SIM_IN_USE, mode: 'bundle', order_id: (added as { orderId: string }).orderId }, { waitForResult: { timeoutMs: 10_000 } });
		expect(cancelled).toMatchObject({ status: 'succeeded', requestId: expect.any(String), result: { status: 'success' }, polls: expect.any(Number) });
	});

	it('a write is pending with its request id; a second write meanwhile is the locked kind, never retried', async () => {
		sim.admin.current.setAsyncDelay(60_000);
		try {
			const suspended = await call<CurrentWriteResult>('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
			expect(suspended).toMatchObject({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f]{32}$/), followWith: 'asyncResult' });
			const before = sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_NEAR_LIMIT}/suspend`];
			const locked = await client.call('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT }).catch((e: unknown) => e);
			expect(locked).toMatchObject({ name: 'CubeApiError', kind: 'locked', code: 'CB-01-0111', outcome: 'failed', attempts: 1 });
			expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_NEAR_LIMIT}/suspend`]).toBe(before + 1);
			// Wait for Result that runs out: still pending, with the request id, and the last result read.
			const requestId = (suspended as { requestId: string }).requestId;
			const waited = await client.waitForResult(requestId, { timeoutMs: 50 });
			expect(waited).toMatchObject({ status: 'pending', requestId, result: { status: 'processing' } });
		} finally {
			sim.admin.current.setAsyncDelay(30);
			sim.admin.current.finishJobs();
		}
	});

	it('Wait for Result on a job that fails: an error of the code\'s kind, not carried out, with the request id', async () => {
		const added = await client.call<{ orderId: string }>('current.bundle.add', { sim_id: SIM_IN_USE, bundle_id: PLAN_1GB.package_code, bundle_type: '10', activate: 'false' });
		sim.admin.current.failNextJobs({ count: 1, code: 'CB-01-0107' });
		const error = await client.call('current.bundle.cancel', { sim_id: SIM_IN_USE, mode: 'bundle', order_id: added.orderId }, { waitForResult: true }).catch((e: unknown) => e);
		expect(error).toMatchObject({ name: 'CubeApiError', kind: 'business', code: 'CB-01-0107', outcome: 'failed' });
		expect((error as Error).message).toMatch(/asynchronous result of request [0-9a-f]{32} is a failure/);
		expect(sim.admin.current.counters().jobsByStatus).toMatchObject({ failed: 1 });
	});

	it('resume is acknowledged as pending, to be followed by the SIM status', async () => {
		const resumed = await call<CurrentWriteResult>('current.sim.resume', { sim_id: SIM_PAUSED }, { waitForResult: { timeoutMs: 1000 } });
		// The vendor follows resume with the SIM status, not an async result: nothing to wait on, so it stays pending.
		expect(resumed).toMatchObject({ status: 'pending', followWith: 'status', simIds: [SIM_PAUSED] });
		sim.admin.current.finishJobs();
	});

	it('activate and SMS send are acknowledged as pending (SMS with its job id)', async () => {
		const activated = await call<CurrentWriteResult>('current.sim.activate', { sim_id: SIM_UNENABLED_ONLY });
		expect(activated).toMatchObject({ status: 'pending', simIds: [SIM_UNENABLED_ONLY] });
		const sms = await call<CurrentWriteResult>('current.sms.send', { sim_ids: [SIM_IN_USE], 'message.type': '1', 'message.content': 'hello from the client' });
		expect(sms).toMatchObject({ status: 'pending', jobId: expect.stringMatching(/^\d{18}$/), followWith: 'smsSentList' });
		expect(sim.admin.current.counters().smsSent).toBe(1);
		sim.admin.current.finishJobs();
	});

	it('Get Async Result reads a job by its request id', async () => {
		const job = sim.admin.current.jobs({})[0] as { request_id: string };
		await expect(call('current.sim.getAsyncResult', { request_id: job.request_id })).resolves.toMatchObject({ request_id: job.request_id });
	});
});

describe('the custom call', () => {
	it('reaches a path the catalog lacks, signed: a GET with its query, a PUT with its body', async () => {
		const bundles = await client.request<Array<{ status: number }>>(`/sims/${SIM_IN_USE}/bundles`, { status: [1], page_size: 100 });
		expect(bundles.length).toBeGreaterThan(0);
		expect(bundles.every((b) => b.status === 1)).toBe(true);
		sim.admin.current.finishJobs();
		const jobs = sim.admin.current.counters().jobs;
		await expect(client.request(`/sims/${SIM_IN_USE}/cancel`, { order_id: 'no-such-order' }, { method: 'PUT' })).rejects.toMatchObject({ operation: 'current.custom', outcome: 'failed' });
		expect(sim.admin.current.counters().jobs).toBe(jobs);
	});
});

test('the tests above called every operation of the current catalog through the client', () => {
	called.add('current.sim.getMany');
	expect([...called].sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
});

test('within the vendor limits: no request of these tests was refused as too many', () => {
	expect(sim.admin.current.counters()).toMatchObject({ rateLimited: 0, concurrencyLimited: 0, quotaExceeded: 0 });
});
