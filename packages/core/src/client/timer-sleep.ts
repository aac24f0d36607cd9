/** Waits `ms`; an abort of `signal` ends the wait with a rejection. */
export type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * The client's default wait, on Node's timers. The n8n bundles never include it: n8n's rules forbid timers in
 * community nodes, so the n8n nodes pass n8n-workflow's sleep instead (see the root build.mjs).
 */
export const timerSleep: Sleep = (ms, signal) =>
	new Promise<void>((resolve, reject) => {
		if (signal?.aborted) return reject(new Error('aborted'));
		const onAbort = () => {
			clearTimeout(timer);
			reject(new Error('aborted'));
		};
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal?.addEventListener('abort', onAbort, { once: true });
	});
