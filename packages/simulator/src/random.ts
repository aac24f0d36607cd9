/**
 * Seeded randomness, so a seed data set, usage growth and probabilistic faults repeat exactly run after run.
 */

/** FNV-1a: a stable 32-bit number from a string (per-SIM traits derive from the ICCID, not from call order). */
export function hash32(text: string): number {
	let h = 0x811c9dc5;
	for (let i = 0; i < text.length; i++) {
		h ^= text.charCodeAt(i);
		h = Math.imul(h, 0x01000193);
	}
	return h >>> 0;
}

/** mulberry32: tiny, fast, good enough for test data; returns numbers in [0, 1). */
export function createRandom(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

/** A number in [0, 1) fixed for one key: the same SIM always gets the same trait. */
export const unitFor = (key: string) => hash32(key) / 4294967296;
