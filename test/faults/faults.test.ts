import { runMixedLoad, type WriteTally } from './mixed-load';
import { runN8nRetryOnFailLoad } from './n8n-retry-load';
import { runNodeRedCatchLoop } from './node-red-catch-loop';

/** No order renewed twice, every write's report true to what the server did, and lost answers did happen. */
function expectWritesTrueToServer(tally: WriteTally) {
	expect(tally.ordersRenewedTwice).toEqual([]);
	expect(tally.okButNotDone).toBe(0);
	expect(tally.failedButDone).toBe(0);
	expect(tally.writes.unknown).toBeGreaterThan(0);
	expect(tally.renewalsOnServer).toBe(tally.writes.ok + tally.unknownButDone);
}

// CI size by default; `npm run soak` runs the same load with SOAK_OPERATIONS=10000.
const OPERATIONS = Number(process.env.SOAK_OPERATIONS ?? 600);

test(`mixed load of ${OPERATIONS} operations with 10 % injected faults: nothing lost, nothing duplicated, no write repeated`, async () => {
	const tally = await runMixedLoad({ operations: OPERATIONS, faultRate: 0.1 });
	console.log(`fault tally: ${JSON.stringify(tally, null, 1)}`);
	// Faults really happened, of every kind.
	expect(tally.faultsInjected).toBeGreaterThan(OPERATIONS * 0.05);
	expect(Object.keys(tally.faultsByKind).sort()).toEqual(['malformed', 'rate-limit', 'reset', 'status', 'timeout']);
	// Exactly one result or one error per input.
	expect(tally.missing).toBe(0);
	expect(tally.duplicated).toBe(0);
	expect(tally.results + tally.errors).toBe(OPERATIONS);
	// Reads recover within the retry budget.
	expect(tally.reads.failed).toBe(0);
	// Writes: never repeated, and every report is true to what the server did.
	expectWritesTrueToServer(tally);
}, 600_000);

// A Node-RED Catch node wired straight back into Renew, under faults: the flow's own retry never renews twice.
const CATCH_LOOP_RENEWALS = Math.max(60, Math.round(OPERATIONS / 10));

test(`Node-RED Catch loop of ${CATCH_LOOP_RENEWALS} renewals with 30 % injected faults: no order renewed twice, each unknown outcome refused once`, async () => {
	const tally = await runNodeRedCatchLoop({ renewals: CATCH_LOOP_RENEWALS, faultRate: 0.3 });
	console.log(`Node-RED Catch-loop tally: ${JSON.stringify(tally, null, 1)}`);
	expect(tally.faultsInjected).toBeGreaterThan(0);
	expect(tally.unknown).toBeGreaterThan(0);
	expect(tally.ordersRenewedTwice).toEqual([]);
	expect(tally.duplicated).toBe(0);
	expect(tally.missing).toBe(0);
	// Every unknown outcome came back through the Catch node once and was refused; everything else succeeded.
	expect(tally.refused).toBe(tally.unknown);
	expect(tally.ok + tally.refused).toBe(tally.renewals);
	expect(tally.okButNotDone).toBe(0);
	expect(tally.renewalsOnServer).toBe(tally.ok + tally.unknownButDone);
}, 600_000);

test(`n8n Retry On Fail under the same faults: a write refuses it, no order renewed twice, every report true`, async () => {
	const tally = await runN8nRetryOnFailLoad({ operations: OPERATIONS, faultRate: 0.1 });
	console.log(`n8n Retry On Fail tally: ${JSON.stringify(tally, null, 1)}`);
	expect(tally.faultsInjected).toBeGreaterThan(0);
	// Reads keep Retry On Fail: n8n's tries on top of the node's own retries recover every SIM.
	expect(tally.reads.failed).toBe(0);
	// A write node with Retry On Fail on sends nothing, so n8n's re-runs cannot repeat a renewal.
	expect(tally.withRetryOnFail).toEqual({ items: tally.withRetryOnFail.items, refused: tally.withRetryOnFail.items, renewalsOnServer: 0, ordersRenewedTwice: 0 });
	// Without it (Continue On Fail): each order renewed at most once, each item's report true to the server.
	expectWritesTrueToServer(tally);
}, 600_000);
