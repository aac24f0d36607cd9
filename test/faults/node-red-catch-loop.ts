import { CubeClient } from '@linksfield-cube/core/node';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { ACCESS_CODE, CREDENTIALS, helper, NODES, SECRET, sleep } from '@linksfield-cube/testkit/node-red-helper';
import { FAULT_MIX } from './mixed-load';

/**
 * The naive Node-RED retry under injected faults: a Renew node whose Catch node is wired straight back into it,
 * one message per order. A failure that was certainly not carried out goes round again; one with outcome unknown
 * comes back once and is refused. The simulator's counters say whether any order was renewed twice.
 */

export interface CatchLoopTally {
	renewals: number;
	/** Results at the first output. */
	ok: number;
	/** Errors with outcome unknown that reached the Catch node. */
	unknown: number;
	/** Errors with outcome failed that reached the Catch node (and went round again). */
	failed: number;
	/** Messages refused because they reported an unknown outcome of the same renewal. */
	refused: number;
	/** Orders that neither succeeded nor were refused. */
	missing: number;
	/** Orders with more than one result. */
	duplicated: number;
	renewalsOnServer: number;
	ordersRenewedTwice: string[];
	unknownButDone: number;
	okButNotDone: number;
	faultsInjected: number;
}

export async function runNodeRedCatchLoop(options: { renewals: number; faultRate: number }): Promise<CatchLoopTally> {
	const sim: RunningSimulator = await startSimulator({ port: 0, seed: `fleet:${Math.max(50, options.renewals)}`, randomSeed: 11, accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }] });
	const client = new CubeClient({ baseUrl: sim.url, accessCode: ACCESS_CODE, secret: SECRET });
	try {
		const iccids = (await client.getSimsInUse()).map((s) => String(s.assetId));
		const orders = (await client.getUsageMany(iccids, { concurrency: 16 })).flatMap((r) => (r.ok && r.data.orderId ? [r.data.orderId] : [])).slice(0, options.renewals);
		if (orders.length < options.renewals) throw new Error(`only ${orders.length} orders for ${options.renewals} renewals`);
		await helper.load(NODES, [
			{ id: 'tab', type: 'tab' },
			{ id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 3, rateLimit: 0 }, // 3 s: a loaded machine's honest answers stay under it
			{ id: 'renew', z: 'tab', x: 100, y: 100, type: 'linksfield-cube', cube: 'cfg', operation: 'plan.renew', params: { order_id: { value: 'orderId', type: 'msg' }, renew_period: { value: '1', type: 'num' } }, wires: [['out']] },
			{ id: 'retry', z: 'tab', x: 100, y: 200, type: 'catch', scope: ['renew'], uncaught: false, wires: [['renew', 'caught']] },
			{ id: 'out', z: 'tab', x: 300, y: 100, type: 'helper' },
			{ id: 'caught', z: 'tab', x: 300, y: 200, type: 'helper' },
		], CREDENTIALS);
		const results = new Map<string, number>();
		const refused = new Set<string>();
		const caught = { unknown: 0, failed: 0 };
		helper.getNode('out').on('input', (msg: { orderId: string }) => results.set(msg.orderId, (results.get(msg.orderId) ?? 0) + 1));
		helper.getNode('caught').on('input', (msg: { _error?: { outcome?: string } }) => void (msg._error?.outcome === 'unknown' ? caught.unknown++ : caught.failed++));
		const renew = helper.getNode('renew');
		const error = renew.error;
		renew.error = (...args: unknown[]) => {
			const refusal = /^Not sent: .*\(order_id (\S+)\)/.exec(String(args[0]));
			if (refusal) refused.add(refusal[1]);
			return error.apply(renew, args);
		};

		sim.admin.resetCounters();
		sim.admin.setFaults(FAULT_MIX(options.faultRate));
		for (const orderId of orders) renew.receive({ orderId });
		const settled = () => orders.every((o) => results.has(o) || refused.has(o));
		for (const deadline = Date.now() + 120_000; !settled() && Date.now() < deadline; ) await sleep(50);
		// Anything still going round would show up now.
		await sleep(1500);
		sim.admin.clearFaults();
		await helper.unload();

		const counters = sim.admin.counters();
		const done = (o: string) => (counters.renewalsByOrder[o] ?? 0) > 0;
		return {
			renewals: orders.length,
			ok: [...results.values()].reduce((a, b) => a + b, 0),
			unknown: caught.unknown,
			failed: caught.failed,
			refused: refused.size,
			missing: orders.filter((o) => !results.has(o) && !refused.has(o)).length,
			duplicated: [...results.values()].filter((n) => n > 1).length,
			renewalsOnServer: counters.renewals,
			ordersRenewedTwice: Object.entries(counters.renewalsByOrder).filter(([, n]) => n > 1).map(([id]) => id),
			unknownButDone: orders.filter((o) => refused.has(o) && done(o)).length,
			okButNotDone: orders.filter((o) => results.has(o) && !done(o)).length,
			faultsInjected: counters.faultsInjected,
		};
	} finally {
		client.close();
		await sim.close();
	}
}
