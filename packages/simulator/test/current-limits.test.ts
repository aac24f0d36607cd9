import { DEFAULT_CLIENT_LIMITS, startSimulator } from '@linksfield-cube/simulator';
import { call, codeOf, SIM_IN_USE, startCurrent, testSigner } from './current-fixture';

/** Per-IP limits of the current API (spec §4) and the simulator's fault rules answered in its envelope. */

describe('current API per-IP limits', () => {
	it('are the vendor\'s by default: 10 a second, 3 at once, 5,000 a day', async () => {
		const sim = await startSimulator({ port: 0, current: { keys: [] } });
		try {
			expect(sim.admin.current.info().limits).toEqual({ perSecond: 10, concurrent: 3, dailyQuota: 5000 });
			expect(DEFAULT_CLIENT_LIMITS).toEqual({ perSecond: 10, concurrent: 3, dailyQuota: 5000 });
		} finally {
			await sim.close();
		}
	});

	it('answer HTTP 429 with Retry-After beyond the requests per second, refused before the signature is looked at', async () => {
		const start = Date.now();
		const sim = await startCurrent({ now: () => start, current: { limits: { perSecond: 3, concurrent: 0, dailyQuota: 0 } } });
		try {
			const answers = [];
			for (let i = 0; i < 4; i++) answers.push(await call(sim, { path: `/sims/${SIM_IN_USE}/status`, headers: i === 3 ? { Authorization: null } : {} }));
			expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
			expect(codeOf(answers[3])).toBe('CB-99-9429');
			expect(answers[3].headers['retry-after']).toBe('1');
			expect(answers[3].json.status.message).toBe('Too many requests: at most 3 requests per second per IP address');
			expect(sim.admin.current.counters()).toMatchObject({ rateLimited: 1, rejectedAuthorization: 0 });
		} finally {
			await sim.close();
		}
	});

	it('answer HTTP 429 to a fourth request in flight from one address', async () => {
		const sim = await startCurrent({ current: { limits: { perSecond: 0, concurrent: 3, dailyQuota: 0 } } });
		try {
			// Held 200 ms inside the simulator, so all four are in flight at once.
			sim.admin.addFault({ kind: 'delay', delayMs: 200 });
			const answers = await Promise.all([0, 1, 2, 3].map(() => call(sim, { path: `/sims/${SIM_IN_USE}/status` })));
			expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 429]);
			const refused = answers.find((r) => r.status === 429)!;
			expect([codeOf(refused), refused.headers['retry-after']]).toEqual(['CB-99-9429', '1']);
			expect(refused.json.status.message).toContain('at most 3 concurrent requests');
			sim.admin.clearFaults();
			// Slots are given back: three at once pass again.
			const next = await Promise.all([0, 1, 2].map(() => call(sim, { path: `/sims/${SIM_IN_USE}/status` })));
			expect(next.map((r) => r.status)).toEqual([200, 200, 200]);
			expect(sim.admin.current.counters().concurrencyLimited).toBe(1);
		} finally {
			await sim.close();
		}
	});

	it('answer the daily quota with its own code until the next UTC day', async () => {
		let now = Date.UTC(2026, 0, 10, 23, 59, 0);
		const sim = await startCurrent({ now: () => now, current: { limits: { perSecond: 0, concurrent: 0, dailyQuota: 3 } } });
		// The signer's clock is the simulator's, so timestamps stay valid as the test moves it.
		const signer = testSigner({ now: () => now });
		try {
			const answers = [];
			for (let i = 0; i < 4; i++) answers.push(await call(sim, { path: `/sims/${SIM_IN_USE}/status`, signer }));
			expect(answers.map((r) => [r.status, codeOf(r)])).toEqual([
				[200, 'CB-00-0000'],
				[200, 'CB-00-0000'],
				[200, 'CB-00-0000'],
				[429, 'CB-99-9430'],
			]);
			expect(answers[3].json.status.message).toBe('Daily request quota exceeded: 3 requests a day per IP address');
			expect(answers[3].headers['retry-after']).toBe('60');
			const counters = sim.admin.current.counters();
			expect([counters.quotaExceeded, Object.values(counters.quotaUsed)]).toEqual([1, [4]]);
			now += 61_000;
			expect(codeOf(await call(sim, { path: `/sims/${SIM_IN_USE}/status`, signer }))).toBe('CB-00-0000');
			sim.admin.current.setLimits({ dailyQuota: 0 });
			for (let i = 0; i < 4; i++) expect((await call(sim, { path: `/sims/${SIM_IN_USE}/status`, signer })).status).toBe(200);
		} finally {
			await sim.close();
		}
	});
});

describe('fault rules on the current API', () => {
	it('answer in the {data, status} envelope', async () => {
		const sim = await startCurrent();
		try {
			const path = `/cube/v4/sims/${SIM_IN_USE}/status`;
			sim.admin.addFault({ kind: 'status', status: 503, path, count: 1 });
			const failed = await call(sim, { path: `/sims/${SIM_IN_USE}/status` });
			expect([failed.status, codeOf(failed)]).toEqual([503, 'CB-99-9999']);
			sim.admin.addFault({ kind: 'business', code: 'CB-01-0106', message: 'MNO restriction', path, count: 1 });
			const business = await call(sim, { path: `/sims/${SIM_IN_USE}/status` });
			expect(business.json).toEqual({ data: null, status: { code: 'CB-01-0106', message: 'MNO restriction', detail: null } });
			// A lost answer: the suspend is carried out, the client sees a 429.
			sim.admin.addFault({ kind: 'rate-limit', after: true, path: `/cube/v4/sims/${SIM_IN_USE}/suspend`, count: 1 });
			const lost = await call(sim, { method: 'PUT', path: `/sims/${SIM_IN_USE}/suspend` });
			expect(lost.status).toBe(429);
			expect(sim.admin.current.jobs({ simId: SIM_IN_USE })).toHaveLength(1);
			expect(sim.admin.counters().faultsByKind).toEqual({ status: 1, business: 1, 'rate-limit': 1 });
		} finally {
			await sim.close();
		}
	});
});
