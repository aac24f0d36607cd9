import { getOperation, OPERATIONS } from '@linksfield-cube/core';
import { OPERATION_CASES } from '@linksfield-cube/testkit/operation-cases';
import { configNode, firstMessage, helper, load, typedFields, useSimulator } from '@linksfield-cube/testkit/node-red-helper';

/** Every catalog operation through the action node (the testkit's operation cases), its fields set the way the editor stores them. */

const sim = useSimulator();

const ordersOf = (iccid: string) => sim.admin.sim(iccid).orders;

/** Deploys one action node for `operation`, sends one message through it and returns what comes out. */
async function run(operation: string, values: Record<string, unknown> = {}, props: Record<string, unknown> = {}): Promise<any> {
	await load([
		configNode(sim),
		{ id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation, params: typedFields(getOperation(operation), values), wires: [['out']], ...props },
		{ id: 'out', type: 'helper' },
	]);
	const first = firstMessage(['out', 'caught']);
	helper.getNode('cube').receive({ payload: 'trigger', keep: 'me' });
	const { id, msg } = await first;
	if (id === 'caught') throw new Error(`caught: ${msg.error.message}`);
	expect(msg.keep).toBe('me');
	return msg;
}

/** The records of a run as the other runtimes hand them on: msg.payload's entries, or msg.payload itself. */
const recordsOf = (payload: unknown) => (Array.isArray(payload) ? payload : [payload]);

it('has a case for every operation of the catalog', () => {
	expect(OPERATION_CASES.map((c) => c.id).sort()).toEqual(OPERATIONS.map((op) => op.id).sort());
});

describe.each(OPERATION_CASES.map((c) => [c.id, c] as const))('%s through the linksfield-cube node', (id, c) => {
	it('succeeds against the simulator', async () => {
		const op = getOperation(id);
		const remembered = c.before?.(sim);
		// One result per SIM as one array, as the other runtimes list them (by default one message each).
		const msg = await run(id, c.params(sim), op.fanOut || op.itemResults ? { manyOutput: 'array' } : {});
		const records = recordsOf(msg.payload);
		c.check(records, sim, remembered);
		expect(sim.admin.counters().requestsByPath[c.path]).toBe(c.requests ?? 1);
		// One result: the msg names its SIM and order, so the next node can take them as they are.
		if (records.length === 1 && !op.fanOut && !op.itemResults && !op.returnsList) {
			const [record] = records;
			if (typeof record.iccid === 'string') expect(msg.iccid).toBe(record.iccid);
			const orderId = record.orderId ?? record.order_id;
			if (typeof orderId === 'string') expect(msg.orderId).toBe(orderId);
		}
	});
});
