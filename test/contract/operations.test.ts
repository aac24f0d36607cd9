import { ENDPOINT_OPERATIONS, type CubeClient } from '@linksfield-cube/core';
import { DAY, DEMO_OTA_PLAN, parseDate, type RunningSimulator } from '@linksfield-cube/simulator';
import {
	clientFor,
	PLAN_1GB,
	postRaw,
	signed,
	SIM_IN_USE,
	SIM_IN_USE_ORDER,
	SIM_NO_PLAN,
	SIM_NO_PLAN_2,
	SIM_PAUSED,
	SIM_UNENABLED_ONLY,
	SIM_WITH_QUEUED_ORDER,
	startSim,
} from './simulator-fixture';

/** Every endpoint of the catalog, called through CubeClient.call against the simulator: the success path. */

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

const ordersOf = (iccid: string) => sim.admin.sim(iccid).orders;
const allStrings = (record: Record<string, unknown>) => Object.values(record).every((v) => typeof v === 'string');

type Case = () => Promise<void>;

const cases: Record<string, Case> = {
	'sim.getAll': async () => {
		const data = await client.call<Array<Record<string, unknown>>>('sim.getAll');
		expect(data).toHaveLength(50);
		expect(data.find((d) => d.device_id === SIM_NO_PLAN)).toEqual(expect.not.objectContaining({ package_order: expect.anything() }));
	},
	'sim.get': async () => {
		const data = await client.call<any>('sim.get', { device_id: SIM_IN_USE });
		expect(data).toMatchObject({ device_id: SIM_IN_USE, life_cycle: '2', package_order: { orderCode: SIM_IN_USE_ORDER, orderStatus: '1', deviceId: SIM_IN_USE } });
		expect(data.imsi).toMatch(/^\d{15}$/);
	},
	'sim.getInUse': async () => {
		const data = await client.call<Array<Record<string, string>>>('sim.getInUse');
		const ids = data.map((d) => d.assetId);
		expect(ids).toContain(SIM_IN_USE);
		expect(ids).not.toContain(SIM_NO_PLAN);
		expect(ids).not.toContain(SIM_PAUSED);
		expect(data.every(allStrings)).toBe(true);
		expect(data.find((d) => d.assetId === SIM_IN_USE)).toMatchObject({ lifeCycle: '2', orderCode: SIM_IN_USE_ORDER });
	},
	'usage.get': async () => {
		const data = await client.call<any>('usage.get', { device_id: SIM_IN_USE });
		const { device_id, order_code, order_used_flow, high_flow_balance } = data;
		expect(allStrings({ device_id, order_code, order_used_flow, high_flow_balance })).toBe(true);
		expect(data).toMatchObject({ device_id: SIM_IN_USE, order_code: SIM_IN_USE_ORDER, orderId: SIM_IN_USE_ORDER, total: 1024 });
		expect(data.used).toBe(Number(order_used_flow));
		expect(data).not.toHaveProperty('sign');
	},
	'usage.getMnoRemaining': async () => {
		const data = await client.call<any>('usage.getMnoRemaining', { device_id: SIM_IN_USE });
		expect(data).toMatchObject({ device_id: SIM_IN_USE, remaining_flow: expect.stringMatching(/^\d+$/) });
	},
	'plan.getPlans': async () => {
		const data = await client.call<Array<Record<string, string>>>('plan.getPlans');
		expect(data).toContainEqual(expect.objectContaining({ package_code: PLAN_1GB.package_code, package_name: PLAN_1GB.package_name, package_type: '2', flow: '1024' }));
		expect(data.map((p) => p.package_type).sort()).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4', '5']));
	},
	'plan.order': async () => {
		const data = await client.call<any>('plan.order', { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		expect(data).toEqual({ order_id: expect.stringMatching(/^ORDER_\d+$/), order_start_date: null, order_expire_date: null });
		expect(ordersOf(SIM_NO_PLAN)).toEqual([expect.objectContaining({ orderCode: data.order_id, orderStatus: '0', flow: '1024' })]);
	},
	'plan.bulkOrder': async () => {
		const data = await client.call<any>('plan.bulkOrder', { deviceList: [SIM_NO_PLAN, SIM_NO_PLAN_2], ...PLAN_1GB });
		expect(data.device_order).toEqual([
			expect.objectContaining({ error: '0000', errorMsg: 'success', device_id: SIM_NO_PLAN, order_id: expect.any(String) }),
			expect.objectContaining({ error: '0000', errorMsg: 'success', device_id: SIM_NO_PLAN_2, order_id: expect.any(String) }),
		]);
		expect(sim.admin.counters().ordersCreated).toBe(2);
	},
	'plan.renew': async () => {
		const before = sim.admin.order(SIM_IN_USE_ORDER).expireDate;
		const data = await client.call<any>('plan.renew', { order_id: SIM_IN_USE_ORDER, renew_period: 2 });
		expect(data.order_id).toBe(SIM_IN_USE_ORDER);
		expect(parseDate(data.order_expire_date) - parseDate(before)).toBe(60 * DAY);
		expect(sim.admin.order(SIM_IN_USE_ORDER)).toMatchObject({ flow: String(3 * 1024), renewCount: 1 });
	},
	'plan.getOrders': async () => {
		const data = await client.call<any>('plan.getOrders', { device_id: SIM_IN_USE, page_no: 1, page_size: 10 });
		expect(data.page).toEqual({ cur_page_no: 1, page_size: 10, total_count: 1, total_pages: 1 });
		expect(data.package_order_num).toBe(1);
		expect(data.package_order[0]).toMatchObject({ orderCode: SIM_IN_USE_ORDER, orderStatus: '1', buyType: '1', deviceId: SIM_IN_USE, flow: '1024' });
		expect(Object.keys(data.package_order[0])).toHaveLength(22);
		expect(allStrings(data.package_order[0])).toBe(true);
		expect(data.package_order[0].expireDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
	},
	'plan.enable': async () => {
		const [order] = ordersOf(SIM_UNENABLED_ONLY);
		const data = await client.call<any>('plan.enable', { order_id: order.orderCode });
		expect(data).toMatchObject({ order_id: order.orderCode, order_status: '1', order_start_date: expect.any(String), order_expire_date: expect.any(String) });
	},
	'plan.cancel': async () => {
		const queued = ordersOf(SIM_WITH_QUEUED_ORDER).find((o) => o.orderStatus === '0')!;
		const data = await client.call<any>('plan.cancel', { order_id: queued.orderCode });
		expect(data).toMatchObject({ order_id: queued.orderCode, order_status: '3' });
	},
	'plan.endEarly': async () => {
		const data = await client.call<any>('plan.endEarly', { order_id: SIM_IN_USE_ORDER });
		expect(data).toMatchObject({ order_id: SIM_IN_USE_ORDER, order_status: '2' });
		expect((await client.getUsage(SIM_IN_USE)).orderId).toBeNull();
	},
	'plan.pause': async () => {
		const data = await client.call<any>('plan.pause', { device_id: SIM_IN_USE });
		expect(data).toMatchObject({ order_id: SIM_IN_USE_ORDER, device_id: SIM_IN_USE, order_status: '4' });
	},
	'plan.resume': async () => {
		const data = await client.call<any>('plan.resume', { device_id: SIM_PAUSED });
		expect(data).toMatchObject({ device_id: SIM_PAUSED, order_status: '1' });
	},
	'plan.orderOta': async () => {
		const data = await client.call<any>('plan.orderOta', {
			device_id: SIM_NO_PLAN,
			...PLAN_1GB,
			...DEMO_OTA_PLAN,
			is_open: '1',
			pay_type: '2',
			days: 364,
			timing_type: '1',
		});
		expect(parseDate(data.order_expire_date) - parseDate(data.order_start_date)).toBe(364 * DAY);
		expect(ordersOf(SIM_NO_PLAN)[0]).toMatchObject({ buyType: '3', orderStatus: '1', flow: '102400' });
	},
	'sms.send': async () => {
		const data = await client.call<any>('sms.send', { device_id: SIM_IN_USE, content: '你好 hello' });
		expect(data).toEqual({ device_id: SIM_IN_USE, message_id: expect.stringMatching(/^SMS\d+$/) });
	},
};

describe('every catalog operation succeeds through CubeClient.call', () => {
	it('has a case for every endpoint of the catalog', () => {
		expect(Object.keys(cases).sort()).toEqual(ENDPOINT_OPERATIONS.map((op) => op.id).sort());
	});

	for (const [id, run] of Object.entries(cases)) it(id, run);

	it('answers every catalog path (and the same path below /cube/v4) with an envelope, never 404', async () => {
		for (const op of ENDPOINT_OPERATIONS) {
			for (const path of [op.path!, '/cube/v4' + op.path!]) {
				const res = await postRaw(sim.url + path, signed({}));
				expect({ path, status: res.status }).toEqual({ path, status: 200 });
				expect(res.json).toEqual(expect.objectContaining({ code: expect.any(String), success: expect.any(Boolean) }));
				expect(res.json.code).not.toBe('1404');
			}
		}
	});

	it('answers with the documented envelope, keys in the documented order', async () => {
		const res = await postRaw(sim.url + '/flow/queryDeviceFlowUsage', signed({ device_id: SIM_IN_USE }));
		expect(Object.keys(res.json)).toEqual(['code', 'data', 'message', 'success']);
		expect(res.json).toMatchObject({ code: '0000', message: '成功', success: true, data: { sign: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/) } });
		expect(res.headers['content-type']).toMatch(/^application\/json/);
	});
});
