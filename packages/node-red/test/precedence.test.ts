import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { OPTION_TYPE } from '../src/editor-catalog';
import { configNode, firstMessage, helper, load, PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, SIM_PAUSED, sleep, str, useSimulator, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

/**
 * The node's own settings win over the message (issue 13, money safety): a field set in the node — str, num,
 * env, or a msg TypedInput naming its property — is what is sent; msg.iccid / msg.orderId / msg.params.<name>
 * fill only fields left empty; a differing msg value is ignored with one warning per deploy naming the field.
 * What was sent is read from the simulator's request log.
 */

const sim = useSimulator();

type Typed = { value: string; type: string };
type Setting = 'str' | 'num' | 'msg' | 'env' | 'empty';

interface FieldCase {
	label: string;
	operation: string;
	path: string;
	field: string;
	/** Other fields of the node, as set in the editor. */
	others: Record<string, Typed>;
	/** The value the node is set to, and the one the message carries. */
	nodeValue: string | number;
	msgValue: string | number;
	/** The message property that carries msgValue. */
	carry: (msg: Record<string, unknown>, value: string | number) => void;
	settings: Setting[];
}

/** A second order that can be renewed: the in-use order of another SIM. */
const otherOrder = () => sim.admin.sim(DEMO_ICCIDS[0]).orders[0].orderCode;

const CASES: FieldCase[] = [
	{
		label: 'ICCID',
		operation: 'usage.get',
		path: '/flow/queryDeviceFlowUsage',
		field: 'device_id',
		others: {},
		nodeValue: SIM_IN_USE,
		msgValue: SIM_PAUSED,
		carry: (msg, v) => (msg.iccid = v),
		settings: ['str', 'msg', 'env', 'empty'],
	},
	{
		label: 'order',
		operation: 'plan.renew',
		path: '/package/renewPackage',
		field: 'order_id',
		others: { renew_period: { value: '1', type: 'num' } },
		nodeValue: SIM_IN_USE_ORDER,
		msgValue: 'OTHER',
		carry: (msg, v) => (msg.orderId = v),
		settings: ['str', 'msg', 'env', 'empty'],
	},
	{
		label: 'params',
		operation: 'plan.renew',
		path: '/package/renewPackage',
		field: 'renew_period',
		others: { order_id: str(SIM_IN_USE_ORDER) },
		nodeValue: 2,
		msgValue: 3,
		carry: (msg, v) => (msg.params = { renew_period: v }),
		settings: ['num', 'msg', 'env', 'empty'],
	},
];

const ENV = 'LINKSFIELD_PRECEDENCE_VALUE';

/** The node's TypedInput for a setting; a msg TypedInput reads msg.fromFlow, which the message then carries. */
function typed(setting: Setting, value: string | number): Typed {
	if (setting === 'str' || setting === 'num') return { value: String(value), type: setting };
	if (setting === 'msg') return { value: 'fromFlow', type: 'msg' };
	if (setting === 'env') return { value: ENV, type: 'env' };
	return { value: '', type: typeof value === 'number' ? 'num' : 'str' };
}

const warnings: string[] = [];
async function deploy(node: Record<string, unknown>, extra: FlowNode[] = []): Promise<void> {
	await load([configNode(sim), { id: 'cube', type: 'linksfield-cube', cube: 'cfg', wires: [['out']], ...node }, { id: 'out', type: 'helper' }, ...extra]);
	warnings.length = 0;
	helper.getNode('cube').on('call:warn', (call: { args: [unknown] }) => warnings.push(String(call.args[0])));
}

async function run(msg: Record<string, unknown>): Promise<{ id: string; msg: any }> {
	const first = firstMessage(['out', 'caught']);
	helper.getNode('cube').receive(msg);
	return first;
}

describe.each(CASES)('$label ($field)', (c) => {
	// A field left empty and no msg value: refused, nothing sent (the catalog default is only for fields the node lacks).
	const expected = (setting: Setting, msgPresent: boolean) => (setting !== 'empty' ? c.nodeValue : msgPresent ? c.msgValue : undefined);
	const cells = c.settings.flatMap((setting) => [true, false].map((msgPresent) => [setting, msgPresent] as const));

	it.each(cells)('node %s × msg value present: %s', async (setting, msgPresent) => {
		process.env[ENV] = String(c.nodeValue);
		try {
			await deploy({ operation: c.operation, params: { ...c.others, [c.field]: typed(setting, c.nodeValue) } });
			const msg: Record<string, unknown> = { fromFlow: c.nodeValue };
			if (msgPresent) c.carry(msg, c.msgValue);
			const { id, msg: got } = await run(msg);
			const sent = sim.admin.requests({ path: c.path });
			const want = expected(setting, msgPresent);
			if (want === undefined) {
				expect(id).toBe('caught');
				expect(got._error).toMatchObject({ kind: 'validation', field: c.field });
				expect(sent).toHaveLength(0);
			} else {
				expect(sent).toHaveLength(1);
				expect(String((sent[0].body as Record<string, unknown>)[c.field])).toBe(String(want));
			}
			const conflict = setting !== 'empty' && msgPresent;
			expect(warnings).toHaveLength(conflict ? 1 : 0);
			if (conflict) expect(warnings[0]).toContain(`(${c.field})`);
		} finally {
			delete process.env[ENV];
		}
	});
});

it('a msg TypedInput that names the same property as the override is no conflict (the headline renew node)', async () => {
	await deploy({ operation: 'plan.renew', params: { order_id: { value: 'orderId', type: 'msg' }, renew_period: { value: '1', type: 'num' } } });
	expect((await run({ orderId: SIM_IN_USE_ORDER })).id).toBe('out');
	expect(sim.admin.counters().renewalsByOrder).toEqual({ [SIM_IN_USE_ORDER]: 1 });
	expect(warnings).toEqual([]);
});

it('a field set to a msg property that the message lacks is not filled from msg.orderId: refused, nothing sent', async () => {
	await deploy({ operation: 'plan.renew', params: { order_id: { value: 'chosen.order', type: 'msg' }, renew_period: { value: '1', type: 'num' } } });
	const { id, msg } = await run({ chosen: {}, orderId: SIM_IN_USE_ORDER });
	expect(id).toBe('caught');
	expect(msg._error).toMatchObject({ kind: 'validation', field: 'order_id' });
	expect(sim.admin.requests({ path: '/package/renewPackage' })).toHaveLength(0);
	expect(warnings).toEqual([expect.stringContaining('msg.orderId')]);
});

it('Custom API Call: the node\'s body params win key by key, msg.params fill the rest', async () => {
	await deploy({ operation: 'custom.call', params: { path: str('/flow/queryDeviceFlowUsage'), params: { value: JSON.stringify({ device_id: SIM_IN_USE }), type: 'json' } } });
	expect((await run({ params: { device_id: SIM_PAUSED, note: 'from msg' } })).id).toBe('out');
	expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' })[0].body).toMatchObject({ device_id: SIM_IN_USE, note: 'from msg' });
	expect(warnings).toHaveLength(1);
	expect(warnings[0]).toContain('params.device_id');
});

it.each([
	['a catalog operation', { operation: 'usage.get', params: { device_id: str(SIM_IN_USE) } }],
	['the Custom API Call', { operation: 'custom.call', params: { path: str('/flow/queryDeviceFlowUsage'), params: { value: JSON.stringify({ device_id: SIM_IN_USE }), type: 'json' } } }],
])('msg.params keys constructor / toString are no fields the node set (%s): no conflict warning, refused naming the key', async (_name, node) => {
	await deploy(node);
	const { id, msg } = await run({ params: { constructor: 'x', toString: 'y' } });
	expect(warnings).toEqual([]);
	expect(id).toBe('caught');
	expect(msg._error).toMatchObject({ kind: 'validation', field: 'constructor' });
	expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' })).toHaveLength(0);
});

it.each([
	['a catalog operation', { operation: 'usage.get', params: {} }, '/flow/queryDeviceFlowUsage'],
	['the Custom API Call', { operation: 'custom.call', params: { path: str('/flow/queryDeviceFlowUsage') } }, '/flow/queryDeviceFlowUsage'],
])('a msg.params key __proto__ (as JSON.parse makes it) is refused naming it, not dropped or taken as a prototype (%s)', async (_name, node, path) => {
	await deploy(node);
	// Its value would otherwise become the params' prototype: device_id inherited, or the key silently gone.
	const { id, msg } = await run({ params: JSON.parse(`{"device_id":"${SIM_IN_USE}","__proto__":{"device_id":"${SIM_PAUSED}"}}`) });
	expect(id).toBe('caught');
	expect(msg._error).toMatchObject({ kind: 'validation', field: '__proto__' });
	expect(sim.admin.requests({ path })).toHaveLength(0);
});

it('a circular msg.params for the Custom API Call is refused naming the key where it refers back', async () => {
	await deploy({ operation: 'custom.call', params: { path: str('/flow/queryDeviceFlowUsage') } });
	const params: Record<string, unknown> = { device_id: SIM_IN_USE };
	params.self = params;
	const { id, msg } = await run({ params });
	expect(id).toBe('caught');
	// The body is a copy of msg.params, so the loop closes one level down: msg.params.self.self is msg.params.self.
	expect(msg._error).toMatchObject({ kind: 'validation', field: 'self.self' });
	expect(msg._error.message).toMatch(/circular object/);
	expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' })).toHaveLength(0);
});

it('a drop-down field set in the node wins over msg.params', async () => {
	await deploy({ operation: 'plan.order', params: { device_id: str(SIM_NO_PLAN), ...Object.fromEntries(Object.entries(PLAN_1GB).map(([k, v]) => [k, k === 'package_type' ? { value: String(v), type: OPTION_TYPE } : str(String(v))])) } });
	await run({ params: { package_type: '5' } });
	expect(sim.admin.requests({ path: '/package/orderPackage' })[0].body).toMatchObject({ package_type: String(PLAN_1GB.package_type) });
	expect(warnings).toHaveLength(1);
});

describe('money cases', () => {
	it('usage of SIM A → an order node set up for SIM B orders for B', async () => {
		const planFields = Object.fromEntries(Object.entries(PLAN_1GB).map(([k, v]) => [k, k === 'package_type' ? { value: String(v), type: OPTION_TYPE } : str(String(v))]));
		await load([
			configNode(sim),
			{ id: 'usage', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(SIM_IN_USE) }, wires: [['cube']] },
			{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation: 'plan.order', params: { device_id: str(SIM_NO_PLAN_2), ...planFields }, wires: [['out']] },
			{ id: 'out', type: 'helper' },
		]);
		const warned: string[] = [];
		helper.getNode('cube').on('call:warn', (call: { args: [unknown] }) => warned.push(String(call.args[0])));
		const first = firstMessage(['out', 'caught']);
		helper.getNode('usage').receive({});
		const { id, msg } = await first;
		expect(id).toBe('out');
		const orders = sim.admin.requests({ path: '/package/orderPackage' });
		expect(orders.map((r) => (r.body as Record<string, unknown>).device_id)).toEqual([SIM_NO_PLAN_2]);
		expect(sim.admin.sim(SIM_NO_PLAN_2).orders.map((o) => o.orderCode)).toContain(msg.payload.order_id);
		expect(sim.admin.sim(SIM_IN_USE).orders.map((o) => o.orderCode)).not.toContain(msg.payload.order_id);
		expect(warned).toHaveLength(1);
		expect(warned[0]).toContain('device_id');
		expect(warned[0]).toContain('msg.iccid');
	});

	it('usage → a renew node set to order X renews X, not the usage\'s order', async () => {
		const x = otherOrder();
		await load([
			configNode(sim),
			{ id: 'usage', type: 'linksfield-cube', cube: 'cfg', operation: 'usage.get', params: { device_id: str(SIM_IN_USE) }, wires: [['cube']] },
			{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation: 'plan.renew', params: { order_id: str(x), renew_period: { value: '1', type: 'num' } }, wires: [['out']] },
			{ id: 'out', type: 'helper' },
		]);
		const first = firstMessage(['out', 'caught']);
		helper.getNode('usage').receive({});
		expect((await first).id).toBe('out');
		expect(sim.admin.requests({ path: '/package/renewPackage' }).map((r) => (r.body as Record<string, unknown>).order_id)).toEqual([x]);
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [x]: 1 });
	});
});

it('a conflict warns once per deploy, naming the field; a redeploy warns again once', async () => {
	for (let deployNo = 0; deployNo < 2; deployNo++) {
		if (deployNo) await helper.unload();
		await deploy({ operation: 'usage.get', params: { device_id: str(SIM_IN_USE) } });
		for (let i = 0; i < 3; i++) expect((await run({ iccid: SIM_PAUSED })).id).toBe('out');
		await sleep(20);
		expect(warnings).toEqual([expect.stringContaining('ICCID (device_id)')]);
		expect(warnings[0]).toContain('msg.iccid');
	}
	expect(sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' }).map((r) => (r.body as Record<string, unknown>).device_id)).toEqual(Array(6).fill(SIM_IN_USE));
});
