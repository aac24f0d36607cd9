import { CubeApiError, CubeValidationError, targetOf, toPlainError } from '../src';

// toPlainError() is what both runtimes hand to a flow (n8n error items, Node-RED msg.error): `kind` is the failure
// class, `code` the vendor's code and nothing else.
describe('toPlainError', () => {
	test('a vendor refusal: kind business, code the vendor code', () => {
		const error = new CubeApiError({ operation: 'usage.get', kind: 'business', code: '2001', vendorMessage: 'SIM card not found', outcome: 'failed' });
		expect(toPlainError(error, { iccid: '89852022018041800192' })).toEqual({
			message: error.message,
			kind: 'business',
			code: '2001',
			vendorMessage: 'SIM card not found',
			operation: 'usage.get',
			outcome: 'failed',
			attempts: 1,
			iccid: '89852022018041800192',
		});
	});

	test('no answer from the vendor: no code, the class in kind, outcome unknown kept', () => {
		const error = new CubeApiError({ operation: 'plan.renew', kind: 'timeout', outcome: 'unknown', attempts: 1 });
		const plain = toPlainError(error, targetOf({ order_id: '202107061625560742397', renew_period: 1 }));
		expect(plain).not.toHaveProperty('code');
		expect(plain).toMatchObject({ kind: 'timeout', outcome: 'unknown', operation: 'plan.renew', orderId: '202107061625560742397' });
		expect(plain).not.toHaveProperty('iccid');
		// An HTTP failure names its status, still without a vendor code.
		const http = toPlainError(new CubeApiError({ operation: 'usage.get', kind: 'http', httpStatus: 502, outcome: 'failed', attempts: 4 }));
		expect(http).toMatchObject({ kind: 'http', httpStatus: 502, attempts: 4 });
		expect(http).not.toHaveProperty('code');
	});

	test('a refused signature carries the settings to check', () => {
		const error = new CubeApiError({ operation: 'usage.get', kind: 'business', code: '1001', vendorMessage: 'sign error', outcome: 'failed', settings: ['timestampUnit', 'secret'] });
		expect(toPlainError(error)).toMatchObject({ code: '1001', settings: ['timestampUnit', 'secret'] });
	});

	test('bad input: kind validation, the field, outcome failed (nothing was sent), no code', () => {
		const plain = toPlainError(new CubeValidationError('plan.renew', 'renew_period', 'must be a whole number'));
		expect(plain).toEqual({ message: 'plan.renew: parameter "renew_period" must be a whole number. Nothing was sent.', kind: 'validation', operation: 'plan.renew', outcome: 'failed', field: 'renew_period' });
	});

	test('anything else: kind error with its message', () => {
		expect(toPlainError(new Error('No credentials'))).toEqual({ message: 'No credentials', kind: 'error' });
		expect(toPlainError('text')).toEqual({ message: 'text', kind: 'error' });
	});

	test('the result survives JSON (a flow may store it): no undefined fields, toJSON adds only the name', () => {
		const error = new CubeApiError({ operation: 'usage.get', kind: 'connection', detail: 'ECONNREFUSED', outcome: 'failed' });
		const plain = toPlainError(error);
		expect(Object.values(plain).includes(undefined)).toBe(false);
		expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
		expect(JSON.parse(JSON.stringify(error))).toEqual({ name: 'CubeApiError', ...plain });
	});

	test('targetOf: the SIM and order of a request, as text', () => {
		expect(targetOf({ device_id: '89852022018041800192', order_id: 42 })).toEqual({ iccid: '89852022018041800192', orderId: '42' });
		expect(targetOf({ deviceList: ['89852022018041800192'] })).toEqual({});
	});
});
