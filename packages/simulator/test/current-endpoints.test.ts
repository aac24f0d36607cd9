import { ENDPOINT_OPERATIONS } from '@linksfield-cube/core';
import { CURRENT_ROUTES, DEMO_ICCIDS, SIM_STATUS, type RunningSimulator } from '@linksfield-cube/simulator';
import { isCurrentPath } from '../src/current/routes';
import { call, codeOf, SIM_IN_USE, SIM_NEAR_LIMIT, SIM_NO_PLAN, SIM_PAUSED, SIM_UNENABLED_ONLY, startCurrent, UNKNOWN_SIM } from './current-fixture';

/** The current API's reads (spec §5.1–5.5, 5.11, 5.14–5.15) over the demo fleet the legacy API serves. */

const DAY = 86_400_000;
const utcDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

describe('current API paths', () => {
	it('do not collide with the legacy paths, with or without /cube/v4', () => {
		for (const op of ENDPOINT_OPERATIONS) {
			expect({ path: op.path, current: isCurrentPath(op.path!) }).toEqual({ path: op.path, current: false });
			expect(isCurrentPath('/cube/v4' + op.path)).toBe(false);
		}
		for (const route of CURRENT_ROUTES) {
			const concrete = route.path.replace(/\{[^}]+\}/g, '89852022018041800192');
			expect({ path: route.path, current: isCurrentPath('/cube/v4' + concrete) && isCurrentPath(concrete) }).toEqual({ path: route.path, current: true });
		}
	});
});

describe('current API reads', () => {
	let sim: RunningSimulator;
	beforeAll(async () => {
		sim = await startCurrent({ startTime: Date.UTC(2025, 5, 15, 12) });
	});
	afterAll(() => sim.close());

	it('GET /sims pages the whole fleet, 10 by default, up to 100, with total_count beside data', async () => {
		const first = await call(sim, { path: '/sims' });
		expect(codeOf(first)).toBe('CB-00-0000');
		expect(first.json.total_count).toBe(DEMO_ICCIDS.length);
		expect(first.json.data.map((s: { sim_id: string }) => s.sim_id)).toEqual(DEMO_ICCIDS.slice(0, 10));
		expect(Object.keys(first.json)).toEqual(['data', 'total_count', 'status']);
		const item = first.json.data[0];
		expect(item).toMatchObject({ sim_id: DEMO_ICCIDS[0], status: SIM_STATUS.activeLive, sim_service: { contract: { start_at: expect.any(Number), end_at: expect.any(Number) } } });
		expect(item.sim_service.bundles[0]).toMatchObject({ id: expect.any(String), order_id: expect.any(String), status: 1, type: 0, data_limit: expect.any(Number), current_cycle_usage: expect.any(Number) });
		const all = await call(sim, { path: '/sims', query: { page_size: 100 } });
		expect(all.json.data).toHaveLength(DEMO_ICCIDS.length);
		const last = await call(sim, { path: '/sims', query: { page_no: 5, page_size: 12 } });
		expect(last.json.data.map((s: { sim_id: string }) => s.sim_id)).toEqual(DEMO_ICCIDS.slice(48));
		for (const bad of [{ page_size: 101 }, { page_size: 0 }, { page_no: 0 }, { page_no: 'x' }] as Array<Record<string, string | number>>) {
			const r = await call(sim, { path: '/sims', query: bad });
			expect([r.status, codeOf(r)]).toEqual([400, 'CB-99-9400']);
		}
	});

	it('GET /sims filters by status', async () => {
		const paused = await call(sim, { path: '/sims', query: { status: SIM_STATUS.paused } });
		expect(paused.json.data.map((s: { sim_id: string }) => s.sim_id)).toEqual([SIM_PAUSED]);
		const preActive = await call(sim, { path: '/sims', query: { status: SIM_STATUS.preActive } });
		expect(preActive.json.data.map((s: { sim_id: string }) => s.sim_id).sort()).toEqual([SIM_UNENABLED_ONLY, ...DEMO_ICCIDS.slice(48)].sort());
		expect((await call(sim, { path: '/sims', query: { status: 11 } })).status).toBe(400);
	});

	it('GET /sims of a generated fleet pages by index and builds only what it shows', async () => {
		const fleet = await startCurrent({ seed: 'fleet:1000' });
		try {
			const page = await call(fleet, { path: '/sims', query: { page_no: 10, page_size: 100 } });
			expect(page.json.total_count).toBe(1000);
			expect(page.json.data).toHaveLength(100);
			expect(page.json.data[99].sim_id).toMatch(/^8985202300000000999\d$/);
		} finally {
			await fleet.close();
		}
	});

	it('GET /sims/{sim_id} has the vendor example shape, with only the bundle in use', async () => {
		const r = await call(sim, { path: `/sims/${SIM_IN_USE}` });
		const detail = r.json.data;
		expect(detail).toMatchObject({ sim_id: SIM_IN_USE, status: 23, imei: null, tags: [], tech: 1, physical_specs: { type: 2, form_factor: null } });
		expect(detail.profile).toEqual([{ imsi: expect.any(String), msisdn: expect.any(String), apn: 'mobi', eid: null, euicc_status: null }]);
		expect(detail.sim_service.bundles).toHaveLength(1);
		expect(detail.sim_service.bundles[0]).toMatchObject({ order_id: '202107061625560742397', status: 1 });
		expect(Object.keys(detail.sim_service)).toEqual(['type', 'contract', 'testdata', 'preactivation', 'predeactivation', 'global_overage_policy', 'bundles']);
		const none = await call(sim, { path: `/sims/${SIM_NO_PLAN}` });
		expect(none.json.data.sim_service.bundles).toEqual([]);
		const unknown = await call(sim, { path: `/sims/${UNKNOWN_SIM}` });
		expect([unknown.status, codeOf(unknown)]).toEqual([200, 'CB-01-0001']);
	});

	it('GET /sims/{sim_id}/bundles lists every bundle, filtered by a status list, with byte sizes', async () => {
		const sims = sim.admin.sim(DEMO_ICCIDS[8]);
		const all = await call(sim, { path: `/sims/${DEMO_ICCIDS[8]}/bundles` });
		expect(all.json.total_count).toBe(sims.orders.length);
		expect(all.json.data.map((b: { status: number }) => b.status)).toEqual([3, 1]);
		const ended = all.json.data[0];
		expect(ended).toMatchObject({ id: 'DP20230101000001', data_limit: 1024 * 1024 * 1024, current_cycle_usage: 1024 * 1024 * 1024, period_unit: 2, period_number: 1, cycles: 1 });
		const inUse = await call(sim, { path: `/sims/${DEMO_ICCIDS[8]}/bundles`, query: { status: '0,1,2' } });
		expect(inUse.json.data.map((b: { status: number }) => b.status)).toEqual([1]);
		expect(inUse.json.total_count).toBe(1);
		const near = (await call(sim, { path: `/sims/${SIM_NEAR_LIMIT}/bundles` })).json.data[0];
		expect(near.current_cycle_usage / near.data_limit).toBeGreaterThan(0.9);
		expect((await call(sim, { path: `/sims/${SIM_IN_USE}/bundles`, query: { status: '5' } })).status).toBe(400);
	});

	it('GET /sims/{sim_id}/usage answers daily and monthly periods within the documented windows', async () => {
		const now = sim.admin.clock().now;
		const daily = await call(sim, { path: `/sims/${SIM_IN_USE}/usage`, query: { category: 'data', period_type: 1, begin_from: utcDay(now - 3 * DAY), end_by: utcDay(now) } });
		expect(codeOf(daily)).toBe('CB-00-0000');
		expect(daily.json.data.sim_id).toBe(SIM_IN_USE);
		expect(daily.json.data.usage.map((u: { period: string }) => u.period)).toEqual([3, 2, 1, 0].map((d) => utcDay(now - d * DAY)));
		expect(daily.json.data.usage[0]).toEqual({ period: utcDay(now - 3 * DAY), updated_at: expect.any(Number), data: { all: expect.stringMatching(/^\d+$/) } });
		expect(Number(daily.json.data.usage[0].data.all)).toBeGreaterThan(0);
		const monthly = await call(sim, { path: `/sims/${SIM_IN_USE}/usage`, query: { category_type: 'data', period_type: 2, begin_from: '2024-12', end_by: '2025-07' } });
		expect(monthly.json.data.usage.map((u: { period: string }) => u.period)).toEqual(['2024-12', '2025-01', '2025-02', '2025-03', '2025-04', '2025-05', '2025-06']);
		const refusals: Array<[Record<string, string | number>, number, string]> = [
			[{ category: 'data', period_type: 1, begin_from: utcDay(now - 61 * DAY), end_by: utcDay(now) }, 200, 'CB-00-0003'],
			[{ category: 'data', period_type: 2, begin_from: '2024-11', end_by: '2025-01' }, 200, 'CB-00-0003'],
			[{ category: 'data', period_type: 1, begin_from: utcDay(now), end_by: utcDay(now - DAY) }, 200, 'CB-00-0001'],
			[{ category: 'data', period_type: 1, begin_from: '2025-02-30', end_by: utcDay(now) }, 400, 'CB-99-9400'],
			[{ category: 'data', period_type: 2, begin_from: '2025-06-01', end_by: '2025-06' }, 400, 'CB-99-9400'],
			[{ category: 'sms', period_type: 2, begin_from: '2025-06', end_by: '2025-06' }, 400, 'CB-99-9400'],
			[{ period_type: 2, begin_from: '2025-06', end_by: '2025-06' }, 400, 'CB-99-9402'],
		];
		for (const [query, status, code] of refusals) {
			const r = await call(sim, { path: `/sims/${SIM_IN_USE}/usage`, query });
			expect({ query, got: [r.status, codeOf(r)] }).toEqual({ query, got: [status, code] });
		}
	});

	it('GET /usage/statistics/{sim_id}/accu_usage answers bytes since the first order, UTC0', async () => {
		const r = await call(sim, { path: `/usage/statistics/${DEMO_ICCIDS[8]}/accu_usage` });
		expect(r.json.data).toEqual([{ type: 'data', accu_usage: expect.stringMatching(/^\d+$/), since: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) }]);
		// The ended 1 GB order alone is 1 GiB.
		expect(Number(r.json.data[0].accu_usage)).toBeGreaterThan(1024 ** 3);
	});

	it('GET /sims/{sim_id}/status answers the status and the request holding the SIM', async () => {
		const r = await call(sim, { path: `/sims/${SIM_PAUSED}/status` });
		expect(r.json.data).toEqual({ sim_id: SIM_PAUSED, status: 30, request_id: null });
	});

	it('answers unknown paths 404 and wrong methods 405 in the current envelope, the simulator\'s own codes', async () => {
		const unknown = await call(sim, { path: `/sims/${SIM_IN_USE}/nothing` });
		expect([unknown.status, codeOf(unknown)]).toEqual([404, 'CB-99-9404']);
		const wrong = await call(sim, { method: 'DELETE', path: `/sims/${SIM_IN_USE}/activate` });
		expect([wrong.status, codeOf(wrong), wrong.headers.allow]).toEqual([405, 'CB-99-9405', 'POST']);
	});

	it('answers in Chinese for Accept-Language zh-CN', async () => {
		const r = await call(sim, { path: `/sims/${SIM_IN_USE}`, headers: { 'Accept-Language': 'zh-CN' } });
		expect(r.json.status.message).toBe('成功');
	});

	it('records its requests in the simulator\'s request log, under the key id', async () => {
		await call(sim, { path: `/sims/${SIM_IN_USE}/status` });
		const [last] = sim.admin.requests({ path: `/cube/v4/sims/${SIM_IN_USE}/status`, limit: 1 });
		expect(last).toMatchObject({ method: 'GET', httpStatus: 200, code: 'CB-00-0000', accessCode: 'sim-test-key' });
	});
});
