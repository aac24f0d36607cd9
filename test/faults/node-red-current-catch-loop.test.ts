import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FaultRule } from '@linksfield-cube/simulator';
import { helper, NODES, sleep } from '@linksfield-cube/testkit/node-red-helper';
import { startCurrentSim, currentClientFor, KEY_ID } from '../contract/current-fixture';

/**
 * The naive Node-RED retry of a current-API write under injected faults, before and after the server did the work: an
 * Add Bundle node whose Catch node is wired straight back into it, one message per SIM. A failure certainly not carried
 * out goes round again; one whose outcome is unknown comes back once and is refused (the core's repeatedWrite guard,
 * on sim_id). The simulator's counters say whether any SIM got the bundle twice.
 */

const SIMS = 40;
const RATE = 0.3;
const KINDS: FaultRule[] = [{ kind: 'status', status: 500 }, { kind: 'status', status: 503 }, { kind: 'timeout' }, { kind: 'reset' }, { kind: 'malformed' }, { kind: 'business', code: 'CB-99-9500' }];
// Half of each kind before the work, half after it (the answer lost): the node cannot tell which. And a 429, which
// says the request was not processed: certainly failed, so it goes round the loop again.
const RULES: FaultRule[] = [
	...KINDS.flatMap((k) => [
		{ ...k, probability: RATE / KINDS.length / 2 },
		{ ...k, probability: RATE / KINDS.length / 2, after: true },
	]),
	{ kind: 'rate-limit', retryAfterSeconds: 0, probability: 0.15 },
];
const PRIVATE_KEY = readFileSync(join(__dirname, '..', '..', 'packages', 'testkit', 'fixtures', 'sign-v2-keys', 'team-rsa1024.pkcs8.pem'), 'utf8');

test(`Node-RED Catch loop of ${SIMS} current Add Bundle writes with ${RATE * 100} % faults before and after the work: no SIM gets the bundle twice`, async () => {
	const sim = await startCurrentSim({}, { seed: `fleet:${SIMS}`, randomSeed: 5 });
	const client = currentClientFor(sim);
	try {
		const { sims } = await client.sweepUsage();
		const ids = sims.map((s) => s.iccid!);
		expect(ids).toHaveLength(SIMS);
		await helper.load(
			NODES,
			[
				{ id: 'tab', type: 'tab' },
				// 1 s: the simulator answers in milliseconds, so only the injected timeouts time out.
				{ id: 'cfg', type: 'linksfield-cube-config', api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', timeout: 1, rateLimit: 0 },
				{
					id: 'add',
					z: 'tab',
					x: 100,
					y: 100,
					type: 'linksfield-cube',
					cube: 'cfg',
					operation: 'current.bundle.add',
					params: { bundle_id: { value: 'DP20230101000001', type: 'str' }, bundle_type: { value: '10', type: 'cube-option' }, activate: { value: 'false', type: 'cube-option' } },
					wires: [['out']],
				},
				{ id: 'retry', z: 'tab', x: 100, y: 200, type: 'catch', scope: ['add'], uncaught: false, wires: [['add', 'caught']] },
				{ id: 'out', z: 'tab', x: 300, y: 100, type: 'helper' },
				{ id: 'caught', z: 'tab', x: 300, y: 200, type: 'helper' },
			],
			{ cfg: { keyId: KEY_ID, privateKey: PRIVATE_KEY } },
		);
		const ok = new Map<string, number>();
		const refused = new Set<string>();
		const caught = { unknown: 0, failed: 0 };
		helper.getNode('out').on('input', (msg: { iccid: string }) => ok.set(msg.iccid, (ok.get(msg.iccid) ?? 0) + 1));
		helper.getNode('caught').on('input', (msg: { _error?: { outcome?: string } }) => void (msg._error?.outcome === 'unknown' ? caught.unknown++ : caught.failed++));
		const add = helper.getNode('add');
		const error = add.error;
		add.error = (...args: unknown[]) => {
			const refusal = /^Not sent: .*\(sim_id (\d+)\)/.exec(String(args[0]));
			if (refusal) refused.add(refusal[1]);
			return error.apply(add, args);
		};

		sim.admin.current.resetCounters();
		sim.admin.setFaults(RULES);
		for (const iccid of ids) add.receive({ iccid });
		const settled = () => ids.every((id) => ok.has(id) || refused.has(id));
		for (const deadline = Date.now() + 120_000; !settled() && Date.now() < deadline; ) await sleep(50);
		// Anything still going round would show up now.
		await sleep(1500);
		const injected = sim.admin.counters().faultsInjected;
		sim.admin.clearFaults();
		await helper.unload();

		const added = sim.admin.current.counters().bundlesAddedBySim;
		const tally = { sims: SIMS, ok: ok.size, refused: refused.size, caughtUnknown: caught.unknown, caughtFailed: caught.failed, injected, added: Object.keys(added).length };
		console.log(`Node-RED current Add Bundle Catch-loop tally: ${JSON.stringify(tally)}`);
		expect(injected).toBeGreaterThan(0);
		expect(caught.unknown).toBeGreaterThan(0);
		expect(caught.failed).toBeGreaterThan(0);
		// No SIM got the bundle twice; every SIM is settled (ok, or refused because its outcome is unknown).
		expect(Object.entries(added).filter(([, n]) => n > 1)).toEqual([]);
		expect(ids.filter((id) => !ok.has(id) && !refused.has(id))).toEqual([]);
		expect([...ok.values()].filter((n) => n > 1)).toEqual([]);
		// A SIM reported ok got its bundle; a refused one is exactly one whose earlier outcome was unknown.
		expect([...ok.keys()].filter((id) => !added[id])).toEqual([]);
		expect(refused.size).toBe(caught.unknown);
	} finally {
		client.close();
		await sim.close();
	}
}, 300_000);
