import { signRequestBody } from '@linksfield-cube/core';
import { DEFAULT_ACCOUNT, type RunningSimulator } from '@linksfield-cube/simulator';
import { call, codeOf, PLAN_1GB, SIM_IN_USE, SIM_NO_PLAN, SIM_PAUSED, SIM_UNENABLED_ONLY, SIM_WITH_QUEUED, startCurrent, UNKNOWN_SIM } from './current-fixture';

/** Asynchronous writes (spec §5.6–5.10, §6): request_id, the lock, async results, and the one fleet both APIs share. */

const statusOf = async (sim: RunningSimulator, iccid: string) => (await call(sim, { path: `/sims/${iccid}` })).json.data.status as number;
const bundles = async (sim: RunningSimulator, iccid: string) => (await call(sim, { path: `/sims/${iccid}/bundles` })).json.data as Array<{ order_id: string; status: number; type: number; id: string; cycles: number }>;
const result = async (sim: RunningSimulator, requestId: string) => (await call(sim, { path: `/sims/async_result/${requestId}` })).json;

describe('current API writes', () => {
	let sim: RunningSimulator;
	beforeEach(async () => {
		sim = await startCurrent();
	});
	afterEach(() => sim.close());

	it('suspend answers a request_id, locks the SIM until the job ran, and the result is readable', async () => {
		const r = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` });
		expect(codeOf(r)).toBe('CB-00-0000');
		const requestId = r.json.data.request_id;
		expect(requestId).toMatch(/^[0-9a-f]{32}$/);
		expect(await result(sim, requestId)).toMatchObject({ data: { request_id: requestId, operation: 'suspend', sim_ids: [SIM_IN_USE], status: 'processing', finished_at: null, error: null } });
		expect((await call(sim, { path: `/sims/${SIM_IN_USE}/status` })).json.data).toEqual({ sim_id: SIM_IN_USE, status: 23, request_id: requestId });
		// Locked: every other write on the SIM waits (CB-01-0111), reads go on.
		for (const write of [
			{ method: 'PUT', path: `/sims/${SIM_IN_USE}/resume` },
			{ method: 'PUT', path: `/sims/${SIM_IN_USE}/cancel`, body: {} },
			{ method: 'POST', path: `/sims/${SIM_IN_USE}/bundle`, body: { bundle_id: PLAN_1GB, bundle_type: 10 } },
		]) {
			const locked = await call(sim, write);
			expect({ write: write.path, got: [locked.status, codeOf(locked)] }).toEqual({ write: write.path, got: [200, 'CB-01-0111'] });
		}
		expect(sim.admin.current.finishJobs()).toEqual({ finished: 1 });
		expect(await result(sim, requestId)).toMatchObject({ data: { status: 'success', finished_at: expect.any(Number), error: null } });
		expect(await statusOf(sim, SIM_IN_USE)).toBe(30);
		// The legacy API sees the same SIM: its order is paused.
		expect(sim.admin.sim(SIM_IN_USE).orders.at(-1)!.orderStatus).toBe('4');
		const resumed = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/resume` });
		expect(codeOf(resumed)).toBe('CB-00-0000');
		sim.admin.current.finishJobs();
		expect(await statusOf(sim, SIM_IN_USE)).toBe(23);
	});

	it('runs a job by itself after the configured delay', async () => {
		sim.admin.current.setAsyncDelay(20);
		const r = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` });
		await new Promise((resolve) => setTimeout(resolve, 80));
		expect((await result(sim, r.json.data.request_id)).data.status).toBe('success');
		expect((await call(sim, { path: `/sims/${SIM_IN_USE}/status` })).json.data).toEqual({ sim_id: SIM_IN_USE, status: 30, request_id: null });
	});

	it('activate starts the waiting bundle of a Pre-active SIM; refusals come at once', async () => {
		expect(await statusOf(sim, SIM_UNENABLED_ONLY)).toBe(10);
		const r = await call(sim, { method: 'POST', path: `/sims/${SIM_UNENABLED_ONLY}/activate` });
		expect(codeOf(r)).toBe('CB-00-0000');
		sim.admin.current.finishJobs();
		expect(await statusOf(sim, SIM_UNENABLED_ONLY)).toBe(23);
		const again = await call(sim, { method: 'POST', path: `/sims/${SIM_UNENABLED_ONLY}/activate` });
		expect(codeOf(again)).toBe('CB-01-0101');
		expect(codeOf(await call(sim, { method: 'POST', path: `/sims/${SIM_NO_PLAN}/activate` }))).toBe('CB-01-0102');
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_PAUSED}/suspend` }))).toBe('CB-01-0107');
		expect(codeOf(await call(sim, { method: 'POST', path: `/sims/${UNKNOWN_SIM}/activate` }))).toBe('CB-01-0001');
		expect(sim.admin.current.counters().jobsByOperation).toEqual({ activate: 1 });
	});

	it('a job whose SIM changed meanwhile fails, and an injected failure too; a new attempt is then allowed', async () => {
		const r = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` });
		// The legacy API pauses the order first (its writes know no lock): when the job runs the SIM is no longer Active-live.
		const legacy = signRequestBody({ device_id: SIM_IN_USE }, { accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret });
		const paused = await call(sim, { method: 'POST', base: '', path: '/device/pauseService', unsigned: true, rawBody: JSON.stringify(legacy) });
		expect(paused.json.code).toBe('0000');
		sim.admin.current.finishJobs();
		expect((await result(sim, r.json.data.request_id)).data).toMatchObject({ status: 'failed', error: { code: 'CB-01-0107', message: expect.stringContaining('suspend needs an Active-live SIM') } });
		const resume = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/resume` });
		sim.admin.current.failNextJobs({ code: 'CB-01-0200', message: 'MNO busy' });
		sim.admin.current.finishJobs();
		expect((await result(sim, resume.json.data.request_id)).data).toMatchObject({ status: 'failed', error: { code: 'CB-01-0200', message: 'MNO busy' } });
		expect(await statusOf(sim, SIM_IN_USE)).toBe(30);
		const retry = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/resume` });
		expect(codeOf(retry)).toBe('CB-00-0000');
		expect(sim.admin.current.counters().jobsByStatus).toEqual({ failed: 2 });
	});

	it('an unknown request_id is an invalid parameter', async () => {
		const r = await call(sim, { path: '/sims/async_result/0000' });
		expect([r.status, codeOf(r)]).toEqual([400, 'CB-99-9400']);
	});

	it('add bundle without activate answers the order at once, with activate a job that ends the bundle in use', async () => {
		const before = await bundles(sim, SIM_IN_USE);
		const queued = await call(sim, { method: 'POST', path: `/sims/${SIM_IN_USE}/bundle`, body: { bundle_id: PLAN_1GB, bundle_type: 10, cycles: 3, activate: false } });
		expect(queued.json.data).toEqual({ order_id: expect.any(String), request_id: null });
		const after = await bundles(sim, SIM_IN_USE);
		expect(after).toHaveLength(before.length + 1);
		expect(after.at(-1)).toMatchObject({ order_id: queued.json.data.order_id, id: PLAN_1GB, status: 0, type: 0, cycles: 3 });
		// The legacy API lists the same order.
		expect(sim.admin.order(queued.json.data.order_id)).toMatchObject({ deviceId: SIM_IN_USE, orderStatus: '0', orderPeriod: '3' });

		const activated = await call(sim, { method: 'POST', path: `/sims/${SIM_NO_PLAN}/bundle`, body: { bundle_id: 'LP09823222320', bundle_type: 10, activate: true } });
		expect(activated.json.data).toEqual({ order_id: expect.any(String), request_id: expect.any(String) });
		expect(codeOf(await call(sim, { method: 'POST', path: `/sims/${SIM_NO_PLAN}/bundle`, body: { bundle_id: PLAN_1GB, bundle_type: 10 } }))).toBe('CB-01-0111');
		sim.admin.current.finishJobs();
		expect(await statusOf(sim, SIM_NO_PLAN)).toBe(23);

		const replace = await call(sim, { method: 'POST', path: `/sims/${SIM_IN_USE}/bundle`, body: { bundle_id: PLAN_1GB, bundle_type: 11, activate: true } });
		sim.admin.current.finishJobs();
		const final = await bundles(sim, SIM_IN_USE);
		expect(final.find((b) => b.order_id === before[0].order_id)!.status).toBe(3);
		expect(final.find((b) => b.order_id === replace.json.data.order_id)).toMatchObject({ status: 1, type: 1, cycles: 1 });

		expect(sim.admin.current.counters()).toMatchObject({ bundlesAdded: 3, bundlesAddedBySim: { [SIM_IN_USE]: 2, [SIM_NO_PLAN]: 1 } });
		expect(sim.admin.counters().ordersCreated).toBe(3);
	});

	it('add bundle checks its body', async () => {
		const cases: Array<[Record<string, unknown>, string]> = [
			[{ bundle_type: 10 }, 'CB-99-9402'],
			[{ bundle_id: PLAN_1GB }, 'CB-99-9402'],
			[{ bundle_id: PLAN_1GB, bundle_type: 12 }, 'CB-99-9400'],
			[{ bundle_id: PLAN_1GB, bundle_type: 10, cycles: '2' }, 'CB-99-9400'],
			[{ bundle_id: PLAN_1GB, bundle_type: 10, activate: 'yes' }, 'CB-99-9400'],
			[{ bundle_id: 'LPNOPE', bundle_type: 10 }, 'CB-02-0003'],
		];
		for (const [body, code] of cases) expect({ body, code: codeOf(await call(sim, { method: 'POST', path: `/sims/${SIM_IN_USE}/bundle`, body })) }).toEqual({ body, code });
		expect(sim.admin.current.counters().bundlesAdded).toBe(0);
	});

	it('cancel without order_id ends every bundle and leaves the SIM suspended', async () => {
		const r = await call(sim, { method: 'PUT', path: `/sims/${SIM_WITH_QUEUED}/cancel`, body: {} });
		expect(r.json.data).toEqual({ request_id: expect.any(String) });
		sim.admin.current.finishJobs();
		expect((await bundles(sim, SIM_WITH_QUEUED)).map((b) => b.status)).toEqual([3, 3]);
		expect(await statusOf(sim, SIM_WITH_QUEUED)).toBe(30);
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_WITH_QUEUED}/cancel`, body: {} }))).toBe('CB-01-0105');
	});

	it('cancel with order_id ends that bundle; with keep_alive the next one starts', async () => {
		const [inUse, waiting] = await bundles(sim, SIM_WITH_QUEUED);
		const one = await call(sim, { method: 'PUT', path: `/sims/${SIM_WITH_QUEUED}/cancel`, body: { order_id: inUse.order_id, keep_alive: true } });
		expect(codeOf(one)).toBe('CB-00-0000');
		sim.admin.current.finishJobs();
		expect((await bundles(sim, SIM_WITH_QUEUED)).map((b) => [b.order_id, b.status])).toEqual([
			[inUse.order_id, 3],
			[waiting.order_id, 1],
		]);
		const [first] = await bundles(sim, SIM_IN_USE);
		await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/cancel`, body: { order_id: first.order_id } });
		sim.admin.current.finishJobs();
		expect(await statusOf(sim, SIM_IN_USE)).toBe(40);
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/cancel`, body: { order_id: first.order_id } }))).toBe('CB-01-0107');
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/cancel`, body: { order_id: inUse.order_id } }))).toBe('CB-99-9400');
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/cancel`, body: { keep_alive: true } }))).toBe('CB-99-9400');
	});

	it('admin reset drops pending jobs and their locks', async () => {
		await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` });
		sim.admin.reset();
		expect(sim.admin.current.jobs()).toEqual([]);
		expect(codeOf(await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` }))).toBe('CB-00-0000');
	});
});
