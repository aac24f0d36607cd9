/**
 * Polls `check` until it returns something truthy (that value is returned) or `timeoutMs` passes. An exception
 * from `check` counts as "not yet"; the last one is named in the timeout error, as is `what`.
 */
export async function until<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 100): Promise<NonNullable<T>> {
	const deadline = Date.now() + timeoutMs;
	let lastErr: unknown;
	for (;;) {
		try {
			const v = await check();
			if (v) return v as NonNullable<T>;
		} catch (err) {
			lastErr = err;
		}
		if (Date.now() >= deadline) {
			throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastErr ? ` (last error: ${(lastErr as Error).message})` : ''}`);
		}
		await new Promise((r) => setTimeout(r, intervalMs));
	}
}
