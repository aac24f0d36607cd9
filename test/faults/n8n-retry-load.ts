import { CubeClient } from '@linksfield-cube/core/node';
import { startSimulator, type FaultRule } from '@linksfield-cube/simulator';
import { countWrite, FAULT_MIX, type WriteTally } from './mixed-load';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { credentialFor, runWorkflow, type WorkflowJson } from '@linksfield-cube/testkit/n8n-engine';

/**
 * The fault load through the n8n action node run by n8n-core's WorkflowExecute, with the node setting Retry On
 * Fail (5 tries, no wait) on: a Usage → Get Many sweep of the fleet under faults on the usage path, and a Renew of
 * one order per SIM under faults on the renew path — once with Retry On Fail (and Continue On Fail, where n8n
 * re-runs the node whenever its first item is an error), once without, as the node asks. The first renewal's
 * answer is always lost, so n8n's retry is certainly provoked. Timeouts are left out of the mix: the node's
 * 30-second timeout is not a setting, and lost answers (reset, 500, malformed after the work) make the same case.
 */

/** The writes (countWrite): Renew with Retry On Fail off and Continue On Fail, one item per order. */
export interface N8nRetryTally extends WriteTally {
	sims: number;
	reads: { ok: number; failed: number };
	/** Renew with Retry On Fail on: items refused before sending, and renewals that nevertheless reached the server. */
	withRetryOnFail: { items: number; refused: number; renewalsOnServer: number; ordersRenewedTwice: number };
	faultsInjected: number;
}

const RETRY_ON_FAIL = { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 };
const CUBE = 'n8n-nodes-linksfield-cube.linksfieldCube';
const credentialRef = { linksfieldCubeApi: { id: 'sim', name: 'Simulator' } };

/** Start → Usage Get Many of `iccids` [→ Renew of each SIM's order in use]. */
function workflow(iccids: string[], renew?: Record<string, unknown>): WorkflowJson {
	const usage = {
		id: 'ld-usage',
		name: 'Usage',
		type: CUBE,
		typeVersion: 1,
		position: [220, 0] as [number, number],
		parameters: { resource: 'usage', operation: 'getMany', source: 'list', device_ids: iccids.join(','), options: { concurrency: 16 } },
		credentials: credentialRef,
		...(renew ? {} : RETRY_ON_FAIL),
	};
	const nodes: WorkflowJson['nodes'] = [{ id: 'ld-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} }, usage];
	const connections: WorkflowJson['connections'] = { Start: { main: [[{ node: 'Usage', type: 'main', index: 0 }]] } };
	if (renew) {
		nodes.push({
			id: 'ld-renew',
			name: 'Renew',
			type: CUBE,
			typeVersion: 1,
			position: [440, 0],
			parameters: { resource: 'plan', operation: 'renew', order_id: '={{ $json.orderId }}', renew_period: 1 },
			credentials: credentialRef,
			onError: 'continueRegularOutput',
			...renew,
		});
		connections.Usage = { main: [[{ node: 'Renew', type: 'main', index: 0 }]] };
	}
	return { name: 'n8n Retry On Fail under faults', nodes, connections, settings: { executionOrder: 'v1' } };
}

const only = (path: string, rules: FaultRule[]): FaultRule[] => rules.filter((r) => r.kind !== 'timeout').map((r) => ({ ...r, path }));
const LOST_FIRST_RENEWAL: FaultRule = { kind: 'status', status: 500, after: true, count: 1, path: '/package/renewPackage' };

export async function runN8nRetryOnFailLoad(options: { operations: number; faultRate: number }): Promise<N8nRetryTally> {
	const fleet = Math.max(50, Math.ceil(options.operations / 5));
	const sim = await startSimulator({ port: 0, seed: `fleet:${fleet}`, randomSeed: 11 });
	const credential = credentialFor(sim);
	const client = new CubeClient({ baseUrl: sim.url, accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret });
	try {
		const iccids = (await client.getSimsInUse()).map((s) => String(s.assetId));
		const renewSims = iccids.slice(0, Math.max(10, Math.ceil(options.operations / 10)));

		sim.admin.resetCounters();
		sim.admin.setFaults(only('/flow/queryDeviceFlowUsage', FAULT_MIX(options.faultRate)));
		const reads = (await runWorkflow(workflow(iccids), credential)).output('Usage');
		const faultsOnReads = sim.admin.counters().faultsInjected;

		sim.admin.resetCounters();
		sim.admin.setFaults([LOST_FIRST_RENEWAL, ...only('/package/renewPackage', FAULT_MIX(options.faultRate))]);
		const refused = (await runWorkflow(workflow(renewSims, RETRY_ON_FAIL), credential)).output('Renew');
		const withRetryOnFail = sim.admin.counters();

		sim.admin.resetCounters();
		sim.admin.setFaults([LOST_FIRST_RENEWAL, ...only('/package/renewPackage', FAULT_MIX(options.faultRate))]);
		const usage = await runWorkflow(workflow(renewSims, {}), credential);
		const renewed = usage.output('Renew');
		const ordersOf = usage.output('Usage').map((u) => String(u.orderId));
		sim.admin.clearFaults();
		const counters = sim.admin.counters();

		const tally: N8nRetryTally = {
			sims: iccids.length,
			reads: { ok: reads.filter((r) => !r.error).length, failed: iccids.length - reads.filter((r) => !r.error).length },
			withRetryOnFail: {
				items: renewSims.length,
				refused: refused.filter((r) => String(r.error).includes('"Retry On Fail"')).length,
				renewalsOnServer: withRetryOnFail.renewals,
				ordersRenewedTwice: Object.values(withRetryOnFail.renewalsByOrder).filter((n) => n > 1).length,
			},
			writes: { ok: 0, unknown: 0, failed: 0 },
			renewalsOnServer: counters.renewals,
			ordersRenewedTwice: Object.entries(counters.renewalsByOrder).filter(([, n]) => n > 1).map(([id]) => id),
			okButNotDone: 0,
			failedButDone: 0,
			unknownButDone: 0,
			faultsInjected: faultsOnReads + counters.faultsInjected,
		};
		if (renewed.length !== ordersOf.length) throw new Error(`${ordersOf.length} orders in, ${renewed.length} items out of Renew`);
		renewed.forEach((item, i) => countWrite(tally, !item.error ? 'ok' : item.outcome === 'unknown' ? 'unknown' : 'failed', (counters.renewalsByOrder[ordersOf[i]] ?? 0) > 0));
		return tally;
	} finally {
		client.close();
		await sim.close();
	}
}
