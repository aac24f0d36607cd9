import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CubeClient } from '@linksfield-cube/core/node';
import { round } from './measure';
import { startSimulatorProcess, TEST_ACCOUNT } from '@linksfield-cube/testkit';

interface Sweep { sims: number; ok: number; peakRssBytes: number; heapBytes: number }

const mb = (b: number) => round(b / 1048576, 1);
const perSim = (small: Sweep, large: Sweep, key: 'peakRssBytes' | 'heapBytes') => Math.round((large[key] - small[key]) / (large.sims - small.sims));

/**
 * Figure 5: peak RSS of a 10,000- and a 100,000-SIM sweep, each in a fresh process; the difference per extra SIM.
 * The sweep proper gets its ICCIDs from a file. With the 100,000-SIM list fetched in the same process (as before),
 * the difference measures the heap limit V8 sets while that list is parsed (about 4× the 90 MB live then): the
 * 100,000-SIM sweep's garbage reaches it before the first full collection, the 10,000-SIM one's does not.
 */
export async function memoryFigure() {
	const sim = await startSimulatorProcess(['--seed', 'fleet:100000', '--history', '10']);
	const dir = mkdtempSync(join(tmpdir(), 'cube-bench-'));
	try {
		const client = new CubeClient({ baseUrl: sim.url, ...TEST_ACCOUNT });
		const file = join(dir, 'iccids.json');
		writeFileSync(file, JSON.stringify((await client.getSimsInUse()).map((s) => String(s.assetId))));
		client.close();
		const sweep = (n: number, source: string) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(process.env.BENCH_DIST!, 'memory-sweep.mjs'), sim.url, String(n), source], { encoding: 'utf8' })) as Sweep;
		const small = sweep(10_000, file);
		const large = sweep(100_000, file);
		const smallWithList = sweep(10_000, 'list');
		const largeWithList = sweep(100_000, 'list');
		return {
			sweep10k: { sims: small.sims, ok: small.ok, peakRssMb: mb(small.peakRssBytes) },
			sweep100k: { sims: large.sims, ok: large.ok, peakRssMb: mb(large.peakRssBytes) },
			growthPerSimBytes: perSim(small, large, 'peakRssBytes'),
			// What the results really hold, without the garbage a peak includes (heap after a full GC, results still held).
			retainedHeapPerSimBytes: perSim(small, large, 'heapBytes'),
			withListInProcess: {
				sweep10kPeakRssMb: mb(smallWithList.peakRssBytes),
				sweep100kPeakRssMb: mb(largeWithList.peakRssBytes),
				growthPerSimBytes: perSim(smallWithList, largeWithList, 'peakRssBytes'),
				retainedHeapPerSimBytes: perSim(smallWithList, largeWithList, 'heapBytes'),
			},
			note: 'includes holding every SIM\'s result (API fields + derived facts) and its ICCID until the sweep ends',
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await sim.stop();
	}
}
