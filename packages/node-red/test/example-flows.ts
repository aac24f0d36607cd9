import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CubeClient } from '@linksfield-cube/core/node';
import type { RunningSimulator } from '@linksfield-cube/simulator';

/**
 * The shipped example flows, made runnable against a simulator: shared by the in-process example tests and
 * the real Node-RED e2e test, so both run exactly what a user imports.
 */

export type FlowNode = Record<string, any> & { id: string; type: string };

export const EXAMPLES = ['usage-check-renew', 'callback-warning-switch', 'orders-errors-custom-call'] as const;

export function example(name: (typeof EXAMPLES)[number]): FlowNode[] {
	return JSON.parse(readFileSync(join(__dirname, '..', 'examples', `${name}.json`), 'utf8'));
}

export const byName = (flow: FlowNode[], name: string): FlowNode => {
	const node = flow.find((n) => n.name === name);
	if (!node) throw new Error(`the example has no node named "${name}"`);
	return node;
};

/** The example's config node pointed at the simulator. */
export function pointAt(flow: FlowNode[], baseUrl: string): FlowNode[] {
	return flow.map((n) => (n.type === 'linksfield-cube-config' ? { ...n, environment: 'custom', baseUrl } : n));
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
