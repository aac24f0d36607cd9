import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CubeClient } from '@linksfield-cube/core/node';
import { median, round } from './measure';
import { startSimulatorProcess, TEST_ACCOUNT } from '@linksfield-cube/testkit';

interface Sweep { sims: number; ok: number; peakRssBytes: number; heapBytes: number }

const ROUNDS = 3;
/** As in the fleet-sweep figure. */
const LATENCY_MS = 20;
const mb = (b: number) => round(b / 1048576, 1);
const perSim = (small: Sweep, large: Sweep, key: 'peakRssBytes' | 'heapBytes') => Math.round((large[key] - small[key]) / (large.sims - small.sims));

/**
 * Figure 5: peak RSS of a 10,000- and a 100,000-SIM sweep, each in a fresh process; the difference per extra SIM.
 * Medians of three rounds. The sweep gets its ICCIDs from a file. Side by side, the same sweeps through a bare
 * node:http transport: the results held are the same, so the difference between the two is what each request
 * through axios leaves in the old generation (V8 pretenures objects of axios's per-request allocation sites, and
 * what they point to is promoted with them), not what the sweep keeps.
 */
export async function memoryFigure() {
	const sim = await startSimulatorProcess(['--seed', 'fleet:100000', '--history', '10']);
	const dir = mkdtempSync(join(tmpdir(), 'cube-bench-'));
	try {
		// A real API answers after a round trip, so each request's objects outlive young-generation collections and
		// are promoted; on a loopback without delay most die young and the peak barely grows with the fleet.
		await sim.admin('POST', '/faults', { kind: 'delay', delayMs: LATENCY_MS });
		const client = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret });
		const file = join(dir, 'iccids.json');
		writeFileSync(file, JSON.stringify((await client.getSimsInUse()).map((s) => String(s.assetId))));
		client.close();
		const sweep = (n: number, transport: 'axios' | 'node-http') => JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(process.env.BENCH_DIST!, 'memory-sweep.mjs'), sim.url, String(n), file, transport], { encoding: 'utf8' })) as Sweep;
		// Where V8 starts a full collection depends on how fast it collects against how fast the sweep allocates,
		// so a single peak on a busy machine varies widely: medians of interleaved rounds.
		const rounds: Array<Record<'small' | 'large' | 'smallNodeHttp' | 'largeNodeHttp', Sweep>> = [];
		for (let r = 0; r < ROUNDS; r++) {
			rounds.push({ small: sweep(10_000, 'axios'), large: sweep(100_000, 'axios'), smallNodeHttp: sweep(10_000, 'node-http'), largeNodeHttp: sweep(100_000, 'node-http') });
		}
		const figure = (small: 'small' | 'smallNodeHttp', large: 'large' | 'largeNodeHttp') => ({
			sweep10kPeakRssMb: mb(median(rounds.map((r) => r[small].peakRssBytes))),
			sweep100kPeakRssMb: mb(median(rounds.map((r) => r[large].peakRssBytes))),
			growthPerSimBytes: median(rounds.map((r) => perSim(r[small], r[large], 'peakRssBytes'))),
			// What the results really hold, without the garbage a peak includes (heap after a full GC, results still held).
			retainedHeapPerSimBytes: median(rounds.map((r) => perSim(r[small], r[large], 'heapBytes'))),
			rounds: rounds.map((r) => [mb(r[small].peakRssBytes), mb(r[large].peakRssBytes)]),
		});
		const failed = rounds.flatMap((r) => Object.values(r)).filter((x) => x.ok !== x.sims).length;
		return {
			sweep: figure('small', 'large'),
			throughBareNodeHttp: figure('smallNodeHttp', 'largeNodeHttp'),
			sweepsWithFailures: failed,
			note: 'includes holding every SIM\'s result (API fields + derived facts) and its ICCID until the sweep ends',
		};
	} finally {
		rmSync(dir, { recursive: true, force: true });
		await sim.stop();
	}
}
