import type { OperationSpec } from '../catalog/operations';

/**
 * The one write that may be sent again (spec current §5.13): the vendor treats an SMS send repeated with the same
 * nonce, SIMs and message within 10 s as the same request, and sends it once. A resend is safe only while that
 * window is surely still open when the vendor receives it, so a margin is kept for the time on the wire; after
 * it, a lost answer is "outcome unknown" like any other write's.
 */

export const SAME_NONCE_MARGIN_MS = 3_000;

/** Whether a write first sent at `firstSentAt` may be re-sent now with the same nonce and the same body. */
export function mayResendWithSameNonce(op: Pick<OperationSpec, 'sameNonceWindowMs'>, firstSentAt: number, now: number, marginMs = SAME_NONCE_MARGIN_MS): boolean {
	const window = op.sameNonceWindowMs;
	if (window === undefined) return false;
	const elapsed = now - firstSentAt;
	return elapsed >= 0 && elapsed < window - marginMs;
}
