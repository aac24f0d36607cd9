import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCurrentClient, usageSweepCost } from '@linksfield-cube/core/node';
import { startSimulatorProcess } from '@linksfield-cube/testkit';
import { median, round, timed } from './measure';

/**
 * Figure: a fleet's usage through the current API at the vendor's limits — 10 requests a second and 3 in flight per
 * client, which the simulator enforces per IP with 429s. A 10,000-SIM sweep reads SIM list pages of 100: its requests
 * (goal ≤ 101) and its time against the floor the rate allows, pages ÷ 10 a second (goal ≤ 1.1×), at a short and a
 * long round trip. Then the memory a sweep keeps per SIM (its facts: used, total, remaining, percent used, bundle),
 * from the heap after a full GC of a 10,000- and a 100,000-SIM sweep in fresh processes (goal ≤ 400 bytes).
 */

const KEY_ID = 'bench-current-key';
const KEYS = join(process.cwd(), 'packages', 'testkit', 'fixtures', 'sign-v2-keys');
const SWEPT = 10_000;
const LARGE = 100_000;
const ROUNDS = 3;
/** Round trips: the bench's usual 20 ms, and 250 ms — the vendor's hosts seen from another continent. */
const LATENCIES_MS = [20, 250];

interface MemorySweep { sims: number; pages: number; heapBytes: number; peakRssBytes: number }
interface SimCounters { requestsByPath: Record<string, number> }
interface CurrentCounters { rateLimited: number; concurrencyLimited: number; quotaExceeded: number }

export async function currentSweepFigure() {
	// The vendor's per-IP limits (10 a second, 3 at once) as the simulator's defaults; the daily quota off, so the rounds
	// can repeat the sweep.
	const args = (sims: number) => ['--seed', `fleet:${sims}`, '--history', '10', '--key', `${KEY_ID}:${join(KEYS, 'team-rsa1024.public.pem')}`, '--daily-quota', '0'];
	const sim = await startSimulatorProcess(args(SWEPT));
	const large = await startSimulatorProcess(args(LARGE));
	const privateKey = readFileSync(join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8');
	const baseUrl = `${sim.url}/cube/v4`;
	try {
		const rates: Record<string, unknown> = {};
		for (const latencyMs of LATENCIES_MS) {
			await sim.admin('DELETE', '/faults');
			await sim.admin('POST', '/faults', { kind: 'delay', delayMs: latencyMs, path: '/cube/v4/sims' });
			const runs: Array<{ wallMs: number; requests: number; sims: number; refused: number }> = [];
			for (let r = 0; r < ROUNDS; r++) {
				await sim.admin('DELETE', '/counters');
				await sim.admin('DELETE', '/current/counters');
				// Default limits: the vendor's 10 a second and 3 in flight.
				const client = createCurrentClient({ baseUrl, keyId: KEY_ID, privateKey });
				let swept = 0;
				const wallMs = await timed(async () => (swept = (await client.sweepUsage()).sims.length));
				client.close();
				const counters = await sim.admin<SimCounters>('GET', '/counters');
				const current = await sim.admin<CurrentCounters>('GET', '/current/counters');
				runs.push({ wallMs, requests: counters.requestsByPath['/cube/v4/sims'] ?? 0, sims: swept, refused: current.rateLimited + current.concurrencyLimited + current.quotaExceeded });
				// The server's token bucket refills between runs.
				await new Promise((res) => setTimeout(res, 1100));
			}
			const cost = usageSweepCost(SWEPT);
			const floorMs = (cost.pages / 10) * 1000;
			const wall = median(runs.map((r) => r.wallMs));
			rates[`latency${latencyMs}ms`] = {
				requests: median(runs.map((r) => r.requests)),
				requestsGoal: cost.atMost,
				wallS: round(wall / 1000, 2),
				floorS: round(floorMs / 1000, 2),
				vsFloor: round(wall / floorMs, 3),
				vsFloorGoal: 1.1,
				refusedBy429: runs.reduce((n, r) => n + r.refused, 0),
				simsPerRun: runs.map((r) => r.sims),
				runsS: runs.map((r) => round(r.wallMs / 1000, 2)),
			};
		}
		// sweepUsage in fresh processes, of a 10,000- and a 100,000-SIM fleet; the servers' rate limit off, as what a
		// sweep keeps does not depend on it.
		for (const s of [sim, large]) {
			await s.admin('DELETE', '/faults');
			await s.admin('PUT', '/current/limits', { perSecond: 0 });
		}
		const sweep = (target: typeof sim) => JSON.parse(execFileSync(process.execPath, ['--expose-gc', join(process.env.BENCH_DIST!, 'current-memory-sweep.mjs'), `${target.url}/cube/v4`, KEY_ID, join(KEYS, 'team-rsa1024.pkcs8.pem')], { encoding: 'utf8' })) as MemorySweep;
		const rounds: Array<{ small: MemorySweep; large: MemorySweep }> = [];
		for (let r = 0; r < ROUNDS; r++) rounds.push({ small: sweep(sim), large: sweep(large) });
		const perSim = (key: 'heapBytes' | 'peakRssBytes') => median(rounds.map(({ small, large }) => Math.round((large[key] - small[key]) / (large.sims - small.sims))));
		return {
			sweep10k: rates,
			memory: {
				keptPerSimBytes: perSim('heapBytes'),
				keptPerSimGoalBytes: 400,
				peakRssGrowthPerSimBytes: perSim('peakRssBytes'),
				pagesOf100k: rounds[0].large.pages,
				rounds: rounds.map(({ small, large }) => ({ heap10kMb: round(small.heapBytes / 1048576, 1), heap100kMb: round(large.heapBytes / 1048576, 1) })),
				note: 'heap after a full GC with every SIM\'s facts held, 100,000- minus 10,000-SIM sweep, per extra SIM',
			},
		};
	} finally {
		await Promise.all([sim.stop(), large.stop()]);
	}
}
