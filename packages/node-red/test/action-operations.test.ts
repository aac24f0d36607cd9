import { getOperation, OPERATIONS } from '@linksfield-cube/core';
import { DAY, DEMO_OTA_PLAN, parseDate } from '@linksfield-cube/simulator';
import { OPTION_TYPE } from '../src/editor-catalog';
import {
	configNode,
	firstMessage,
	helper,
	load,
	PLAN_1GB,
	SIM_IN_USE,
	SIM_IN_USE_ORDER,
	SIM_NO_PLAN,
	SIM_NO_PLAN_2,
	SIM_PAUSED,
	SIM_UNENABLED_ONLY,
	SIM_WITH_QUEUED_ORDER,
	useSimulator,
} from '@linksfield-cube/testkit/node-red-helper';

/** Every catalog operation through the action node, its fields set the way the editor stores them. */

const sim = useSimulator();

const ordersOf = (iccid: string) => sim.admin.sim(iccid).orders;

/** Field values as TypedInputs of the type the editor would offer first for them. */
function typedFields(operation: string, values: Record<string, unknown>) {
	const op = getOperation(operation);
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => {
			const spec = op.params.find((p) => p.name === name);
			if (!spec) throw new Error(`${operation} has no parameter ${name}`);
			if (spec.type === 'enum') return [name, { value: String(value), type: OPTION_TYPE }];
			if (typeof value === 'number') return [name, { value: String(value), type: 'num' }];
			if (typeof value === 'object') return [name, { value: JSON.stringify(value), type: 'json' }];
			return [name, { value: String(value), type: 'str' }];
		}),
	);
}

/** Deploys one action node for `operation`, sends one message through it and returns what comes out. */
async function run(operation: string, values: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Promise<any> {
	await load([
		configNode(sim),
		{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation, params: typedFields(operation, values), wires: [['out']], ...props },
		{ id: 'out', type: 'helper' },
	]);
	const first = firstMessage(['out', 'caught']);
	helper.getNode('cube').receive({ payload: 'trigger', keep: 'me' });
	const { id, msg } = await first;
	if (id === 'caught') throw new Error(`caught: ${msg.error.message}`);
	expect(msg.keep).toBe('me');
	return msg;
}

const cases: Record<string, () => Promise<void>> = {
	'sim.getAll': async () => {
		const { payload } = await run('sim.getAll');
		expect(payload).toHaveLength(50);
	},
	'sim.get': async () => {
		const { payload } = await run('sim.get', { device_id: SIM_IN_USE });
		expect(payload).toMatchObject({ device_id: SIM_IN_USE, package_order: { orderCode: SIM_IN_USE_ORDER } });
	},
	'sim.getInUse': async () => {
		const { payload } = await run('sim.getInUse');
		expect(payload.map((s: { assetId: string }) => s.assetId)).toContain(SIM_IN_USE);
	},
	'usage.get': async () => {
		const msg = await run('usage.get', { device_id: SIM_IN_USE });
		expect(msg.payload).toMatchObject({ device_id: SIM_IN_USE, orderId: SIM_IN_USE_ORDER, total: 1024, used: expect.any(Number), remaining: expect.any(Number), percentUsed: expect.any(Number) });
		expect(msg.payload.used + msg.payload.remaining).toBe(1024);
		expect(msg).toMatchObject({ iccid: SIM_IN_USE, orderId: SIM_IN_USE_ORDER });
	},
	'usage.getMany': async () => {
		const msg = await run('usage.getMany', { device_ids: `${SIM_IN_USE}, ${SIM_PAUSED}` }, { manyOutput: 'array' });
		expect(msg.payload.map((u: { iccid: string }) => u.iccid)).toEqual([SIM_IN_USE, SIM_PAUSED]);
	},
	'usage.getMnoRemaining': async () => {
		const { payload } = await run('usage.getMnoRemaining', { device_id: SIM_IN_USE });
		expect(payload).toMatchObject({ device_id: SIM_IN_USE, remaining_flow: expect.stringMatching(/^\d+$/) });
	},
	'plan.getPlans': async () => {
		const { payload } = await run('plan.getPlans');
		expect(payload).toContainEqual(expect.objectContaining({ package_code: PLAN_1GB.package_code }));
	},
	'plan.order': async () => {
		const msg = await run('plan.order', { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		expect(msg.payload.order_id).toMatch(/^ORDER_\d+$/);
		expect(msg.orderId).toBe(msg.payload.order_id);
		expect(ordersOf(SIM_NO_PLAN)).toEqual([expect.objectContaining({ orderCode: msg.payload.order_id })]);
	},
	'plan.bulkOrder': async () => {
		// One result per SIM, each with its own order (here as one array; by default one message each).
		const { payload } = await run('plan.bulkOrder', { deviceList: [SIM_NO_PLAN, SIM_NO_PLAN_2], ...PLAN_1GB }, { manyOutput: 'array' });
		expect(payload.map((d: { device_id: string; error: string }) => [d.device_id, d.error])).toEqual([[SIM_NO_PLAN, '0000'], [SIM_NO_PLAN_2, '0000']]);
		expect(sim.admin.counters().ordersCreated).toBe(2);
	},
	'plan.renew': async () => {
		const before = sim.admin.order(SIM_IN_USE_ORDER).expireDate;
		const { payload } = await run('plan.renew', { order_id: SIM_IN_USE_ORDER, renew_period: 2 });
		expect(parseDate(payload.order_expire_date) - parseDate(before)).toBe(60 * DAY);
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	},
	'plan.getOrders': async () => {
		const { payload } = await run('plan.getOrders', { device_id: SIM_IN_USE });
		expect(payload).toEqual([expect.objectContaining({ orderCode: SIM_IN_USE_ORDER })]);
	},
	'plan.enable': async () => {
		const [order] = ordersOf(SIM_UNENABLED_ONLY);
		const { payload } = await run('plan.enable', { order_id: order.orderCode });
		expect(payload).toMatchObject({ order_id: order.orderCode, order_status: '1' });
	},
	'plan.cancel': async () => {
		const queued = ordersOf(SIM_WITH_QUEUED_ORDER).find((o) => o.orderStatus === '0')!;
		const { payload } = await run('plan.cancel', { order_id: queued.orderCode });
		expect(payload).toMatchObject({ order_id: queued.orderCode, order_status: '3' });
	},
	'plan.endEarly': async () => {
		const { payload } = await run('plan.endEarly', { order_id: SIM_IN_USE_ORDER });
		expect(payload).toMatchObject({ order_id: SIM_IN_USE_ORDER, order_status: '2' });
	},
	'plan.pause': async () => {
		const { payload } = await run('plan.pause', { device_id: SIM_IN_USE });
		expect(payload).toMatchObject({ device_id: SIM_IN_USE, order_status: '4' });
	},
	'plan.resume': async () => {
		const { payload } = await run('plan.resume', { device_id: SIM_PAUSED });
		expect(payload).toMatchObject({ device_id: SIM_PAUSED, order_status: '1' });
	},
	'plan.orderOta': async () => {
		const { payload } = await run('plan.orderOta', {
			device_id: SIM_NO_PLAN,
			...PLAN_1GB,
			...DEMO_OTA_PLAN,
			is_open: '1',
			pay_type: '2',
			days: 364,
			timing_type: '1',
		});
		expect(parseDate(payload.order_expire_date) - parseDate(payload.order_start_date)).toBe(364 * DAY);
	},
	'sms.send': async () => {
		const { payload } = await run('sms.send', { device_id: SIM_IN_USE, content: '你好 hello' });
		expect(payload).toEqual({ device_id: SIM_IN_USE, message_id: expect.stringMatching(/^SMS\d+$/) });
	},
	'custom.call': async () => {
		const { payload } = await run('custom.call', { path: '/flow/queryDeviceFlowUsage', params: { device_id: SIM_IN_USE } });
		expect(payload).toMatchObject({ device_id: SIM_IN_USE, order_code: SIM_IN_USE_ORDER });
		expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' })).toHaveLength(1);
	},
};

it('has a case for every operation of the catalog', () => {
	expect(Object.keys(cases).sort()).toEqual(OPERATIONS.map((op) => op.id).sort());
});

describe.each(Object.keys(cases))('%s through the linksfield-cube node', (id) => {
	it('succeeds against the simulator', () => cases[id]());
});
