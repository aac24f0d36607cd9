import type { Outcome } from '../results/errors';
import type { Attempt } from './read-response';

export interface RetryOptions {
	/** Extra attempts for reads (and for writes that certainly never reached the server). */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After honoured; a longer one fails at once instead of stalling a flow. */
	maxRetryAfterMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 60000 };

/**
 * How long to wait before repeating a failed attempt, or undefined when it is not repeated. Reads are repeated on
 * 429 / 5xx / timeouts / resets with capped, jittered backoff (a Retry-After is honoured up to its cap); a write
 * only when the request certainly never reached the server — a repeated order costs the user money.
 */
export function retryDelay(result: Attempt, attempt: number, idempotent: boolean, retry: RetryOptions): number | undefined {
	const mayRepeat = idempotent ? result.transient : result.transient && result.notProcessed;
	const retryAfter = result.retryAfterMs ?? 0;
	if (!mayRepeat || attempt > retry.retries || retryAfter > retry.maxRetryAfterMs) return undefined;
	const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
	return Math.max(retryAfter, backoff / 2 + Math.random() * (backoff / 2));
}

/** A write that may have reached the server and got no clear answer: its outcome is unknown, never repeated. */
export function outcomeOf(result: Attempt, idempotent: boolean): Outcome {
	return !idempotent && !result.notProcessed && result.kind !== 'business' ? 'unknown' : 'failed';
}
