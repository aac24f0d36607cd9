/** Small measuring tools: medians of interleaved rounds, so a noisy machine hits both sides alike. */

export const median = (values: number[]) => {
	const s = [...values].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

export const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Operations per second of `fn`, counted over `ms` milliseconds. */
export function opsPerSecond(fn: () => unknown, ms = 250): number {
	let n = 0;
	const end = performance.now() + ms;
	while (performance.now() < end) {
		for (let i = 0; i < 100; i++) fn();
		n += 100;
	}
	return n / (ms / 1000);
}

/** Runs each named variant `rounds` times, interleaved; returns the medians. */
export async function interleaved<K extends string>(rounds: number, variants: Record<K, () => Promise<number> | number>): Promise<Record<K, number>> {
	const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, [] as number[]])) as unknown as Record<K, number[]>;
	for (let r = 0; r < rounds; r++) for (const k of Object.keys(variants) as K[]) samples[k].push(await variants[k]());
	return Object.fromEntries(Object.entries(samples).map(([k, v]) => [k, median(v as number[])])) as Record<K, number>;
}

export async function timed(fn: () => Promise<unknown>): Promise<number> {
	const t0 = performance.now();
	await fn();
	return performance.now() - t0;
}
