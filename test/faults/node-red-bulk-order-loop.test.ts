import { runNodeRedBulkOrderLoop } from './node-red-bulk-order-loop';

// A Node-RED Catch node wired straight back into Bulk Order, under faults and answers that leave a SIM out: the
// flow's own retry never orders a SIM twice (issue 20).
const PAIRS = Math.max(40, Math.round(Number(process.env.SOAK_OPERATIONS ?? 600) / 15));

test(`Node-RED Catch loop of ${PAIRS} bulk orders of 2 SIMs with 30 % injected faults and left-out SIMs: no SIM ordered twice`, async () => {
	const tally = await runNodeRedBulkOrderLoop({ pairs: PAIRS, faultRate: 0.3, leftOutRate: 0.2 });
	console.log(`Node-RED bulk-order Catch-loop tally: ${JSON.stringify(tally, null, 1)}`);
	expect(tally.faultsInjected).toBeGreaterThan(0);
	expect(tally.leftOut).toBeGreaterThan(0);
	expect(tally.simsOrderedTwice).toEqual([]);
	expect(tally.refused).toBeGreaterThan(0);
	expect(tally.missing).toEqual([]);
	expect(tally.okButNotOrdered).toBe(0);
	expect(tally.ok + tally.refused).toBe(tally.sims);
}, 600_000);
