// One case per catalog operation, against the demo simulator: the contract test (the core's execute()), the n8n
// operation test and the Node-RED operation test all run these, each through its own runtime. Adding an operation
// means adding its row here. Source only, like use-simulator.ts: the checks use jest's expect.
import { expect } from '@jest/globals';
import { DAY, DEMO_ICCIDS, DEMO_OTA_PLAN, PLANS, parseDate, type RunningSimulator } from '@linksfield-cube/simulator';
import { PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, SIM_PAUSED, SIM_UNENABLED_ONLY, SIM_WITH_QUEUED_ORDER } from './fixtures';

type Params = Record<string, unknown>;
// The API's JSON, read field by field by the checks as jest's matchers do.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Record_ = Record<string, any>;

export interface OperationCase<Before = unknown> {
	/** The catalog operation. */
	id: string;
	/** The path its requests reach on the simulator, and how many a run sends there (default 1). */
	path: string;
	requests?: number;
	/** Catalog params, valid on a freshly reset demo simulator: the same in every runtime. */
	params(sim: RunningSimulator): Params;
	/** What to remember before the run (a date the run moves). */
	before?(sim: RunningSimulator): Before;
	/**
	 * What a run gives, as every runtime presents it: its records in order — one per output item (n8n), the entries of
	 * msg.payload or msg.payload itself (Node-RED), the records of execute()'s result (core) — and what it changed.
	 */
	check(records: Record_[], sim: RunningSimulator, before: Before): void;
}

const ordersOf = (sim: RunningSimulator, iccid: string) => sim.admin.sim(iccid).orders;
const allStrings = (record: Record_) => Object.values(record).every((v) => typeof v === 'string');
const orderStatusesOf = (sim: RunningSimulator) => DEMO_ICCIDS.flatMap((iccid) => ordersOf(sim, iccid).map((o) => o.orderStatus));

const queuedOrder = (sim: RunningSimulator) => ordersOf(sim, SIM_WITH_QUEUED_ORDER).find((o) => o.orderStatus === '0')!.orderCode;

const row = <Before>(c: OperationCase<Before>): OperationCase => c as OperationCase;

export const OPERATION_CASES: OperationCase[] = [
	row({
		id: 'sim.getAll',
		path: '/device/queryBatchDevice',
		params: () => ({}),
		check: (records) => {
			expect(records).toHaveLength(50);
			expect(records.find((d) => d.device_id === SIM_NO_PLAN)).toEqual(expect.not.objectContaining({ package_order: expect.anything() }));
		},
	}),
	row({
		id: 'sim.get',
		path: '/device/queryDevice',
		params: () => ({ device_id: SIM_IN_USE }),
		check: ([sim, ...rest]) => {
			expect(rest).toEqual([]);
			expect(sim).toMatchObject({ device_id: SIM_IN_USE, life_cycle: '2', package_order: { orderCode: SIM_IN_USE_ORDER, orderStatus: '1', deviceId: SIM_IN_USE } });
			expect(sim.imsi).toMatch(/^\d{15}$/);
		},
	}),
	row({
		id: 'sim.getInUse',
		path: '/device/syncAssetInfo',
		params: () => ({}),
		check: (records) => {
			const ids = records.map((d) => d.assetId);
			expect(ids).toContain(SIM_IN_USE);
			expect(ids).not.toContain(SIM_NO_PLAN);
			expect(ids).not.toContain(SIM_PAUSED);
			expect(records.length).toBeGreaterThan(10);
			for (const id of ids) expect(id).toMatch(/^\d{19,20}$/);
			expect(records.every(allStrings)).toBe(true);
			expect(records.find((d) => d.assetId === SIM_IN_USE)).toMatchObject({ lifeCycle: '2', orderCode: SIM_IN_USE_ORDER });
		},
	}),
	row({
		id: 'usage.get',
		path: '/flow/queryDeviceFlowUsage',
		params: () => ({ device_id: SIM_IN_USE }),
		check: ([usage, ...rest]) => {
			expect(rest).toEqual([]);
			const { device_id, order_code, order_used_flow, high_flow_balance } = usage;
			expect(allStrings({ device_id, order_code, order_used_flow, high_flow_balance })).toBe(true);
			expect(usage).toMatchObject({ device_id: SIM_IN_USE, iccid: SIM_IN_USE, order_code: SIM_IN_USE_ORDER, orderId: SIM_IN_USE_ORDER, total: 1024, percentUsed: expect.any(Number) });
			expect(usage.used).toBe(Number(order_used_flow));
			expect(usage.remaining).toBe(Number(high_flow_balance));
			expect(usage.used + usage.remaining).toBe(1024);
			expect(usage).not.toHaveProperty('sign');
		},
	}),
	row({
		id: 'usage.getMany',
		path: '/flow/queryDeviceFlowUsage',
		requests: 2,
		params: () => ({ device_ids: `${SIM_IN_USE}, ${SIM_PAUSED}` }),
		check: (records) => expect(records.map((u) => u.iccid)).toEqual([SIM_IN_USE, SIM_PAUSED]),
	}),
	row({
		id: 'usage.getMnoRemaining',
		path: '/flow/getInfoByDeviceId',
		params: () => ({ device_id: SIM_IN_USE }),
		check: (records) => expect(records).toEqual([expect.objectContaining({ device_id: SIM_IN_USE, remaining_flow: expect.stringMatching(/^\d+$/) })]),
	}),
	row({
		id: 'plan.getPlans',
		path: '/package/syncPackages',
		params: () => ({}),
		check: (records) => {
			expect(records).toContainEqual(expect.objectContaining({ package_code: PLAN_1GB.package_code, package_name: PLAN_1GB.package_name, package_type: '2', flow: '1024' }));
			expect(records.map((p) => p.package_type).sort()).toEqual(expect.arrayContaining(['0', '1', '2', '3', '4', '5']));
			expect(records.length).toBeGreaterThanOrEqual(PLANS.length - 1);
		},
	}),
	row({
		id: 'plan.order',
		path: '/package/orderPackage',
		params: () => ({ device_id: SIM_NO_PLAN, ...PLAN_1GB }),
		check: (records, sim) => {
			expect(records).toEqual([{ order_id: expect.stringMatching(/^ORDER_\d+$/), order_start_date: null, order_expire_date: null }]);
			expect(ordersOf(sim, SIM_NO_PLAN)).toEqual([expect.objectContaining({ orderCode: records[0].order_id, orderStatus: '0', flow: '1024' })]);
		},
	}),
	row({
		id: 'plan.bulkOrder',
		path: '/package/batchOrderPackages',
		// One result per SIM, each with its own order.
		params: () => ({ deviceList: `${SIM_NO_PLAN}, ${SIM_NO_PLAN_2}`, ...PLAN_1GB }),
		check: (records, sim) => {
			expect(records).toEqual([
				expect.objectContaining({ error: '0000', errorMsg: 'success', device_id: SIM_NO_PLAN, order_id: expect.any(String) }),
				expect.objectContaining({ error: '0000', errorMsg: 'success', device_id: SIM_NO_PLAN_2, order_id: expect.any(String) }),
			]);
			expect(sim.admin.counters().ordersCreated).toBe(2);
		},
	}),
	row({
		id: 'plan.renew',
		path: '/package/renewPackage',
		params: () => ({ order_id: SIM_IN_USE_ORDER, renew_period: 2 }),
		before: (sim) => sim.admin.order(SIM_IN_USE_ORDER).expireDate,
		check: ([renewed], sim, before) => {
			expect(renewed.order_id).toBe(SIM_IN_USE_ORDER);
			expect(parseDate(renewed.order_expire_date) - parseDate(before)).toBe(60 * DAY);
			expect(sim.admin.order(SIM_IN_USE_ORDER)).toMatchObject({ flow: String(3 * 1024), renewCount: 1 });
			expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
		},
	}),
	row({
		id: 'plan.getOrders',
		path: '/package/queryOrder',
		params: () => ({ device_id: SIM_IN_USE }),
		check: (records, sim) => {
			expect(records).toHaveLength(ordersOf(sim, SIM_IN_USE).length);
			expect(records[0]).toMatchObject({ orderCode: SIM_IN_USE_ORDER, orderStatus: '1', buyType: '1', deviceId: SIM_IN_USE, flow: '1024' });
			for (const order of records) expect(order.deviceId).toBe(SIM_IN_USE);
			expect(Object.keys(records[0])).toHaveLength(22);
			expect(allStrings(records[0])).toBe(true);
			expect(records[0].expireDate).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
		},
	}),
	row({
		id: 'plan.enable',
		path: '/package/openPackage',
		params: (sim) => ({ order_id: ordersOf(sim, SIM_UNENABLED_ONLY)[0].orderCode }),
		before: (sim) => ordersOf(sim, SIM_UNENABLED_ONLY)[0].orderCode,
		check: ([enabled], sim, orderId) => {
			expect(enabled).toMatchObject({ order_id: orderId, order_status: '1', order_start_date: expect.any(String), order_expire_date: expect.any(String) });
			expect(sim.admin.order(orderId).orderStatus).toBe('1');
		},
	}),
	row({
		id: 'plan.cancel',
		path: '/package/cancelPackage',
		params: (sim) => ({ order_id: queuedOrder(sim) }),
		before: queuedOrder,
		check: ([cancelled], sim, orderId) => {
			expect(cancelled).toMatchObject({ order_id: orderId, order_status: '3' });
			expect(sim.admin.order(orderId).orderStatus).toBe('3');
		},
	}),
	row({
		id: 'plan.endEarly',
		path: '/package/aheadFinishDeviceOrder',
		params: () => ({ order_id: SIM_IN_USE_ORDER }),
		check: ([ended], sim) => {
			expect(ended).toMatchObject({ order_id: SIM_IN_USE_ORDER, order_status: '2' });
			expect(ordersOf(sim, SIM_IN_USE).some((o) => o.orderStatus === '2')).toBe(true);
			expect(ordersOf(sim, SIM_IN_USE).some((o) => o.orderStatus === '1')).toBe(false);
		},
	}),
	row({
		id: 'plan.pause',
		path: '/device/pauseService',
		params: () => ({ device_id: SIM_IN_USE }),
		check: ([paused], sim) => {
			expect(paused).toMatchObject({ order_id: SIM_IN_USE_ORDER, device_id: SIM_IN_USE, order_status: '4' });
			expect(ordersOf(sim, SIM_IN_USE).some((o) => o.orderStatus === '4')).toBe(true);
		},
	}),
	row({
		id: 'plan.resume',
		path: '/device/restartService',
		params: () => ({ device_id: SIM_PAUSED }),
		check: ([resumed], sim) => {
			expect(resumed).toMatchObject({ device_id: SIM_PAUSED, order_status: '1' });
			expect(orderStatusesOf(sim)).not.toContain('4');
		},
	}),
	row({
		id: 'plan.orderOta',
		path: '/package/createOtaOrder',
		params: () => ({ device_id: SIM_NO_PLAN, ...PLAN_1GB, ...DEMO_OTA_PLAN, is_open: '1', pay_type: '2', days: 364, timing_type: '1' }),
		check: ([order], sim) => {
			expect(order.order_id).toBeDefined();
			expect(parseDate(order.order_expire_date) - parseDate(order.order_start_date)).toBe(364 * DAY);
			expect(ordersOf(sim, SIM_NO_PLAN)[0]).toMatchObject({ buyType: '3', orderStatus: '1', flow: '102400' });
		},
	}),
	row({
		id: 'sms.send',
		path: '/sms/sendSms',
		params: () => ({ device_id: SIM_IN_USE, content: '你好 hello' }),
		check: (records) => expect(records).toEqual([{ device_id: SIM_IN_USE, message_id: expect.stringMatching(/^SMS\d+$/) }]),
	}),
	row({
		id: 'custom.call',
		path: '/flow/queryDeviceFlowUsage',
		params: () => ({ path: '/flow/queryDeviceFlowUsage', params: { device_id: SIM_IN_USE } }),
		check: (records) => expect(records).toEqual([expect.objectContaining({ device_id: SIM_IN_USE, order_code: SIM_IN_USE_ORDER })]),
	}),
];

/** Stands in for the demo simulator where a case reads an order of it: every SIM has one order, O1, in status 0. */
const STAND_IN = { admin: { sim: () => ({ orders: [{ orderCode: 'O1', orderStatus: '0' }] }) } } as unknown as RunningSimulator;

/** A case's params without a simulator, for unit tests of validation: order ids are a stand-in's. */
export function exampleParams(id: string): Params {
	return operationCase(id).params(STAND_IN);
}

/** The case of one operation. */
export function operationCase(id: string): OperationCase {
	const found = OPERATION_CASES.find((c) => c.id === id);
	if (!found) throw new Error(`no operation case for ${id} in packages/testkit/src/operation-cases.ts`);
	return found;
}
