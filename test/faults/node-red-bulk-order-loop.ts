import { CubeClient } from '@linksfield-cube/core/node';
import { DEMO_PLAN_ORDER, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { startAnswerRewriter } from '@linksfield-cube/testkit';
import { ACCESS_CODE, CREDENTIALS, helper, NODES, SECRET, sleep } from '@linksfield-cube/testkit/node-red-helper';
import { FAULT_MIX } from './mixed-load';

/**
 * The naive Node-RED retry of a bulk order under faults: a Bulk Order node whose ICCIDs come from msg.iccid, its
 * Catch node wired straight back into it, one message per pair of SIMs. Besides the injected faults, some answers
 * leave a SIM out (the core reports it "may have been ordered") and some refuse a SIM on its own (certainly not
 * ordered, so it goes round again alone). The simulator's orders say whether any SIM was ordered twice.
 */

export interface BulkLoopTally {
	sims: number;
	/** SIMs with a result at the first output. */
	ok: number;
	/** SIMs whose repeat was refused (their outcome unknown). */
	refused: number;
	/** SIMs that neither succeeded nor were refused. */
	missing: string[];
	/** Answers that left a SIM out. */
	leftOut: number;
	simsOrderedTwice: string[];
	okButNotOrdered: number;
	faultsInjected: number;
}

const BULK = '/package/batchOrderPackages';

export async function runNodeRedBulkOrderLoop(options: { pairs: number; faultRate: number; leftOutRate: number }): Promise<BulkLoopTally> {
	const sim: RunningSimulator = await startSimulator({ port: 0, seed: `fleet:${Math.max(50, options.pairs * 2)}`, randomSeed: 13, accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }] });
	const client = new CubeClient({ baseUrl: sim.url, accessCode: ACCESS_CODE, secret: SECRET });
	// Seeded, so a run leaves out the same SIMs every time.
	let seed = 20;
	const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
	let leftOut = 0;
	const rewriter = await startAnswerRewriter(sim.url, (path, answer) => {
		const data = (answer as { data?: { device_order?: unknown[] } }).data;
		if (!path.endsWith(BULK) || !Array.isArray(data?.device_order) || data.device_order.length < 2 || random() >= options.leftOutRate) return answer;
		leftOut++;
		return { ...(answer as object), data: { ...data, device_order: data.device_order.slice(0, -1) } };
	});
	try {
		const iccids = (await client.getSimsInUse()).map((s) => String(s.assetId)).slice(0, options.pairs * 2);
		if (iccids.length < options.pairs * 2) throw new Error(`only ${iccids.length} SIMs for ${options.pairs} pairs`);
		const ordersOf = (iccid: string) => sim.admin.sim(iccid).orders.length;
		const before = new Map(iccids.map((iccid) => [iccid, ordersOf(iccid)]));
		const plan = Object.fromEntries(Object.entries(DEMO_PLAN_ORDER).map(([k, v]) => [k, { value: String(v), type: 'str' }]));
		await helper.load(NODES, [
			{ id: 'tab', type: 'tab' },
			{ id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: rewriter.url, language: 'en-US', timeout: 3, rateLimit: 0 }, // 3 s: a loaded machine's honest answers stay under it
			{ id: 'bulk', z: 'tab', x: 100, y: 100, type: 'linksfield-cube', cube: 'cfg', operation: 'plan.bulkOrder', params: { ...plan, deviceList: { value: '', type: 'str' } }, wires: [['out']] },
			{ id: 'retry', z: 'tab', x: 100, y: 200, type: 'catch', scope: ['bulk'], uncaught: false, wires: [['bulk']] },
			{ id: 'out', z: 'tab', x: 300, y: 100, type: 'helper' },
		], CREDENTIALS);
		const results = new Set<string>();
		const refused = new Set<string>();
		helper.getNode('out').on('input', (msg: { iccid: string }) => results.add(msg.iccid));
		const node = helper.getNode('bulk');
		const error = node.error;
		node.error = (...args: unknown[]) => {
			const refusal = /^Not sent: .*plan\.bulkOrder \(device_id ([^)]+)\)/.exec(String(args[0]));
			if (refusal) for (const iccid of refusal[1].split(', ')) refused.add(iccid);
			return error.apply(node, args);
		};

		sim.admin.resetCounters();
		sim.admin.setFaults([...FAULT_MIX(options.faultRate), { kind: 'device-error', path: BULK, probability: options.faultRate / 3, code: '2003', message: 'SIM not orderable' }]);
		for (let i = 0; i < options.pairs; i++) node.receive({ iccid: `${iccids[2 * i]},${iccids[2 * i + 1]}` });
		const settled = () => iccids.every((iccid) => results.has(iccid) || refused.has(iccid));
		for (const deadline = Date.now() + 120_000; !settled() && Date.now() < deadline; ) await sleep(50);
		// Anything still going round would show up now.
		await sleep(1500);
		const counters = sim.admin.counters();
		sim.admin.clearFaults();
		await helper.unload();

		const added = (iccid: string) => ordersOf(iccid) - before.get(iccid)!;
		return {
			sims: iccids.length,
			ok: results.size,
			refused: refused.size,
			missing: iccids.filter((iccid) => !results.has(iccid) && !refused.has(iccid)),
			leftOut,
			simsOrderedTwice: iccids.filter((iccid) => added(iccid) > 1),
			okButNotOrdered: [...results].filter((iccid) => added(iccid) === 0).length,
			faultsInjected: counters.faultsInjected,
		};
	} finally {
		client.close();
		await rewriter.close();
		await sim.close();
	}
}
