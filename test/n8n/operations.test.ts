import { OPERATIONS } from '@linksfield-cube/core';
import { PLANS, type RunningSimulator, DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { runWorkflow, withParameters, credentialFor, ordersOf, orderView, findOrder, SECRETS, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/**
 * Every catalog operation, run as workflow JSON by n8n-core's engine against the simulator, signed by the
 * real credential. Each case says which path it expects to hit exactly once.
 */

const sim = useTestSimulator();

const NO_PLAN_SIM = DEMO_ICCIDS[48];
const monthly = PLANS.find((p) => p.code === 'DP20230101000001')!;
const ota = PLANS.find((p) => p.code === 'DP20201218003915')!;
const planFields = (plan = monthly) => ({ package_code: plan.code, package_name: plan.name, package_type: plan.type, order_period: 1, is_open: '0', pay_rst: '2' });

async function runOperation(parameters: Record<string, unknown>) {
	const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credentialFor(sim));
	const text = JSON.stringify(result.run);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	return result;
}

interface Case {
	id: string;
	path: string;
	parameters: () => Record<string, unknown> | Promise<Record<string, unknown>>;
	check: (items: Record<string, unknown>[]) => void;
}

const inUse = () => findOrder(sim, '1');

const CASES: Case[] = [
	{ id: 'sim.getAll', path: '/device/queryBatchDevice', parameters: () => ({}), check: (items) => expect(items.length).toBeGreaterThan(0) },
	{
		id: 'sim.get',
		path: '/device/queryDevice',
		parameters: () => ({ device_id: DEMO_ICCIDS[0] }),
		check: (items) => expect(items).toEqual([expect.objectContaining({ device_id: DEMO_ICCIDS[0] })]),
	},
	{
		id: 'sim.getInUse',
		path: '/device/syncAssetInfo',
		parameters: () => ({}),
		check: (items) => {
			expect(items.length).toBeGreaterThan(10);
			for (const item of items) expect(item.assetId).toMatch(/^\d{19,20}$/);
		},
	},
	{
		id: 'usage.get',
		path: '/flow/queryDeviceFlowUsage',
		parameters: () => ({ device_id: DEMO_ICCIDS[0] }),
		check: ([usage]) => {
			const order = ordersOf(sim, DEMO_ICCIDS[0]).find((o) => o.orderStatus === '1')!;
			expect(usage).toMatchObject({ device_id: DEMO_ICCIDS[0], order_code: order.orderCode, orderId: order.orderCode, iccid: DEMO_ICCIDS[0] });
			expect(usage.used).toBe(Number(usage.order_used_flow));
			expect(usage.remaining).toBe(Number(usage.high_flow_balance));
			expect(usage.percentUsed).toBeGreaterThan(90);
			expect(usage).not.toHaveProperty('sign');
		},
	},
	{
		id: 'usage.getMany',
		path: '/flow/queryDeviceFlowUsage',
		parameters: () => ({ source: 'list', device_ids: `${DEMO_ICCIDS[0]}\n${DEMO_ICCIDS[1]}` }),
		check: (items) => expect(items.map((i) => i.iccid)).toEqual([DEMO_ICCIDS[0], DEMO_ICCIDS[1]]),
	},
	{
		id: 'usage.getMnoRemaining',
		path: '/flow/getInfoByDeviceId',
		parameters: () => ({ device_id: DEMO_ICCIDS[0] }),
		check: (items) => expect(items).toHaveLength(1),
	},
	{
		id: 'plan.getPlans',
		path: '/package/syncPackages',
		parameters: () => ({}),
		check: (items) => expect(items.length).toBeGreaterThanOrEqual(PLANS.length - 1),
	},
	{
		id: 'plan.order',
		path: '/package/orderPackage',
		parameters: () => ({ device_id: NO_PLAN_SIM, ...planFields(), pay_amount: '12.00' }),
		check: ([order]) => expect(orderView(sim, String(order.order_id)).deviceId).toBe(NO_PLAN_SIM),
	},
	{
		id: 'plan.bulkOrder',
		path: '/package/batchOrderPackages',
		parameters: () => ({ deviceList: `${DEMO_ICCIDS[48]}, ${DEMO_ICCIDS[49]}`, ...planFields() }),
		// One item per SIM, each with its own order.
		check: (items) => expect(items.map((i) => [i.device_id, i.error])).toEqual([[DEMO_ICCIDS[48], '0000'], [DEMO_ICCIDS[49], '0000']]),
	},
	{
		id: 'plan.renew',
		path: '/package/renewPackage',
		parameters: () => ({ order_id: inUse().orderCode, renew_period: 2 }),
		check: ([renewed]) => expect(orderView(sim, String(renewed.order_id)).renewCount).toBe(1),
	},
	{
		id: 'plan.getOrders',
		path: '/package/queryOrder',
		parameters: () => ({ returnAll: true, additionalFields: { device_id: DEMO_ICCIDS[0] } }),
		check: (items) => {
			expect(items.length).toBe(ordersOf(sim, DEMO_ICCIDS[0]).length);
			for (const item of items) expect(item.deviceId).toBe(DEMO_ICCIDS[0]);
		},
	},
	{
		id: 'plan.enable',
		path: '/package/openPackage',
		// The demo's queued order waits behind an order in use; a fresh order on a SIM without a plan can start.
		parameters: async () => {
			const { output } = await runOperation({ resource: 'plan', operation: 'order', device_id: NO_PLAN_SIM, ...planFields(), pay_amount: '12.00' });
			return { order_id: output('Cube')[0].order_id };
		},
		check: () => expect(ordersOf(sim, NO_PLAN_SIM).map((o) => o.orderStatus)).toEqual(['1']),
	},
	{
		id: 'plan.cancel',
		path: '/package/cancelPackage',
		parameters: () => ({ order_id: findOrder(sim, '0').orderCode }),
		check: () => expect(findOrder(sim, '3').orderStatus).toBe('3'),
	},
	{
		id: 'plan.endEarly',
		path: '/package/aheadFinishDeviceOrder',
		parameters: () => ({ order_id: inUse().orderCode }),
		check: () => expect(ordersOf(sim, DEMO_ICCIDS[0]).some((o) => o.orderStatus === '2')).toBe(true),
	},
	{
		id: 'plan.pause',
		path: '/device/pauseService',
		parameters: () => ({ device_id: inUse().deviceId }),
		check: () => expect(ordersOf(sim, DEMO_ICCIDS[0]).some((o) => o.orderStatus === '4')).toBe(true),
	},
	{
		id: 'plan.resume',
		path: '/device/restartService',
		parameters: () => ({ device_id: findOrder(sim, '4').deviceId }),
		check: () => expect(() => findOrder(sim, '4')).toThrow(),
	},
	{
		id: 'plan.orderOta',
		path: '/package/createOtaOrder',
		parameters: () => ({ device_id: NO_PLAN_SIM, ...planFields(ota), pay_type: '2', days: 30, timing_type: '1' }),
		check: ([order]) => expect(order.order_id).toBeDefined(),
	},
	{
		id: 'sms.send',
		path: '/sms/sendSms',
		parameters: () => ({ device_id: DEMO_ICCIDS[0], content: 'reboot' }),
		check: (items) => expect(items).toHaveLength(1),
	},
	{
		id: 'custom.call',
		path: '/flow/queryDeviceFlowUsage',
		parameters: () => ({ path: '/flow/queryDeviceFlowUsage', params: JSON.stringify({ device_id: DEMO_ICCIDS[1] }), safeToRetry: true }),
		check: ([data]) => expect(data.device_id).toBe(DEMO_ICCIDS[1]),
	},
];

test('every catalog operation has a case here', () => {
	expect(CASES.map((c) => c.id).sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
});

test.each(CASES)('$id → $path', async ({ id, path, parameters, check }) => {
	const op = OPERATIONS.find((o) => o.id === id)!;
	const params = await parameters();
	sim.admin.resetCounters();
	const { run, output } = await runOperation({ resource: op.resource, operation: op.operation, ...params });
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run.status).toBe('success');
	const counters = sim.admin.counters();
	const expected = id === 'usage.getMany' ? 2 : 1;
	expect(counters.requestsByPath[path]).toBe(expected);
	expect(counters.rejectedSignatures).toBe(0);
	check(output('Cube'));
});
