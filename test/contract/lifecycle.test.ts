import type { CubeClient } from '@linksfield-cube/core';
import { DAY, parseDate, type RunningSimulator } from '@linksfield-cube/simulator';
import { clientFor, PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, startSim, UNKNOWN_ICCID, ordered } from './simulator-fixture';

/** State transitions seen only through the query endpoints, as a user of the API would see them. */


let sim: RunningSimulator;
let client: CubeClient;
beforeAll(async () => {
	sim = await startSim();
	client = clientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
});
beforeEach(() => sim.admin.reset());

const orderRecord = async (orderId: string) => {
	const data = await client.queryOrders({ order_id: orderId });
	return (data as any).package_order[0] as Record<string, string>;
};

describe('order lifecycle', () => {
	it('order → enable → usage grows → renew extends expiry → pause freezes → resume → end early', async () => {
		const { order_id } = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		expect(await orderRecord(order_id)).toMatchObject({ orderStatus: '0', expireDate: '', startDate: '' });
		expect((await client.getUsage(SIM_NO_PLAN)).orderId).toBeNull();

		await client.call('plan.enable', { order_id });
		const enabled = await orderRecord(order_id);
		expect(enabled.orderStatus).toBe('1');
		expect(parseDate(enabled.expireDate) - parseDate(enabled.startDate)).toBe(30 * DAY);
		expect(await client.getUsage(SIM_NO_PLAN)).toMatchObject({ orderId: order_id, used: 0, remaining: 1024 });

		sim.admin.advanceClock({ days: 3 });
		const grown = await client.getUsage(SIM_NO_PLAN);
		const perDay = sim.admin.sim(SIM_NO_PLAN).mbPerDay;
		expect(grown.used).toBe(Math.min(1024, perDay * 3));
		expect(grown.used! + grown.remaining!).toBe(1024);

		const renewed: any = await client.renewPlan(order_id, 1);
		expect(parseDate(renewed.order_expire_date) - parseDate(enabled.expireDate)).toBe(30 * DAY);
		expect(await orderRecord(order_id)).toMatchObject({ expireDate: renewed.order_expire_date, flow: '2048', orderPeriod: '2' });
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [order_id]: 1 });

		await client.call('plan.pause', { device_id: SIM_NO_PLAN });
		const usedAtPause = (await client.getUsage(SIM_NO_PLAN)).used;
		sim.admin.advanceClock({ days: 2 });
		expect((await client.getUsage(SIM_NO_PLAN)).used).toBe(usedAtPause);
		expect(await orderRecord(order_id)).toMatchObject({ orderStatus: '4' });

		await client.call('plan.resume', { device_id: SIM_NO_PLAN });
		// Paused days do not count against the validity.
		expect(parseDate((await orderRecord(order_id)).expireDate) - parseDate(renewed.order_expire_date)).toBe(2 * DAY);

		await client.call('plan.endEarly', { order_id });
		expect(await orderRecord(order_id)).toMatchObject({ orderStatus: '2', endDate: expect.stringMatching(/^\d{4}-/) });
		expect((await client.getUsage(SIM_NO_PLAN)).orderId).toBeNull();
		await expect(client.renewPlan(order_id)).rejects.toMatchObject({ code: '2102', outcome: 'failed' });
	});

	it('an order enabled at once starts now; an unenabled order can be renewed and cancelled, then not enabled', async () => {
		const opened = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB, is_open: '1' });
		expect(parseDate(opened.order_expire_date!) - parseDate(opened.order_start_date!)).toBe(30 * DAY);

		const queued = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		const renewed: any = await client.renewPlan(queued.order_id, 2);
		expect(renewed.order_expire_date).toBeNull();
		expect(await orderRecord(queued.order_id)).toMatchObject({ orderStatus: '0', flow: '3072', orderPeriod: '3' });
		await expect(client.call('plan.enable', { order_id: queued.order_id })).rejects.toMatchObject({ code: '2003' });

		await client.call('plan.cancel', { order_id: queued.order_id });
		expect(await orderRecord(queued.order_id)).toMatchObject({ orderStatus: '3' });
		await expect(client.call('plan.enable', { order_id: queued.order_id })).rejects.toMatchObject({ code: '2102' });
		await expect(client.call('plan.cancel', { order_id: opened.order_id })).rejects.toMatchObject({ code: '2102' });
	});

	it('an order in use expires when the clock passes its expiry', async () => {
		const before = await orderRecord(SIM_IN_USE_ORDER);
		sim.admin.advanceClock(parseDate(before.expireDate) - sim.admin.clock().now + 1000);
		expect(await orderRecord(SIM_IN_USE_ORDER)).toMatchObject({ orderStatus: '2', endDate: before.expireDate });
		expect(await client.getUsage(SIM_IN_USE)).toMatchObject({ orderId: null, used: 0, remaining: 0 });
	});

	it('usage stops at the plan volume', async () => {
		sim.admin.advanceClock({ days: 2 });
		const usage = await client.getUsage(SIM_IN_USE);
		expect(usage.used! + usage.remaining!).toBe(1024);
		expect(usage.used).toBeLessThanOrEqual(1024);
		sim.admin.setUsage(SIM_IN_USE, 5000);
		expect(await client.getUsage(SIM_IN_USE)).toMatchObject({ used: 1024, remaining: 0, percentUsed: 100 });
	});
});

describe('business refusals', () => {
	it('unknown SIM (2001), unknown order (2101), unknown plan (2201), mismatched plan (2202)', async () => {
		await expect(client.getUsage(UNKNOWN_ICCID)).rejects.toMatchObject({ code: '2001', message: expect.stringContaining(UNKNOWN_ICCID) });
		await expect(client.renewPlan('ORDER_999')).rejects.toMatchObject({ code: '2101' });
		await expect(client.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB, package_code: 'DP00000000000000' })).rejects.toMatchObject({ code: '2201' });
		await expect(client.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB, package_type: '5' })).rejects.toMatchObject({ code: '2202' });
		await expect(client.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB, package_name: 'Global 1GB' })).rejects.toMatchObject({ code: '2202' });
	});

	it('a SIM with an order in use cannot open another (2003); a SIM without one cannot be paused (2004)', async () => {
		await expect(client.orderPlan({ device_id: SIM_IN_USE, ...PLAN_1GB, is_open: '1' })).rejects.toMatchObject({ code: '2003' });
		await expect(client.call('plan.pause', { device_id: SIM_NO_PLAN })).rejects.toMatchObject({ code: '2004' });
	});

	it('a bulk order with one SIM that does not qualify orders nothing', async () => {
		await expect(client.bulkOrderPlan({ deviceList: [SIM_NO_PLAN, UNKNOWN_ICCID], ...PLAN_1GB })).rejects.toMatchObject({ code: '2001' });
		expect(sim.admin.sim(SIM_NO_PLAN).orders).toEqual([]);
		expect(sim.admin.counters().ordersCreated).toBe(0);
	});
});

describe('paging of queryOrder', () => {
	it('queryAllOrders walks every page: each order once, matching total_count', async () => {
		const first: any = await client.queryOrders({ page_no: 1, page_size: 7 });
		const all = await client.queryAllOrders({}, { pageSize: 7 });
		expect(first.page).toMatchObject({ cur_page_no: 1, page_size: 7, total_pages: Math.ceil(first.page.total_count / 7) });
		expect(all).toHaveLength(first.page.total_count);
		expect(new Set(all.map((o) => o.orderCode)).size).toBe(all.length);
		expect(sim.admin.counters().requestsByPath['/package/queryOrder']).toBe(1 + first.page.total_pages);
	});

	it('filters by status and type, and a page past the end is empty', async () => {
		const inUse = await client.queryAllOrders({ order_status: '1' });
		expect(inUse.length).toBeGreaterThan(30);
		expect(inUse.every((o) => o.orderStatus === '1')).toBe(true);
		await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		await client.bulkOrderPlan({ deviceList: [SIM_NO_PLAN], ...PLAN_1GB });
		expect((await client.queryAllOrders({ order_type: '2' })).map((o) => o.deviceId)).toEqual([SIM_NO_PLAN]);
		const past: any = await client.queryOrders({ page_no: 99, page_size: 10 });
		expect(past).toMatchObject({ package_order: [], package_order_num: 0 });
	});

	it('limit stops early', async () => {
		expect(await client.queryAllOrders({}, { pageSize: 5, limit: 12 })).toHaveLength(12);
	});
});

describe('a 100,000-SIM fleet', () => {
	it('starts fast, pages through lazily and serves any SIM', async () => {
		const started = Date.now();
		const fleet = await startSim({ seed: 'fleet:100000' });
		expect(Date.now() - started).toBeLessThan(500);
		const fleetClient = clientFor(fleet);
		try {
			const last: any = await fleetClient.queryOrders({ page_no: 1000, page_size: 100 });
			expect(last.page).toEqual({ cur_page_no: 1000, page_size: 100, total_count: 100000, total_pages: 1000 });
			const record = last.package_order[99];
			expect(record.deviceId).toMatch(/^\d{20}$/);
			const usage = await fleetClient.getUsage(record.deviceId);
			expect(usage).toMatchObject({ orderId: record.orderCode, total: 1024 });
			await fleetClient.renewPlan(record.orderCode, 1);
			expect(fleet.admin.order(record.orderCode).renewCount).toBe(1);
		} finally {
			fleetClient.close();
			await fleet.close();
		}
	});
});
