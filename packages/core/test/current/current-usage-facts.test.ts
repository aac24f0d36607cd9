import { currentUsageFacts, withCurrentUsageFacts } from '../../src/current/current-usage-facts';

const MIB = 1024 * 1024;
const bundle = (change: Record<string, unknown>) => ({ id: 'LP2023A', status: 1, type: 0, data_limit: 30 * MIB, current_cycle_usage: 10 * MIB, cycles: 1, current_cycle: 1, ...change });
/** A record of the SIM list (spec current §5.1): status, contract and bundles. */
const sim = (bundles: unknown[], change: Record<string, unknown> = {}) => ({
	sim_id: '89852202209089971478',
	status: 23,
	sim_service: { contract: { start_at: 1677654516000, end_at: 1717171199000 }, bundles },
	...change,
});

describe('usage facts from a SIM list record, without a request per SIM', () => {
	it('come from the bundle in use, in the API unit (bytes, inferred)', () => {
		const record = sim([bundle({ id: 'LP-OLD', status: 3, current_cycle_usage: 30 * MIB }), bundle({}), bundle({ id: 'LP-NEXT', status: 0, current_cycle_usage: null })]);
		expect(currentUsageFacts(record)).toEqual({
			iccid: '89852202209089971478',
			simStatus: 23,
			bundleId: 'LP2023A',
			used: 10 * MIB,
			total: 30 * MIB,
			remaining: 20 * MIB,
			percentUsed: 33.33,
			unlimited: false,
			bundlesInUse: 1,
			unit: 'bytes',
			unitInferred: true,
		});
	});

	it('an unlimited bundle (data_limit -1) has no total, remaining or percentage', () => {
		expect(currentUsageFacts(sim([bundle({ data_limit: -1 })]))).toMatchObject({ used: 10 * MIB, total: null, remaining: null, percentUsed: null, unlimited: true, bundleId: 'LP2023A' });
	});

	it('usage not reported yet stays unknown rather than 0', () => {
		expect(currentUsageFacts(sim([bundle({ current_cycle_usage: null })]))).toMatchObject({ used: null, total: 30 * MIB, remaining: null, percentUsed: null });
	});

	it('a SIM without a bundle in use has no facts, and no bundle to top up', () => {
		expect(currentUsageFacts(sim([bundle({ status: 3 }), bundle({ status: 2 })]))).toMatchObject({ bundleId: null, used: null, total: null, remaining: null, percentUsed: null, bundlesInUse: 0 });
		// The vendor's SIM-detail example: status 10, no bundle.
		expect(currentUsageFacts({ sim_id: '89852202209089971478', status: 10, sim_service: { type: 1, bundles: [] } })).toMatchObject({ simStatus: 10, bundleId: null, used: null });
		expect(currentUsageFacts({ sim_id: '89852202209089971478' })).toMatchObject({ bundleId: null, bundlesInUse: 0, simStatus: null });
	});

	it('over the limit: nothing remains, and the percentage goes past 100', () => {
		expect(currentUsageFacts(sim([bundle({ current_cycle_usage: 45 * MIB })]))).toMatchObject({ remaining: 0, percentUsed: 150 });
	});

	it('a zero limit has no percentage', () => {
		expect(currentUsageFacts(sim([bundle({ data_limit: 0, current_cycle_usage: 0 })]))).toMatchObject({ total: 0, remaining: 0, percentUsed: null });
	});

	it('with a basic bundle and an add-on both in use, the first one listed, and the count said', () => {
		expect(currentUsageFacts(sim([bundle({}), bundle({ id: 'LP-ADDON', type: 1, data_limit: MIB, current_cycle_usage: 0 })]))).toMatchObject({ bundleId: 'LP2023A', bundlesInUse: 2 });
	});

	it('reads numbers written as text', () => {
		expect(currentUsageFacts(sim([bundle({ status: '1', data_limit: '1000', current_cycle_usage: '250' })]))).toMatchObject({ used: 250, total: 1000, remaining: 750, percentUsed: 25 });
	});

	it('the record keeps its fields, the facts added beside them', () => {
		const record = sim([bundle({})]);
		const out = withCurrentUsageFacts(record);
		expect(out).toMatchObject({ sim_id: record.sim_id, status: 23, sim_service: record.sim_service, bundleId: 'LP2023A', percentUsed: 33.33 });
		expect(record).not.toHaveProperty('bundleId');
	});
});
