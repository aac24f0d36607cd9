import { operationRun } from '../src/client/execute';
import { listOptionDefaults, ownFields } from '../src/catalog/fields';
import { getOperation, OPERATIONS } from '../src/catalog/operations';

/** How an operation runs and what its node's options start at: one decision in the core, which both runtimes read. */
describe('operationRun', () => {
	it('names each kind of run from the catalog entry', () => {
		const runs = Object.fromEntries(OPERATIONS.map((op) => [op.id, operationRun(op)]));
		expect(runs).toMatchObject({ 'usage.getMany': 'fanOut', 'plan.getOrders': 'paging', 'plan.bulkOrder': 'itemResults', 'sim.getAll': 'list', 'plan.getPlans': 'list', 'sim.get': 'single', 'custom.call': 'single' });
		for (const op of OPERATIONS) expect([op.id, operationRun(op) === 'fanOut']).toEqual([op.id, op.fanOut !== undefined]);
	});
});

describe('listOptionDefaults and ownFields', () => {
	it('return all of a list that always came whole, and keep the Limit on paged lists', () => {
		expect(listOptionDefaults(getOperation('sim.getAll'))).toEqual({ returnAll: true, limit: 50, simplify: true });
		expect(listOptionDefaults(getOperation('plan.getOrders'))).toEqual({ returnAll: false, limit: 50, simplify: true });
	});

	it('leave the page fields and a fan-out list to the node, made once per operation', () => {
		const orders = getOperation('plan.getOrders');
		expect(ownFields(orders).map((f) => f.name)).toEqual(['device_id', 'order_id', 'order_status', 'order_type']);
		expect(ownFields(getOperation('usage.getMany'))).toEqual([]);
		expect(ownFields(orders)).toBe(ownFields(orders));
	});
});
