import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { round } from './measure';
import { startSimulatorProcess } from '@linksfield-cube/testkit';

/** Figure 5: peak RSS of a 10,000- and a 100,000-SIM sweep, each in a fresh process. */
export async function memoryFigure() {
	const sim = await startSimulatorProcess(['--seed', 'fleet:100000', '--history', '10']);
	try {
		const sweep = (n: number) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(process.env.BENCH_DIST!, 'memory-sweep.mjs'), sim.url, String(n)], { encoding: 'utf8' })) as { sims: number; ok: number; peakRssBytes: number; heapBytes: number };
		const small = sweep(10_000);
		const large = sweep(100_000);
		const mb = (b: number) => round(b / 1048576, 1);
		return {
			sweep10k: { sims: small.sims, ok: small.ok, peakRssMb: mb(small.peakRssBytes) },
			sweep100k: { sims: large.sims, ok: large.ok, peakRssMb: mb(large.peakRssBytes) },
			growthPerSimBytes: Math.round((large.peakRssBytes - small.peakRssBytes) / (large.sims - small.sims)),
			// What the results really hold, without the garbage a peak includes (heap after a full GC, results still held).
			retainedHeapPerSimBytes: Math.round((large.heapBytes - small.heapBytes) / (large.sims - small.sims)),
			note: 'includes holding every SIM\'s result (API fields + derived facts) until the sweep ends',
		};
	} finally {
		await sim.stop();
	}
}
