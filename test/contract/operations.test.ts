import { ENDPOINT_OPERATIONS, execute, getOperation, type CubeClient, type ExecuteResult } from '@linksfield-cube/core';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { OPERATION_CASES } from '@linksfield-cube/testkit/operation-cases';
import { clientFor, postRaw, signed, SIM_IN_USE, SIM_IN_USE_ORDER, startSim } from './simulator-fixture';

/**
 * Every endpoint of the catalog, run through the core as both runtimes run it (execute(), which calls
 * CubeClient.call) against the simulator: the success path of each operation case of the testkit.
 */

let sim: RunningSimulator;
let client: CubeClient;

beforeAll(async () => {
	sim = await startSim();
	client = clientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
});
beforeEach(() => sim.admin.reset());

/** The records of a result, as the runtimes hand them on: one per list entry or SIM, else the answer itself. */
function recordsOf(result: ExecuteResult): Record<string, unknown>[] {
	if (result.kind === 'list') return result.items;
	if (result.kind === 'many') {
		return result.results.map((r) => {
			if (!r.ok) throw r.error;
			return r.data;
		});
	}
	return [result.data as Record<string, unknown>];
}

const cases = Object.fromEntries(
	OPERATION_CASES.filter((c) => getOperation(c.id).path !== null).map((c) => [
		c.id,
		async () => {
			const op = getOperation(c.id);
			const before = c.before?.(sim);
			const result = await execute(client, c.id, c.params(sim), op.paging ? { returnAll: true } : {});
			c.check(recordsOf(result), sim, before);
			expect(sim.admin.counters().requestsByPath[c.path]).toBe(c.requests ?? 1);
		},
	]),
);

describe('every catalog operation succeeds through CubeClient.call', () => {
	it('has a case for every endpoint of the catalog', () => {
		expect(Object.keys(cases).sort()).toEqual(ENDPOINT_OPERATIONS.map((op) => op.id).sort());
	});

	for (const [id, run] of Object.entries(cases)) it(id, run);

	it('plan.getOrders answers one page with its page object', async () => {
		const data = await client.call<any>('plan.getOrders', { device_id: SIM_IN_USE, page_no: 1, page_size: 10 });
		expect(data.page).toEqual({ cur_page_no: 1, page_size: 10, total_count: 1, total_pages: 1 });
		expect(data.package_order_num).toBe(1);
		expect(data.package_order[0]).toMatchObject({ orderCode: SIM_IN_USE_ORDER });
	});

	it('answers every catalog path (and the same path below /cube/v4) with an envelope, never 404', async () => {
		for (const op of ENDPOINT_OPERATIONS) {
			for (const path of [op.path!, '/cube/v4' + op.path!]) {
				const res = await postRaw(sim.url + path, signed({}));
				expect({ path, status: res.status }).toEqual({ path, status: 200 });
				expect(res.json).toEqual(expect.objectContaining({ code: expect.any(String), success: expect.any(Boolean) }));
				expect(res.json.code).not.toBe('1404');
			}
		}
	});

	it('answers with the documented envelope, keys in the documented order', async () => {
		const res = await postRaw(sim.url + '/flow/queryDeviceFlowUsage', signed({ device_id: SIM_IN_USE }));
		expect(Object.keys(res.json)).toEqual(['code', 'data', 'message', 'success']);
		expect(res.json).toMatchObject({ code: '0000', message: '成功', success: true, data: { sign: expect.stringMatching(/^[A-Za-z0-9+/]{27}=$/) } });
		expect(res.headers['content-type']).toMatch(/^application\/json/);
	});
});
