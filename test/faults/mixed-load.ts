import { CubeApiError, CubeClient } from '@linksfield-cube/core/node';
import { startSimulator, type FaultRule, type RunningSimulator } from '@linksfield-cube/simulator';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';

/**
 * A mixed load under injected faults, shared by the CI-sized test and `npm run soak`: mostly usage reads, some
 * order queries, some renewals, each renewal on its own order so a duplicate is visible in the simulator's counters.
 */

/** Writes as reported, each compared with what the server did. */
export interface WriteTally {
	writes: { ok: number; unknown: number; failed: number };
	renewalsOnServer: number;
	ordersRenewedTwice: string[];
	/** Writes the server carried out although the client reported "outcome unknown" (lost answers). */
	unknownButDone: number;
	/** Writes reported as failed (known) that the server nevertheless carried out: must be 0. */
	failedButDone: number;
	/** Writes reported ok that the server did not carry out: must be 0. */
	okButNotDone: number;
}

/** Counts one write's report ('ok', or the error's outcome) against whether the server carried it out. */
export function countWrite(tally: WriteTally, report: 'ok' | 'unknown' | 'failed', done: boolean): void {
	tally.writes[report]++;
	if (report === 'ok' && !done) tally.okButNotDone++;
	if (report === 'unknown' && done) tally.unknownButDone++;
	if (report === 'failed' && done) tally.failedButDone++;
}

export interface LoadTally extends WriteTally {
	operations: number;
	results: number;
	errors: number;
	missing: number;
	duplicated: number;
	reads: { ok: number; failed: number };
	faultsInjected: number;
	faultsByKind: Record<string, number>;
}

export const FAULT_MIX = (rate: number): FaultRule[] => {
	const each = rate / 6;
	return [
		{ kind: 'rate-limit', retryAfterSeconds: 0, probability: each },
		{ kind: 'status', status: 503, probability: each },
		{ kind: 'status', status: 500, probability: each, after: true },
		{ kind: 'reset', probability: each },
		{ kind: 'malformed', probability: each, after: true },
		{ kind: 'timeout', probability: each },
	];
};

export async function runMixedLoad(options: { operations: number; faultRate: number; concurrency?: number }): Promise<LoadTally> {
	const fleet = Math.max(50, Math.ceil(options.operations / 5));
	const sim: RunningSimulator = await startSimulator({ port: 0, seed: `fleet:${fleet}`, randomSeed: 7 });
	// 1.5 s: well above a loaded 2-core machine's slowest honest answer (400 ms timed out healthy reads there), so
	// only the injected timeouts time out
	const client = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret, timeoutMs: 1500, retry: { retries: 6, baseDelayMs: 2, maxDelayMs: 20 } });
	try {
		const iccids = (await client.getSimsInUse()).map((s) => String(s.assetId));
		const orderOf = new Map<string, string>();
		for (const r of await client.getUsageMany(iccids, { concurrency: 16 })) if (r.ok && r.data.orderId) orderOf.set(r.iccid, r.data.orderId);
		sim.admin.resetCounters();
		sim.admin.setFaults(FAULT_MIX(options.faultRate));

		type Job = { kind: 'read' | 'query' | 'renew'; iccid: string };
		const jobs: Job[] = Array.from({ length: options.operations }, (_, i) => ({
			kind: i % 10 === 9 ? 'renew' : i % 10 === 8 ? 'query' : 'read',
			iccid: iccids[i % iccids.length],
		}));
		// Each renewal gets its own order: at most one renewal per order may reach the server.
		const renewOrders = jobs.filter((j) => j.kind === 'renew').map((_, n) => orderOf.get(iccids[n % iccids.length])!);
		if (new Set(renewOrders).size !== renewOrders.length) throw new Error('fleet too small for distinct renewals');

		const outcomes = new Array<{ ok: boolean; error?: CubeApiError; orderId?: string } | undefined>(jobs.length);
		let writes = 0;
		let next = 0;
		let duplicated = 0;
		const settle = (i: number, value: { ok: boolean; error?: CubeApiError; orderId?: string }) => {
			if (outcomes[i]) duplicated++;
			outcomes[i] = value;
		};
		await Promise.all(
			Array.from({ length: options.concurrency ?? 16 }, async () => {
				while (next < jobs.length) {
					const i = next++;
					const job = jobs[i];
					const orderId = job.kind === 'renew' ? renewOrders[writes++] : undefined;
					try {
						if (job.kind === 'read') await client.getUsage(job.iccid);
						else if (job.kind === 'query') await client.queryOrders({ device_id: job.iccid });
						else await client.renewPlan(orderId!, 1);
						settle(i, { ok: true, orderId });
					} catch (error) {
						settle(i, { ok: false, error: error as CubeApiError, orderId });
					}
				}
			}),
		);

		sim.admin.clearFaults();
		const counters = sim.admin.counters();
		const tally: LoadTally = {
			operations: jobs.length,
			results: outcomes.filter((o) => o?.ok).length,
			errors: outcomes.filter((o) => o && !o.ok).length,
			missing: outcomes.filter((o) => !o).length,
			duplicated,
			reads: { ok: 0, failed: 0 },
			writes: { ok: 0, unknown: 0, failed: 0 },
			faultsInjected: counters.faultsInjected,
			faultsByKind: counters.faultsByKind,
			renewalsOnServer: counters.renewals,
			ordersRenewedTwice: Object.entries(counters.renewalsByOrder).filter(([, n]) => n > 1).map(([id]) => id),
			unknownButDone: 0,
			failedButDone: 0,
			okButNotDone: 0,
		};
		jobs.forEach((job, i) => {
			const o = outcomes[i];
			if (!o) return;
			if (job.kind !== 'renew') return void (o.ok ? tally.reads.ok++ : tally.reads.failed++);
			countWrite(tally, o.ok ? 'ok' : o.error?.outcome === 'unknown' ? 'unknown' : 'failed', (counters.renewalsByOrder[o.orderId!] ?? 0) > 0);
		});
		return tally;
	} finally {
		client.close();
		await sim.close();
	}
}
