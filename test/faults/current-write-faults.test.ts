import { CubeApiError, type CurrentWriteResult } from '@linksfield-cube/core/node';
import type { FaultRule } from '@linksfield-cube/simulator';
import { currentClientFor, startCurrentSim } from '../contract/current-fixture';

/**
 * The current API under random faults of every kind, before and after the server did the work: no write is ever sent
 * twice (the simulator's counters), the SMS resend with its nonce is sent once by the vendor, every write's report is
 * true to what the server did, and reads recover.
 */

const SIMS = 240;
const RATE = 0.1;
const KINDS: FaultRule[] = [
	{ kind: 'status', status: 500 },
	{ kind: 'status', status: 503 },
	{ kind: 'timeout' },
	{ kind: 'reset' },
	{ kind: 'malformed' },
	{ kind: 'rate-limit', retryAfterSeconds: 0 },
	{ kind: 'business', code: 'CB-99-9500' },
];
// Half of each kind before the work, half after it (the answer lost): the client cannot tell which.
const RULES: FaultRule[] = KINDS.flatMap((k) => [
	{ ...k, probability: RATE / KINDS.length / 2 },
	{ ...k, probability: RATE / KINDS.length / 2, after: true },
]);

type Report = { sim: string; write: 'bundle' | 'sms'; outcome: 'ok' | 'failed' | 'unknown' };

test(`${SIMS} SIMs, a bundle added to one half and an SMS sent to the other, reads of each, with ${RATE * 100} % faults: no write sent twice, every report true`, async () => {
	const sim = await startCurrentSim({ limits: { perSecond: 0, concurrent: 3, dailyQuota: 0 } }, { seed: `fleet:${SIMS}`, randomSeed: 7 });
	const client = currentClientFor(sim, { timeoutMs: 300, ratePerSecond: 200 });
	try {
		const { sims } = await client.sweepUsage();
		const ids = sims.map((s) => s.iccid!);
		expect(ids).toHaveLength(SIMS);
		// One refusal certain to come before the work: the "failed" report is checked in every run.
		sim.admin.setFaults([{ kind: 'rate-limit', retryAfterSeconds: 0, count: 1, path: `/cube/v4/sims/${ids[0]}/bundle` }, ...RULES]);
		sim.admin.current.resetCounters();
		const reports: Report[] = [];
		let readsFailed = 0;
		const outcomeOf = (e: unknown): Report['outcome'] => (e instanceof CubeApiError && e.outcome === 'unknown' ? 'unknown' : 'failed');
		await Promise.all(
			ids.map(async (id, i) => {
				const write = i % 2 === 0 ? 'bundle' : 'sms';
				const sending =
					write === 'bundle'
						? client.call<CurrentWriteResult>('current.bundle.add', { sim_id: id, bundle_id: 'DP20230101000001', bundle_type: '10', activate: 'false' })
						: client.call<CurrentWriteResult>('current.sms.send', { sim_ids: [id], 'message.type': '1', 'message.content': `fault load ${i}` });
				reports.push({ sim: id, write, outcome: await sending.then(() => 'ok' as const, outcomeOf) });
				await client.call('current.sim.get', { sim_id: id }).catch(() => readsFailed++);
			}),
		);
		const injected = sim.admin.counters().faultsInjected;
		sim.admin.clearFaults();
		const byPath = sim.admin.counters().requestsByPath;
		const current = sim.admin.current.counters();
		const smsOf = async (id: string) => ((await client.call('current.sms.getSent', { sim_id: id, status: '4' })) as unknown[]).length;

		expect(injected).toBeGreaterThan(SIMS * 2 * RATE * 0.5);
		expect(readsFailed).toBe(0);
		const tally = { ok: 0, failed: 0, unknown: 0, unknownDone: 0, smsResent: 0, smsDone: 0 };
		for (const r of reports) {
			tally[r.outcome]++;
			if (r.write === 'bundle') {
				// Never sent twice; done exactly when reported ok, maybe when unknown, never when failed.
				expect(byPath[`/cube/v4/sims/${r.sim}/bundle`]).toBe(1);
				const added = current.bundlesAddedBySim[r.sim] ?? 0;
				if (r.outcome === 'ok') expect(added).toBe(1);
				if (r.outcome === 'failed') expect(added).toBe(0);
				if (r.outcome === 'unknown') tally.unknownDone += added;
			} else {
				const sent = await smsOf(r.sim);
				tally.smsDone += sent;
				expect(sent).toBeLessThanOrEqual(1);
				if (r.outcome === 'ok') expect(sent).toBe(1);
				if (r.outcome === 'failed') expect(sent).toBe(0);
				if (r.outcome === 'unknown') tally.unknownDone += sent;
			}
		}
		// SMS: at most one resend each, and the vendor's deduplication made a resend of a sent message a no-op.
		const smsSends = reports.filter((r) => r.write === 'sms').length;
		tally.smsResent = (byPath['/cube/v4/sms'] ?? 0) - smsSends;
		expect(tally.smsResent).toBeGreaterThanOrEqual(0);
		expect(tally.smsResent).toBeLessThanOrEqual(smsSends);
		expect(current.smsSent).toBe(tally.smsDone);
		console.log(`current API fault load: ${JSON.stringify({ injected, readsFailed, ...tally, smsDeduplicated: current.smsDeduplicated })}`);
		// Faults hit writes both ways, and the limiter never let a fourth request in flight.
		expect(tally.unknown).toBeGreaterThan(0);
		expect(tally.failed).toBeGreaterThan(0);
		expect(current.concurrencyLimited).toBe(0);
	} finally {
		client.close();
		await sim.close();
	}
}, 300_000);
