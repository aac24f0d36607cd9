import { CubeValidationError } from '../src/errors';
import { OPERATIONS, getOperation, type OperationSpec } from '../src/operations';
import { validateParams } from '../src/validate';

const ICCID = '89852022018041800192';
const PLAN = { package_code: 'DP20190726001274', package_name: 'C_M_0_P_中国20M不限速月套餐', package_type: '2', order_period: 1, is_open: '0', global_order: '0', pay_amount: '0', pay_rst: '2', test_flow: '0', test_flow_flag: '0' };

/** A valid input for every catalog entry, and the exact body it must become. */
const VALID: Record<string, { input: Record<string, unknown>; body: Record<string, unknown> }> = {
	'sim.getAll': { input: {}, body: {} },
	'sim.get': { input: { device_id: ICCID }, body: { device_id: ICCID } },
	'sim.getInUse': { input: {}, body: {} },
	'usage.get': { input: { device_id: ` ${ICCID} ` }, body: { device_id: ICCID } },
	'usage.getMany': { input: { device_ids: `${ICCID},89852022018041800193` }, body: { device_ids: [ICCID, '89852022018041800193'] } },
	'usage.getMnoRemaining': { input: { device_id: ICCID }, body: { device_id: ICCID } },
	'plan.getPlans': { input: {}, body: {} },
	'plan.order': { input: { device_id: ICCID, ...PLAN }, body: { device_id: ICCID, ...PLAN, order_period: '1' } },
	'plan.bulkOrder': { input: { deviceList: [ICCID], ...PLAN, pay_amount: 12.5 }, body: { deviceList: [ICCID], ...PLAN, order_period: '1', pay_amount: '12.50' } },
	'plan.renew': { input: { order_id: '202107061625560742397', renew_period: '2' }, body: { order_id: '202107061625560742397', renew_period: 2 } },
	'plan.getOrders': { input: { page_no: 1, page_size: 2, device_id: '' }, body: { page_no: 1, page_size: 2 } },
	'plan.enable': { input: { order_id: 'O1' }, body: { order_id: 'O1' } },
	'plan.cancel': { input: { order_id: 'O1' }, body: { order_id: 'O1' } },
	'plan.endEarly': { input: { order_id: 'O1' }, body: { order_id: 'O1' } },
	'plan.pause': { input: { device_id: ICCID }, body: { device_id: ICCID } },
	'plan.resume': { input: { device_id: ICCID, order_id: 'O1' }, body: { device_id: ICCID, order_id: 'O1' } },
	'plan.orderOta': { input: { device_id: ICCID, ...PLAN, pay_type: '2', days: 364, timing_type: '1', mcc: '' }, body: { device_id: ICCID, ...PLAN, order_period: '1', pay_type: '2', days: 364, timing_type: '1' } },
	'sms.send': { input: { device_id: ICCID, content: 'hello' }, body: { device_id: ICCID, content: 'hello' } },
	'custom.call': { input: { path: '/x', params: { a: 1 } }, body: { path: '/x', params: { a: 1 } } },
};

function expectInvalid(op: OperationSpec, input: Record<string, unknown>, field: string, rule: RegExp) {
	try {
		validateParams(op, input);
	} catch (err) {
		expect(err).toBeInstanceOf(CubeValidationError);
		expect((err as CubeValidationError).field).toBe(field);
		expect((err as CubeValidationError).message).toMatch(rule);
		expect((err as CubeValidationError).message).toContain(field);
		return;
	}
	throw new Error(`expected ${op.id} to refuse ${JSON.stringify(input)}`);
}

describe('catalog', () => {
	it('has a valid example for every entry (the table above is complete)', () => {
		expect(Object.keys(VALID).sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
	});

	it('has unique ids and paths, and an explanation for every inferred entry', () => {
		expect(new Set(OPERATIONS.map((o) => o.id)).size).toBe(OPERATIONS.length);
		const paths = OPERATIONS.filter((o) => o.path).map((o) => o.path);
		expect(new Set(paths).size).toBe(paths.length);
		for (const op of OPERATIONS.filter((o) => o.docStatus === 'inferred')) expect(op.docNote).toMatch(/infer/i);
	});

	it('marks every write as not idempotent and every read as idempotent', () => {
		const writes = ['plan.order', 'plan.bulkOrder', 'plan.renew', 'plan.enable', 'plan.cancel', 'plan.endEarly', 'plan.pause', 'plan.resume', 'plan.orderOta', 'sms.send', 'custom.call'];
		for (const op of OPERATIONS) expect([op.id, op.idempotent]).toEqual([op.id, !writes.includes(op.id)]);
	});

	it('invents no path for the NOT FOUND batch / daily / monthly usage endpoints', () => {
		expect(getOperation('usage.getMany').path).toBeNull();
		expect(OPERATIONS.some((o) => /batch.*flow|daily|monthly/i.test(o.path ?? ''))).toBe(false);
	});
});

describe('validateParams', () => {
	it.each(Object.entries(VALID))('%s accepts a valid input and sends the API types', (id, { input, body }) => {
		expect(validateParams(getOperation(id), input)).toEqual(body);
	});

	it.each(OPERATIONS.flatMap((op) => op.params.filter((p) => p.required).map((p) => [op.id, p.name] as const)))(
		'%s refuses a missing required %s',
		(id, name) => {
			const input = { ...VALID[id].input, [name]: '' };
			expectInvalid(getOperation(id), input, name, /is required/);
		},
	);

	it.each([
		['usage.get', { device_id: '8985202201804180019' + 'x' }, 'device_id', /19–20 digits/],
		['usage.get', { device_id: '123' }, 'device_id', /19–20 digits/],
		['usage.get', { device_id: '898520220180418001921' }, 'device_id', /19–20 digits/],
		['usage.get', { device_id: 89852022018041800192 }, 'device_id', /too long to be exact/],
		['usage.get', { device_id: ['1'] }, 'device_id', /ICCID as text/],
		['usage.get', { device_id: ICCID, iccid: ICCID }, 'iccid', /not a parameter/],
		['plan.renew', { order_id: 'O1', renew_period: 1.5 }, 'renew_period', /whole number/],
		['plan.renew', { order_id: 'O1', renew_period: 'two' }, 'renew_period', /whole number/],
		['plan.renew', { order_id: 'O1', renew_period: 0 }, 'renew_period', /at least 1/],
		['plan.renew', { order_id: { id: 1 }, renew_period: 1 }, 'order_id', /must be text/],
		['plan.order', { ...VALID['plan.order'].input, package_type: '9' }, 'package_type', /one of 0 \(Unlimited Daily Plan\)/],
		['plan.order', { ...VALID['plan.order'].input, pay_rst: 'paid' }, 'pay_rst', /one of/],
		['plan.order', { ...VALID['plan.order'].input, pay_amount: '1.234' }, 'pay_amount', /two decimals/],
		['plan.order', { ...VALID['plan.order'].input, order_period: '-1' }, 'order_period', /at least 1/],
		['plan.bulkOrder', { ...VALID['plan.bulkOrder'].input, deviceList: [] }, 'deviceList', /empty list/],
		['plan.bulkOrder', { ...VALID['plan.bulkOrder'].input, deviceList: [ICCID, ICCID] }, 'deviceList[1]', /repeats/],
		['plan.bulkOrder', { ...VALID['plan.bulkOrder'].input, deviceList: [ICCID, 'abc'] }, 'deviceList[1]', /19–20 digits/],
		['plan.bulkOrder', { ...VALID['plan.bulkOrder'].input, deviceList: Array.from({ length: 1001 }, (_, i) => String(89852022018041800000n + BigInt(i))) }, 'deviceList', /at most 1000/],
		['plan.bulkOrder', { ...VALID['plan.bulkOrder'].input, deviceList: { a: 1 } }, 'deviceList', /list of ICCIDs/],
		['plan.getOrders', { page_no: 1, page_size: 500 }, 'page_size', /at most 100/],
		['custom.call', { path: '/x', params: 'a=1' }, 'params', /JSON object/],
	])('%s refuses %j naming %s', (id, input, field, rule) => {
		expectInvalid(getOperation(id), input as Record<string, unknown>, field as string, rule as RegExp);
	});

	it('ICCID strictness is configurable', () => {
		const op = getOperation('usage.get');
		expect(validateParams(op, { device_id: '8985202201' }, { iccidCheck: 'digits' })).toEqual({ device_id: '8985202201' });
		expect(validateParams(op, { device_id: 'SIM-A' }, { iccidCheck: 'off' })).toEqual({ device_id: 'SIM-A' });
		expect(() => validateParams(op, { device_id: 'SIM-A' }, { iccidCheck: 'digits' })).toThrow(CubeValidationError);
	});

	it('passes extra params through but refuses to let them replace the signed globals', () => {
		const op = getOperation('sim.getAll');
		expect(validateParams(op, {}, {}, { page_no: 1 })).toEqual({ page_no: 1 });
		expect(() => validateParams(op, {}, {}, { sign: 'x' })).toThrow(/set by the signer/);
	});
});
