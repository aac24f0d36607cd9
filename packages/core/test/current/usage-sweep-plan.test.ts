import { nextSweepPage, usageSweepCost } from '../../src/current/usage-sweep-plan';

/** Walks a fleet as the client will: pages of 100 until nextSweepPage says done. */
function sweep(fleet: number, withTotalCount: boolean): number {
	let requests = 0;
	let pageNo: number | null = 1;
	while (pageNo !== null) {
		requests++;
		const received = Math.max(0, Math.min(100, fleet - (pageNo - 1) * 100));
		pageNo = nextSweepPage({ pageNo, pageSize: 100, received, ...(withTotalCount ? { totalCount: fleet } : {}) });
	}
	return requests;
}

describe('usage sweep planner: SIM list pages, never a request per SIM', () => {
	it('a 10,000-SIM fleet costs at most 101 requests, 2 % of a day', () => {
		expect(usageSweepCost(10_000)).toEqual({ pages: 100, atMost: 101, shareOfDailyQuota: 0.0202, minSeconds: 10.1 });
	});

	it.each([
		[0, 1, 1],
		[1, 1, 1],
		[99, 1, 1],
		[100, 1, 2],
		[101, 2, 2],
		[9_999, 100, 100],
		[250_000, 2_500, 2_501],
	])('%i SIMs: %i pages, at most %i', (sims, pages, atMost) => {
		expect(usageSweepCost(sims)).toMatchObject({ pages, atMost });
	});

	it('the walk costs what the plan says, with and without total_count', () => {
		for (const fleet of [0, 1, 100, 150, 10_000]) {
			expect({ fleet, withTotal: sweep(fleet, true), without: sweep(fleet, false) }).toEqual({ fleet, withTotal: usageSweepCost(fleet).pages, without: usageSweepCost(fleet).atMost });
		}
	});

	it('smaller pages cost more', () => {
		expect(usageSweepCost(10_000, 10).atMost).toBe(1001);
	});

	it('refuses what is no fleet or no page size', () => {
		expect(() => usageSweepCost(-1)).toThrow(RangeError);
		expect(() => usageSweepCost(1.5)).toThrow(RangeError);
		expect(() => usageSweepCost(10, 101)).toThrow(/page size must be 1–100/);
	});
});
