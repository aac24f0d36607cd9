import { runMixedLoad } from './mixed-load';

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
	expect(tally.ordersRenewedTwice).toEqual([]);
	expect(tally.okButNotDone).toBe(0);
	expect(tally.failedButDone).toBe(0);
	expect(tally.writes.unknown).toBeGreaterThan(0);
	expect(tally.renewalsOnServer).toBe(tally.writes.ok + tally.unknownButDone);
}, 600_000);
