// @linksfield-cube/testkit/node-red-examples: source only, never built to dist — its client comes from the core's
// Node entry, @linksfield-cube/core/node, a source path that jest and the type-check map (the built core has none).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CubeClient } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';

/**
 * The shipped example flows, made runnable against a simulator: shared by the in-process example tests and
 * the real Node-RED e2e test, so both run exactly what a user imports.
 */

/** A node of an example flow: JSON as shipped, read field by field. */
export type ExampleNode = Record<string, any> & { id: string; type: string }; // eslint-disable-line @typescript-eslint/no-explicit-any -- plain JSON of many shapes

export const EXAMPLES = ['usage-check-renew', 'callback-warning-switch', 'orders-errors-custom-call', 'current-usage-add-bundle', 'current-webhook-sim-lookup'] as const;

export function example(name: (typeof EXAMPLES)[number]): ExampleNode[] {
	// The Node-RED package's examples folder, seen from src/ and dist/ alike.
	return JSON.parse(readFileSync(join(__dirname, '..', '..', 'node-red', 'examples', `${name}.json`), 'utf8'));
}

export const byName = (flow: ExampleNode[], name: string): ExampleNode => {
	const node = flow.find((n) => n.name === name);
	if (!node) throw new Error(`the example has no node named "${name}"`);
	return node;
};

/** The example's config node pointed at the simulator (a current-API config node at its /cube/v4). */
export function pointAt(flow: ExampleNode[], baseUrl: string): ExampleNode[] {
	return flow.map((n) => (n.type === 'linksfield-cube-config' ? { ...n, environment: 'custom', baseUrl: n.api === 'current' ? `${baseUrl}/cube/v4` : baseUrl } : n));
}

/**
 * A fleet of SIMs where exactly one is nearly out of data: the headline flow must renew that SIM's order,
 * once, and nothing else. Usage is set through the simulator's admin API; the ICCIDs and orders are read
 * through the API itself.
 */
export async function oneSimNearlyOut(sim: RunningSimulator, credentials: { accessCode: string; secret: string }): Promise<{ iccid: string; orderId: string; fleet: string[] }> {
	sim.admin.reset({ seed: 'fleet:5' });
	const client = new CubeClient({ baseUrl: sim.url, ...credentials });
	try {
		const fleet = (await client.getSimsInUse()).map((s) => String(s.assetId));
		fleet.forEach((iccid, i) => sim.admin.setUsage(iccid, i === 2 ? 1000 : 100));
		const usage = await client.getUsage(fleet[2]);
		if (!usage.orderId || (usage.percentUsed ?? 0) < 90) throw new Error(`the simulator did not take the usage: ${JSON.stringify(usage)}`);
		// The flow's own requests are what the test counts.
		sim.admin.resetCounters();
		return { iccid: fleet[2], orderId: usage.orderId, fleet };
	} finally {
		client.close();
	}
}

/**
 * A fleet where exactly two SIMs have used 90 % or more of their bundle (the current API reads the same fleet as
 * the legacy one): the current example must add a bundle to each of those, once, and to no other SIM. Returns
 * them and the fleet; the simulator's counters start from zero.
 */
export async function twoSimsNearlyOut(sim: RunningSimulator, credentials: { accessCode: string; secret: string }): Promise<{ iccids: string[]; fleet: string[] }> {
	sim.admin.reset({ seed: 'fleet:5' });
	const client = new CubeClient({ baseUrl: sim.url, ...credentials });
	try {
		const fleet = (await client.getSimsInUse()).map((s) => String(s.assetId));
		const iccids = [fleet[1], fleet[3]];
		fleet.forEach((iccid) => sim.admin.setUsage(iccid, iccids.includes(iccid) ? 1000 : 100));
		sim.admin.resetCounters();
		sim.admin.current.resetCounters();
		return { iccids, fleet };
	} finally {
		client.close();
	}
}
