import { CubeClient } from '@linksfield-cube/core/node';
import { median, round, timed } from './measure';
import { startSimulatorProcess, TEST_ACCOUNT } from '@linksfield-cube/testkit';

const SIMS = 10_000;
const RATE = 1000;
/** A real API is far away: every answer is delayed, so a sequential loop pays the round trip per SIM. */
const LATENCY_MS = 20;
const SEQUENTIAL_SAMPLE = 200;

/** Figure 3: a 10,000-SIM usage sweep against a rate-limited simulator, and a sequential loop for comparison. */
export async function fleetSweepFigure() {
	const sim = await startSimulatorProcess(['--seed', `fleet:${SIMS}`, '--rate-limit', String(RATE), '--history', '10']);
	try {
		await sim.admin('POST', '/faults', { kind: 'delay', delayMs: LATENCY_MS });
		const setup = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret, ratePerSecond: RATE });
		const iccids = (await setup.getSimsInUse()).map((s) => String(s.assetId));
		setup.close();
		const runs: Array<{ wallMs: number; rateLimitedErrors: number; serverRateLimited: number; missing: number; errors: number }> = [];
		for (let r = 0; r < 3; r++) {
			await sim.admin('DELETE', '/counters');
			const client = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret, ratePerSecond: RATE });
			let results: Awaited<ReturnType<CubeClient['getUsageMany']>> = [];
			const wallMs = await timed(async () => (results = await client.getUsageMany(iccids, { concurrency: 32 })));
			client.close();
			const counters = await sim.admin<{ rateLimited: number }>('GET', '/counters');
			runs.push({
				wallMs,
				rateLimitedErrors: results.filter((x) => !x.ok && (x.error as { kind?: string }).kind === 'rate-limited').length,
				serverRateLimited: counters.rateLimited,
				missing: iccids.length - results.filter(Boolean).length,
				errors: results.filter((x) => !x.ok).length,
			});
			await new Promise((res) => setTimeout(res, 1100)); // let the server's bucket refill between runs
		}
		// What a hand-written Code / function node does: one SIM after the other.
		const seq = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret });
		const seqMs = await timed(async () => { for (const id of iccids.slice(0, SEQUENTIAL_SAMPLE)) await seq.getUsage(id); });
		seq.close();
		const wall = median(runs.map((r) => r.wallMs));
		const ideal = (SIMS / RATE) * 1000;
		const sequentialFleetMs = (seqMs / SEQUENTIAL_SAMPLE) * SIMS;
		return {
			sims: SIMS,
			rateLimitPerSecond: RATE,
			simulatedLatencyMs: LATENCY_MS,
			wallMs: Math.round(wall),
			idealMs: ideal,
			wallOverIdeal: round(wall / ideal, 3),
			goal: '≤ 1.05',
			rateLimitedReachingCaller: Math.max(...runs.map((r) => r.rateLimitedErrors)),
			rateLimitedAtServer: Math.max(...runs.map((r) => r.serverRateLimited)),
			simsWithoutResult: Math.max(...runs.map((r) => r.missing)),
			errors: Math.max(...runs.map((r) => r.errors)),
			sequentialLoop: { sampleSims: SEQUENTIAL_SAMPLE, msPerSim: round(seqMs / SEQUENTIAL_SAMPLE), extrapolatedFleetMs: Math.round(sequentialFleetMs) },
			speedUpOverSequential: round(sequentialFleetMs / wall, 1),
			runs: runs.map((r) => Math.round(r.wallMs)),
		};
	} finally {
		await sim.stop();
	}
}
