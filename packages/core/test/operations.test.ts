import { FAN_OUT_CONCURRENCY, OPERATIONS, getOperation, isWrite } from '../src';

// The catalog's behaviour flags: both runtimes read these instead of naming operations, so they must say
// exactly what the runtimes used to decide by operation id.
describe('catalog behaviour flags', () => {
	test('the Custom API Call is the one custom, retry-opt-in operation', () => {
		expect(OPERATIONS.filter((op) => op.custom).map((op) => op.id)).toEqual(['custom.call']);
		expect(OPERATIONS.filter((op) => op.retryOptIn).map((op) => op.id)).toEqual(['custom.call']);
	});

	test('a path can be overridden exactly where one endpoint has an inferred path', () => {
		const overridable = OPERATIONS.filter((op) => op.pathOverridable).map((op) => op.id);
		expect(overridable).toEqual(['sim.getAll', 'usage.getMnoRemaining', 'plan.getPlans', 'plan.enable', 'plan.cancel', 'plan.endEarly', 'plan.pause', 'plan.resume', 'sms.send']);
		for (const op of OPERATIONS) expect(op.pathOverridable).toBe(op.path !== null && op.docStatus === 'inferred');
		// Neither the fan-out nor the Custom API Call is one catalog path to replace.
		expect(getOperation('usage.getMany').pathOverridable).toBe(false);
		expect(getOperation('custom.call').pathOverridable).toBe(false);
	});

	test('every fan-out carries its concurrency default and cap, written once', () => {
		for (const op of OPERATIONS.filter((o) => o.fanOutOf)) expect(op.concurrency).toBe(FAN_OUT_CONCURRENCY);
		expect(OPERATIONS.filter((o) => !o.fanOutOf).every((o) => o.concurrency === undefined)).toBe(true);
		expect(FAN_OUT_CONCURRENCY.default).toBeGreaterThanOrEqual(1);
		expect(FAN_OUT_CONCURRENCY.default).toBeLessThanOrEqual(FAN_OUT_CONCURRENCY.max);
	});

	test('isWrite: non-idempotent operations, and an opt-in one unless marked safe to retry', () => {
		expect(isWrite(getOperation('plan.renew'))).toBe(true);
		// Marking a catalog write safe changes nothing: only opt-in operations take the mark.
		expect(isWrite(getOperation('plan.renew'), true)).toBe(true);
		expect(isWrite(getOperation('usage.get'))).toBe(false);
		expect(isWrite(getOperation('custom.call'))).toBe(true);
		expect(isWrite(getOperation('custom.call'), true)).toBe(false);
	});
});
