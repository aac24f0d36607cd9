import { CubeValidationError } from '../results/errors';
import type { Sleep } from '../client/timer-sleep';

/**
 * Wait for Result (spec current §6): an asynchronous write's answer only acknowledges it, and its result is read
 * later by its `request_id`. This polls that result at growing intervals for a bounded time and returns the final
 * result — or, when the time runs out, "pending" with the request id, so a flow can check later: neither an error
 * nor "outcome unknown". No timers of its own (n8n's rules forbid them in a community node's bundle): the caller
 * injects `sleep`, `fetchResult` and the clock. Every poll is a request and counts against the daily quota, hence
 * the backoff. An error of `fetchResult` ends the wait as it is.
 */

export const WAIT_FOR_RESULT = {
	/** Default bound: results usually come within seconds. */
	defaultTimeoutMs: 2 * 60_000,
	/** Longest bound: under congestion a result can take tens of minutes (spec current §6). */
	maxTimeoutMs: 30 * 60_000,
	firstDelayMs: 2_000,
	factor: 2,
	maxDelayMs: 60_000,
} as const;

export type ResultState = 'succeeded' | 'failed' | 'pending';

export type WaitOutcome =
	| { status: 'succeeded' | 'failed'; requestId: string; result: unknown; polls: number; waitedMs: number }
	| { status: 'pending'; requestId: string; /** The last result read, if any. */ result?: unknown; polls: number; waitedMs: number };

export interface WaitForResultOptions {
	requestId: string;
	/** Reads the async result's `data` (GET /sims/async_result/{request_id}); it does its own read retries. */
	fetchResult: (requestId: string) => Promise<unknown>;
	sleep: Sleep;
	/** Epoch ms; default Date.now. The bound is measured on this clock. */
	now?: () => number;
	timeoutMs?: number;
	firstDelayMs?: number;
	factor?: number;
	maxDelayMs?: number;
	/** Reads a result's state; default defaultResultState. */
	classify?: (result: unknown) => ResultState;
	signal?: AbortSignal;
}

const SUCCEEDED = new Set(['success', 'succeeded', 'successful', 'succeed', 'done', 'completed', 'complete', 'finished']);
const FAILED = new Set(['failed', 'failure', 'fail', 'error', 'rejected']);

/**
 * The result's states are NOT FOUND in the vendor's docs (spec current §5.12). Read from its `status` (text, any
 * case): success-like words are final success, failure-like words final failure, anything else still pending — an
 * unknown state is waited on, never taken for an outcome. The simulator's states are processing / success / failed.
 */
export function defaultResultState(result: unknown): ResultState {
	if (result === null || typeof result !== 'object') return 'pending';
	const status = (result as Record<string, unknown>).status;
	if (typeof status !== 'string') return 'pending';
	const word = status.trim().toLowerCase();
	if (SUCCEEDED.has(word)) return 'succeeded';
	if (FAILED.has(word)) return 'failed';
	return 'pending';
}

/** The bound a user gives, checked: more than 0 and at most 30 minutes. */
export function checkWaitTimeout(timeoutMs: number, operation = 'waitForResult'): number {
	if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs <= 0 || timeoutMs > WAIT_FOR_RESULT.maxTimeoutMs)
		throw new CubeValidationError(operation, 'waitTimeout', `must be more than 0 and at most ${WAIT_FOR_RESULT.maxTimeoutMs / 60_000} minutes, got ${String(timeoutMs)} ms`);
	return timeoutMs;
}

export async function waitForResult(options: WaitForResultOptions): Promise<WaitOutcome> {
	const { requestId, fetchResult, sleep, signal } = options;
	const now = options.now ?? Date.now;
	const timeoutMs = checkWaitTimeout(options.timeoutMs ?? WAIT_FOR_RESULT.defaultTimeoutMs);
	const factor = options.factor ?? WAIT_FOR_RESULT.factor;
	const maxDelayMs = options.maxDelayMs ?? WAIT_FOR_RESULT.maxDelayMs;
	const classify = options.classify ?? defaultResultState;
	const start = now();
	const deadline = start + timeoutMs;
	let delay = options.firstDelayMs ?? WAIT_FOR_RESULT.firstDelayMs;
	let polls = 0;
	let last: unknown;
	for (;;) {
		const left = deadline - now();
		if (left <= 0) return { status: 'pending', requestId, ...(polls > 0 ? { result: last } : {}), polls, waitedMs: now() - start };
		// The last wait ends at the bound, so the last look is taken there rather than skipped.
		await sleep(Math.min(delay, left), signal);
		last = await fetchResult(requestId);
		polls++;
		const state = classify(last);
		if (state !== 'pending') return { status: state, requestId, result: last, polls, waitedMs: now() - start };
		delay = Math.min(delay * factor, maxDelayMs);
	}
}
