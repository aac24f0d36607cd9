import { DEFAULT_ACCOUNT, DEMO_ICCIDS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureN8n, n8n, packPackage, type N8nCliError, type N8nRun } from '@linksfield-cube/testkit';

/**
 * Writes are never repeated by n8n's own machinery, in a real n8n 2.40.7 with the packed package: a renew with
 * Retry On Fail (5 tries, no wait) under lost answers, and three items into Renew whose second fails — without and
 * with Retry On Fail, and with the error output. `n8n execute --id` runs each; the simulator's counters are the truth.
 */

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = 'n8n-nodes-linksfield-cube';
const CREDENTIAL = { id: 'LfSimCredRetry1', name: 'Linksfield Simulator' };
const MISSING_ORDER = 'NO-SUCH-ORDER-0001';
const RETRY = { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 };

jest.setTimeout(15 * 60_000);

let sim: RunningSimulator;
let work: string;
let userDir: string;
let orders: string[];

/** The in-process fixture (Usage Get Many of three SIMs → Renew), with this test's ids, credential and Renew node settings. */
function threeRenewals(id: string, renewNode: Record<string, unknown>) {
	const fixture = JSON.parse(fs.readFileSync(path.join(ROOT, 'test/n8n/fixtures/usage-many-renew.workflow.json'), 'utf8'));
	for (const node of fixture.nodes) {
		if (node.credentials) node.credentials = { linksfieldCubeApi: CREDENTIAL };
		if (node.name === 'Renew') {
			Object.assign(node.parameters, { order_id: `={{ $itemIndex === 1 ? '${MISSING_ORDER}' : $json.orderId }}` });
			Object.assign(node, renewNode);
		}
	}
	return { ...fixture, id, active: false, pinData: {} };
}

function singleRenew(id: string, orderId: string) {
	return {
		id,
		name: 'Renew with Retry On Fail',
		active: false,
		pinData: {},
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'rr-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'rr-renew',
				name: 'Renew',
				type: `${PACKAGE}.linksfieldCube`,
				typeVersion: 1,
				position: [220, 0],
				parameters: { resource: 'plan', operation: 'renew', order_id: orderId, renew_period: 1 },
				credentials: { linksfieldCubeApi: CREDENTIAL },
				...RETRY,
			},
		],
		connections: { Start: { main: [[{ node: 'Renew', type: 'main', index: 0 }]] } },
	};
}

/** A run expected to fail: n8n exits 1 and prints the run data. */
async function failedRun(id: string): Promise<N8nRun> {
	try {
		await n8n.executeWorkflow(userDir, id);
	} catch (error) {
		const { run, result } = error as N8nCliError;
		if (run) return run;
		throw new Error(`n8n printed no run data for ${id}:\n${result?.stdout.slice(-2000)}\n${result?.stderr.slice(-2000)}`);
	}
	throw new Error(`${id} succeeded; it should have failed`);
}

const nodeError = (run: N8nRun, node: string) => run.data.resultData.runData[node]?.[0]?.error as { message: string; description?: string; context?: Record<string, unknown> };

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-writes-'));
	await ensureN8n({ quiet: true });
	sim = await startSimulator({ port: 0, seed: 'demo', callbackRetries: 0 });
	orders = DEMO_ICCIDS.slice(0, 3).map((iccid) => (sim.admin.sim(iccid).orders as Array<{ orderStatus: string; orderCode: string }>).find((o) => o.orderStatus === '1')!.orderCode);
	userDir = n8n.createUserDir({ prefix: 'lf-n8n-writes-' });
	await n8n.installCommunityPackage(userDir, packPackage(ROOT, work));
	const write = (name: string, value: unknown) => {
		fs.writeFileSync(path.join(work, name), JSON.stringify(value));
		return path.join(work, name);
	};
	await n8n.importCredentials(
		userDir,
		write('credentials.json', [
			{ ...CREDENTIAL, type: 'linksfieldCubeApi', data: { environment: 'custom', baseUrl: sim.url, accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, language: 'en-US', timestampUnit: 's' } },
		]),
	);
	await n8n.importWorkflow(
		userDir,
		write('workflows.json', [
			singleRenew('LfRetryRenew001', orders[0]),
			threeRenewals('LfThreeRenew001', {}),
			threeRenewals('LfThreeRenew002', { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }),
			threeRenewals('LfThreeRenew003', { onError: 'continueErrorOutput' }),
		]),
	);
});

afterAll(async () => {
	await sim?.close();
	if (userDir) n8n.removeUserDir(userDir);
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
	sim.admin.clearFaults();
	sim.admin.resetCounters();
});

test('Retry On Fail (5 tries) on a renew whose answers are lost: refused before sending, renewed 0 times', async () => {
	sim.admin.addFault({ kind: 'reset', path: '/package/renewPackage', count: 4, after: true });
	const run = await failedRun('LfRetryRenew001');
	expect(nodeError(run, 'Renew').message).toContain('"Retry On Fail"');
	expect(sim.admin.counters().renewalsByOrder).toEqual({});
	expect(sim.admin.counters().requests).toBe(0);
});

test('three items into Renew, the second fails: the error names the renewal carried out, each order renewed at most once', async () => {
	const run = await failedRun('LfThreeRenew001');
	const error = nodeError(run, 'Renew');
	expect(error.message).toContain(MISSING_ORDER);
	expect(error.description).toContain(`Carried out before this error — do not repeat them: item 0 (order ${orders[0]}).`);
	expect(error.description).toContain('Not sent: item 2.');
	expect(sim.admin.counters().renewalsByOrder).toEqual({ [orders[0]]: 1 });
	expect(JSON.stringify(run)).not.toContain(DEFAULT_ACCOUNT.secret);
});

test('the same with Retry On Fail (3 tries): refused, so the first order is not renewed 3 times', async () => {
	const run = await failedRun('LfThreeRenew002');
	expect(nodeError(run, 'Renew').message).toContain('"Retry On Fail"');
	expect(sim.admin.counters().renewalsByOrder).toEqual({});
	expect(sim.admin.counters().requestsByPath['/package/renewPackage'] ?? 0).toBe(0);
});

test('the same with the error output: both renewals on the success output, the failure on the error output', async () => {
	const run = await n8n.executeWorkflow(userDir, 'LfThreeRenew003');
	expect(n8n.nodeOutput(run, 'Renew', { output: 0 })).toEqual([expect.objectContaining({ order_id: orders[0] }), expect.objectContaining({ order_id: orders[2] })]);
	expect(n8n.nodeOutput(run, 'Renew', { output: 1 })).toEqual([expect.objectContaining({ error: expect.stringContaining(MISSING_ORDER), details: expect.objectContaining({ outcome: 'failed' }) })]);
	expect(sim.admin.counters().renewalsByOrder).toEqual({ [orders[0]]: 1, [orders[2]]: 1 });
});
