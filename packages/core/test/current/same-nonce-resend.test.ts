import { getCurrentOperation } from '../../src/catalog/current-operations';
import { mayResendWithSameNonce } from '../../src/current/same-nonce-resend';

describe('the one write that may be re-sent: SMS, with the same nonce, inside the vendor window', () => {
	const sms = getCurrentOperation('current.sms.send');
	const t0 = 1_700_000_000_000;

	it('while the 10-second window is surely open (3 s kept for the wire)', () => {
		expect([0, 1_000, 6_999].map((elapsed) => mayResendWithSameNonce(sms, t0, t0 + elapsed))).toEqual([true, true, true]);
		expect([7_000, 10_000, 60_000].map((elapsed) => mayResendWithSameNonce(sms, t0, t0 + elapsed))).toEqual([false, false, false]);
		expect(mayResendWithSameNonce(sms, t0, t0 + 9_000, 500)).toBe(true);
	});

	it('never any other write, nor with a clock that went backwards', () => {
		for (const id of ['current.bundle.add', 'current.bundle.cancel', 'current.sim.activate', 'current.sim.suspend', 'current.sim.resume']) {
			expect({ id, may: mayResendWithSameNonce(getCurrentOperation(id), t0, t0 + 1) }).toEqual({ id, may: false });
		}
		expect(mayResendWithSameNonce(sms, t0, t0 - 1)).toBe(false);
	});
});
