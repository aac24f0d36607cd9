import { CubeValidationError } from '../src/results/errors';
import { OPERATIONS, getOperation, type OperationSpec } from '../src/catalog/operations';
import { checkedBaseUrl } from '../src/client/environments';
import { checkPath, customCallBody, iccidsFromText, validateParams } from '../src/catalog/validate';
import { exampleParams } from '@linksfield-cube/testkit/operation-cases';

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

/** An operation's valid input: the table's, or its operation case's (an operation added since has only that). */
const exampleOf = (id: string) => VALID[id]?.input ?? exampleParams(id);
const pagingOf = (op: OperationSpec) => (op.paging ? { [op.paging.pageNo]: 1, [op.paging.pageSize]: 10 } : {});

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
	it('has a valid example for every entry (the table above, else the testkit\'s operation case)', () => {
		for (const op of OPERATIONS) expect(() => validateParams(op, { ...pagingOf(op), ...exampleOf(op.id) })).not.toThrow();
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
			const input = { ...exampleOf(id), [name]: '' };
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

describe('extra params never silently replace a catalog field', () => {
	const renew = getOperation('plan.renew');
	const expectRefused = (run: () => unknown, field: string, rule: RegExp) => {
		const err = (() => {
			try {
				run();
			} catch (e) {
				return e as CubeValidationError;
			}
			throw new Error('expected a CubeValidationError');
		})();
		expect(err).toBeInstanceOf(CubeValidationError);
		expect(err.field).toBe(field);
		expect(err.message).toMatch(rule);
	};

	it('a different value in both places is refused, naming the field and the extra parameters', () => {
		expectRefused(() => validateParams(renew, { order_id: 'SHOWN', renew_period: 1 }, {}, { order_id: 'OTHER' }), 'order_id', /given twice.*its field \("SHOWN"\).*extra parameters \("OTHER"\)/);
		expectRefused(() => validateParams(renew, { order_id: 'O1', renew_period: 1 }, {}, { renew_period: 5 }), 'renew_period', /given twice/);
	});

	it('a catalog field given only as extra is checked by its own rules', () => {
		expectRefused(() => validateParams(renew, { order_id: 'O1' }, {}, { renew_period: 1e9 }), 'extra.renew_period', /at most 120/);
		expectRefused(() => validateParams(renew, { order_id: 'O1' }, {}, { renew_period: '0x10' }), 'extra.renew_period', /whole number/);
		expectRefused(() => validateParams(renew, { renew_period: 1 }, {}, { order_id: ['O1'] }), 'extra.order_id', /must be text/);
		// …and converted like the field would be: a period is sent as a JSON number.
		expect(validateParams(renew, { order_id: 'O1' }, {}, { renew_period: '2' })).toEqual({ order_id: 'O1', renew_period: 2 });
	});

	it('the same value in both places is one value', () => {
		expect(validateParams(renew, { order_id: 'O1', renew_period: 2 }, {}, { renew_period: '2' })).toEqual({ order_id: 'O1', renew_period: 2 });
	});
});

describe('bounds: decimal digits only, our own cap per count', () => {
	const order = VALID['plan.order'].input;
	it.each([
		['plan.renew', { order_id: 'O1', renew_period: 1e9 }, 'renew_period', /at most 120/],
		['plan.renew', { order_id: 'O1', renew_period: 121 }, 'renew_period', /at most 120/],
		['plan.renew', { order_id: 'O1', renew_period: '1e3' }, 'renew_period', /whole number/],
		['plan.renew', { order_id: 'O1', renew_period: '0x10' }, 'renew_period', /whole number/],
		['plan.order', { ...order, order_period: '1000000000' }, 'order_period', /at most 120/],
		['plan.order', { ...order, order_period: 1e9 }, 'order_period', /at most 120/],
		['plan.order', { ...order, test_flow: '1e3' }, 'test_flow', /whole number/],
		['plan.orderOta', { ...VALID['plan.orderOta'].input, days: 1e9 }, 'days', /at most 3650/],
		['plan.getOrders', { page_no: 1e9, page_size: 10 }, 'page_no', /at most 100000/],
		['plan.order', { ...order, pay_amount: 1.005 }, 'pay_amount', /two decimals.*1\.005/],
		['plan.order', { ...order, pay_amount: 0.1 + 0.2 }, 'pay_amount', /two decimals/],
		['plan.order', { ...order, pay_amount: 1e21 }, 'pay_amount', /two decimals/],
	])('%s refuses %j naming %s', (id, input, field, rule) => {
		expectInvalid(getOperation(id), input as Record<string, unknown>, field as string, rule as RegExp);
	});

	it('accepts the caps themselves and exact amounts, unrounded', () => {
		expect(validateParams(getOperation('plan.renew'), { order_id: 'O1', renew_period: 120 })).toMatchObject({ renew_period: 120 });
		expect(validateParams(getOperation('plan.order'), { ...order, pay_amount: 1.05 })).toMatchObject({ pay_amount: '1.05' });
		expect(validateParams(getOperation('plan.order'), { ...order, pay_amount: 3 })).toMatchObject({ pay_amount: '3' });
	});

	it('states each cap as our own in the field description', () => {
		for (const [id, name] of [['plan.renew', 'renew_period'], ['plan.order', 'order_period'], ['plan.orderOta', 'days'], ['plan.order', 'test_flow'], ['plan.getOrders', 'page_no']]) {
			const spec = getOperation(id).params.find((p) => p.name === name)!;
			expect(spec.max).toBeGreaterThan(0);
			expect(spec.description).toContain("this node's own cap, not the vendor's");
		}
	});
});

describe('values that cannot be sent as signed are refused before sending, naming the field', () => {
	const op = getOperation('sim.getAll');
	it.each([
		[{ big: 10n }, 'big', /cannot be sent as JSON, got bigint 10/],
		[{ nested: { deep: [1, 2n] } }, 'nested.deep[1]', /bigint/],
		[{ when: new Date(0) }, 'when', /cannot be sent as JSON, got Date/],
		[{ n: NaN }, 'n', /finite number/],
		[{ f: () => 1 }, 'f', /cannot be sent as JSON, got function/],
		[JSON.parse('{"constructor": "x"}'), 'constructor', /HTTP clients drop/],
		[JSON.parse('{"__proto__": {"a": 1}}'), '__proto__', /HTTP clients drop/],
		[{ meta: JSON.parse('{"prototype": 1}') }, 'meta.prototype', /HTTP clients drop/],
	])('extra %p → %s', (extra, field, rule) => {
		expect(() => validateParams(op, {}, {}, extra as Record<string, unknown>)).toThrow(CubeValidationError);
		try {
			validateParams(op, {}, {}, extra as Record<string, unknown>);
		} catch (e) {
			expect((e as CubeValidationError).field).toBe(field);
			expect((e as CubeValidationError).message).toMatch(rule);
		}
	});

	it('a BigInt in a catalog field is a validation error too, not a TypeError', () => {
		expectInvalid(getOperation('plan.renew'), { order_id: 'O1', renew_period: 5n }, 'renew_period', /whole number, got bigint 5/);
		expectInvalid(getOperation('usage.get'), { device_id: 89852022018041800192n }, 'device_id', /ICCID as text, got bigint/);
	});

	it('plain JSON extras still pass', () => {
		expect(validateParams(op, {}, {}, { a: [1, 'x', null, { b: true }] })).toEqual({ a: [1, 'x', null, { b: true }] });
	});
});

describe('paths below the base URL', () => {
	it.each(['/package/../admin', '/..', '/a/./b', '../x', 'http://evil.example/x', '/a b'])('refuses %p naming path', (path) => {
		expect(() => checkPath('plan.enable', path)).toThrow(/parameter "path"/);
	});
	it('accepts plain paths, trimmed', () => {
		expect(checkPath('plan.enable', ' /package/open.v2 ')).toBe('/package/open.v2');
	});
});

describe('base URL', () => {
	it.each(['not a url', 'ftp://host/x', 'http://user:pw@host', 'http://host/cube/v4?x=1', 'http://host/#a', ''])('refuses %p as a validation error naming baseUrl', (url) => {
		let error: unknown;
		try {
			checkedBaseUrl(url);
		} catch (e) {
			error = e;
		}
		expect(error).toBeInstanceOf(CubeValidationError);
		expect((error as CubeValidationError).field).toBe('baseUrl');
	});
	it('accepts http(s) URLs with a base path, without the trailing slash', () => {
		expect(checkedBaseUrl('https://api-uat.io.linksfield.net/cube/v4/')).toBe('https://api-uat.io.linksfield.net/cube/v4');
	});
});

describe('iccidsFromText', () => {
	test('splits text on commas, semicolons, spaces and new lines, and trims array entries', () => {
		expect(iccidsFromText('89852022018041800192, 89852022018041800193;\n89852022018041800194')).toEqual(['89852022018041800192', '89852022018041800193', '89852022018041800194']);
		expect(iccidsFromText([' 89852022018041800192 ', 89852022018041800193n, ''])).toEqual(['89852022018041800192', '89852022018041800193']);
		expect(iccidsFromText(undefined)).toEqual([]);
	});
});

describe('the custom call\'s body', () => {
	/** An object that contains itself, as a flow can build by mistake. */
	function circular(): Record<string, unknown> {
		const o: Record<string, unknown> = { a: 1 };
		o.self = o;
		return o;
	}
	it.each([
		['itself', () => circular(), 'self'],
		['an object inside a list', () => ({ list: [{ b: circular() }] }), 'list[0].b.self'],
	])('a circular object (%s) is refused where it refers back, not 33 levels down', (_name, body, field) => {
		const err = (() => {
			try {
				customCallBody('custom.call', body());
			} catch (e) {
				return e as CubeValidationError;
			}
		})();
		expect(err).toBeInstanceOf(CubeValidationError);
		expect(err!.field).toBe(field);
		expect(err!.message).toMatch(/circular object/);
	});
});
