/**
 * Bad inputs across operations, each with the field its error must name. Shared by the core, n8n and Node-RED
 * bad-input tests, so all three refuse the same catalogue before sending anything.
 */
export interface BadInput {
	operation: string;
	params: Record<string, unknown>;
	field: string;
	/** The node's Extra Parameters (n8n Options → Extra Parameters, Node-RED "Extra params"). */
	extra?: Record<string, unknown>;
	/** The node's path override (inferred endpoints). */
	path?: string;
}

/** An entry for a test name: JSON, with BigInts written out instead of throwing. */
export const describeInput = (bad: BadInput) =>
	JSON.stringify({ ...bad.params, ...(bad.extra ? { extra: bad.extra } : {}), ...(bad.path ? { pathOverride: bad.path } : {}) }, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v));

const ICCID = '89852022018041800192';
const PLAN = { package_code: 'DP20230101000001', package_name: 'Global 1GB', package_type: '2', order_period: '1', is_open: '0', global_order: '0', pay_amount: '0', pay_rst: '2', test_flow: '0', test_flow_flag: '0' };
const many = (n: number) => Array.from({ length: n }, (_, i) => String(89852022018041800000n + BigInt(i)));

export const BAD_INPUTS: BadInput[] = [
	{ operation: 'usage.get', params: { device_id: '' }, field: 'device_id' },
	{ operation: 'usage.get', params: {}, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: '   ' }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: '8985202201804180' }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: '898520220180418001920000' }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: '8985202201804180019X' }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: 89852022018041800192 }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: { iccid: ICCID } }, field: 'device_id' },
	{ operation: 'usage.get', params: { device_id: ICCID, deviceId: ICCID }, field: 'deviceId' },
	{ operation: 'sim.get', params: { device_id: [ICCID] }, field: 'device_id' },
	{ operation: 'usage.getMnoRemaining', params: { device_id: 'abc' }, field: 'device_id' },
	{ operation: 'plan.renew', params: { renew_period: 1 }, field: 'order_id' },
	{ operation: 'plan.renew', params: { order_id: 'O1' }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 'one' }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 1.5 }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 0 }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: -2 }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: ['O1'], renew_period: 1 }, field: 'order_id' },
	{ operation: 'plan.order', params: { ...PLAN }, field: 'device_id' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, package_code: '' }, field: 'package_code' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, package_type: '6' }, field: 'package_type' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, pay_rst: '3' }, field: 'pay_rst' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, pay_type: 'card' }, field: 'pay_type' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, is_open: 'yes' }, field: 'is_open' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, pay_amount: '12.345' }, field: 'pay_amount' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, pay_amount: '-1' }, field: 'pay_amount' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, order_period: '1 month' }, field: 'order_period' },
	{ operation: 'plan.bulkOrder', params: { ...PLAN, deviceList: [] }, field: 'deviceList' },
	{ operation: 'plan.bulkOrder', params: { ...PLAN, deviceList: many(1001) }, field: 'deviceList' },
	{ operation: 'plan.bulkOrder', params: { ...PLAN, deviceList: [ICCID, ICCID] }, field: 'deviceList[1]' },
	{ operation: 'plan.bulkOrder', params: { ...PLAN, deviceList: [ICCID, '12345'] }, field: 'deviceList[1]' },
	{ operation: 'plan.bulkOrder', params: { ...PLAN, deviceList: 42 }, field: 'deviceList' },
	{ operation: 'plan.getOrders', params: { page_no: 0 }, field: 'page_no' },
	{ operation: 'plan.getOrders', params: { page_size: 1000 }, field: 'page_size' },
	{ operation: 'plan.getOrders', params: { device_id: 'x' }, field: 'device_id' },
	{ operation: 'plan.orderOta', params: { device_id: ICCID, ...PLAN, pay_type: '2', timing_type: '1', days: 'many' }, field: 'days' },
	{ operation: 'plan.enable', params: {}, field: 'order_id' },
	{ operation: 'plan.cancel', params: { order_id: '' }, field: 'order_id' },
	{ operation: 'sms.send', params: { device_id: ICCID }, field: 'content' },
	{ operation: 'custom.call', params: { path: 'flow/x' }, field: 'path' },
	{ operation: 'custom.call', params: { path: '/x', params: { sign: 'forged' } }, field: 'sign' },
	{ operation: 'usage.getMany', params: { device_ids: [] }, field: 'device_ids' },
	// A catalog field given again as an extra parameter: never silently replaces the one shown.
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 1 }, extra: { order_id: 'O2' }, field: 'order_id' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 1 }, extra: { renew_period: 5 }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1' }, extra: { renew_period: 1e9 }, field: 'extra.renew_period' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN }, extra: { device_id: '89852022018041800193' }, field: 'device_id' },
	// Bounds: decimal digits only, our own caps, amounts never rounded.
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: 1e9 }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: '1e3' }, field: 'renew_period' },
	{ operation: 'plan.renew', params: { order_id: 'O1', renew_period: '0x10' }, field: 'renew_period' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, order_period: '1000000000' }, field: 'order_period' },
	{ operation: 'plan.orderOta', params: { device_id: ICCID, ...PLAN, pay_type: '2', timing_type: '1', days: 1e9 }, field: 'days' },
	{ operation: 'plan.order', params: { device_id: ICCID, ...PLAN, pay_amount: 1.005 }, field: 'pay_amount' },
	// What would fail after signing or leave the API's base path: refused before sending, naming the field.
	{ operation: 'custom.call', params: { path: '/flow/../../admin' }, field: 'path' },
	{ operation: 'plan.enable', params: { order_id: 'O1' }, path: '/package/../../x', field: 'path' },
	{ operation: 'custom.call', params: { path: '/x', params: { count: 10n } }, field: 'count' },
	{ operation: 'custom.call', params: { path: '/x', params: JSON.parse('{"constructor": "x"}') }, field: 'constructor' },
	{ operation: 'usage.get', params: { device_id: ICCID }, extra: JSON.parse('{"__proto__": {"a": 1}}'), field: '__proto__' },
];
