import { DEFAULT_ACCOUNT, DEMO_ICCIDS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureN8n, n8n, packPackage, startRedirectingServer, startStrangerServer, type N8nCliError, type N8nRun, type RecordingServer } from '@linksfield-cube/testkit';

/**
 * Writes are never repeated by n8n's own machinery, in a real n8n 2.40.7 with the packed package: a renew with
 * Retry On Fail (5 tries, no wait) under lost answers, and three items into Renew whose second fails — without and
 * with Retry On Fail, and with the error output; a read whose Path Override points at Renew; redirects answered to
 * signed requests through n8n's own HTTP helper. `n8n execute --id` runs each; the simulator's counters (and the
 * stranger's server's log) are the truth.
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
let stranger: RecordingServer;
/** Base URLs that answer every request with a redirect: 307 and 303 to the stranger, 308 back to the simulator. */
let redirectors: Record<'r307' | 'r308' | 'r303', RecordingServer>;
const redirectCredential = (name: keyof typeof redirectors) => ({ id: `LfRedirectCred${name.slice(1)}`, name: `Redirect ${name}` });

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

/** One Cube node after a manual trigger, with Continue On Fail unless nodeFields say otherwise. */
function oneNode(id: string, parameters: Record<string, unknown>, credential: { id: string; name: string }, nodeFields: Record<string, unknown> = { onError: 'continueRegularOutput' }) {
	return {
		id,
		name: `One node ${id}`,
		active: false,
		pinData: {},
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-cube`, name: 'Cube', type: `${PACKAGE}.linksfieldCube`, typeVersion: 1, position: [220, 0], parameters, credentials: { linksfieldCubeApi: credential }, ...nodeFields },
		],
		connections: { Start: { main: [[{ node: 'Cube', type: 'main', index: 0 }]] } },
	};
}

const renewParams = (orderId: string) => ({ resource: 'plan', operation: 'renew', order_id: orderId, renew_period: 1 });
const getPlansAsRenew = (orderId: string) => ({ resource: 'plan', operation: 'getPlans', options: { path: '/package/renewPackage', extraParams: JSON.stringify({ order_id: orderId, renew_period: 1 }) } });

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
	stranger = await startStrangerServer();
	redirectors = { r307: await startRedirectingServer(307, stranger.url), r308: await startRedirectingServer(308, sim.url), r303: await startRedirectingServer(303, stranger.url) };
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
			...(Object.keys(redirectors) as Array<keyof typeof redirectors>).map((name) => ({
				...redirectCredential(name),
				type: 'linksfieldCubeApi',
				data: { environment: 'custom', baseUrl: redirectors[name].url, accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, language: 'en-US', timestampUnit: 's' },
			})),
		]),
	);
	await n8n.importWorkflow(
		userDir,
		write('workflows.json', [
			singleRenew('LfRetryRenew001', orders[0]),
			threeRenewals('LfThreeRenew001', {}),
			threeRenewals('LfThreeRenew002', { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }),
			threeRenewals('LfThreeRenew003', { onError: 'continueErrorOutput' }),
			oneNode('LfRedirect307Renew', renewParams(orders[0]), redirectCredential('r307')),
			oneNode('LfRedirect308Renew', renewParams(orders[0]), redirectCredential('r308')),
			oneNode('LfRedirect303Renew', renewParams(orders[0]), redirectCredential('r303')),
			oneNode('LfRedirect307Usage', { resource: 'usage', operation: 'get', device_id: DEMO_ICCIDS[0] }, redirectCredential('r307')),
			oneNode('LfOverridePlans01', getPlansAsRenew(orders[0]), CREDENTIAL),
			oneNode('LfOverridePlans02', getPlansAsRenew(orders[0]), CREDENTIAL, RETRY),
		]),
	);
});

afterAll(async () => {
	await Promise.all(Object.values(redirectors ?? {}).map((r) => r.close()));
	await stranger?.close();
	await sim?.close();
	if (userDir) n8n.removeUserDir(userDir);
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

beforeEach(() => {
	sim.admin.clearFaults();
	sim.admin.resetCounters();
	for (const server of [stranger, ...Object.values(redirectors)]) server.received.length = 0;
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

describe('redirects through n8n\'s own HTTP helper are not followed', () => {
	test('a renew answered 307 towards another host: nothing reaches it; the error names the status and the target, not carried out', async () => {
		const run = await n8n.executeWorkflow(userDir, 'LfRedirect307Renew');
		expect(stranger.received).toEqual([]);
		expect(redirectors.r307.received).toHaveLength(1);
		const target = `${stranger.url}/package/renewPackage`;
		expect(n8n.nodeOutput(run, 'Cube')).toEqual([
			expect.objectContaining({ kind: 'http', httpStatus: 307, redirectedTo: target, outcome: 'failed', attempts: 1, error: expect.stringContaining(`redirected (HTTP 307) to ${target}, not followed`) }),
		]);
		expect(JSON.stringify(run)).not.toContain(DEFAULT_ACCOUNT.secret);
	});

	test('a renew answered 308 towards the API itself is not sent there again: renewed 0 times', async () => {
		const run = await n8n.executeWorkflow(userDir, 'LfRedirect308Renew');
		expect(sim.admin.counters().renewalsByOrder).toEqual({});
		expect(sim.admin.counters().requests).toBe(0);
		expect(n8n.nodeOutput(run, 'Cube')).toEqual([expect.objectContaining({ httpStatus: 308, redirectedTo: `${sim.url}/package/renewPackage`, outcome: 'failed' })]);
	});

	test('a renew answered 303: no GET\'s answer reported as the renewal — outcome unknown, nothing sent to the target', async () => {
		const run = await n8n.executeWorkflow(userDir, 'LfRedirect303Renew');
		expect(stranger.received).toEqual([]);
		expect(n8n.nodeOutput(run, 'Cube')).toEqual([expect.objectContaining({ kind: 'http', httpStatus: 303, outcome: 'unknown', error: expect.stringContaining('Outcome unknown') })]);
	});

	test('a read answered 307: its signed body goes nowhere else, and it is not retried', async () => {
		const run = await n8n.executeWorkflow(userDir, 'LfRedirect307Usage');
		expect(stranger.received).toEqual([]);
		expect(redirectors.r307.received).toHaveLength(1);
		expect(n8n.nodeOutput(run, 'Cube')).toEqual([expect.objectContaining({ httpStatus: 307, operation: 'usage.get', redirectedTo: `${stranger.url}/flow/queryDeviceFlowUsage` })]);
	});
});

describe('Get Plans with Path Override /package/renewPackage', () => {
	test('a 503 after the renewal: renewed once, not retried as a read, outcome unknown', async () => {
		sim.admin.addFault({ kind: 'status', status: 503, path: '/package/renewPackage', count: 4, after: true });
		const run = await n8n.executeWorkflow(userDir, 'LfOverridePlans01');
		expect(sim.admin.counters().renewalsByOrder).toEqual({ [orders[0]]: 1 });
		expect(n8n.nodeOutput(run, 'Cube')).toEqual([expect.objectContaining({ httpStatus: 503, outcome: 'unknown', attempts: 1 })]);
	});

	test('with Retry On Fail (5 tries): refused before sending, renewed 0 times', async () => {
		sim.admin.addFault({ kind: 'status', status: 503, path: '/package/renewPackage', count: 4, after: true });
		const run = await failedRun('LfOverridePlans02');
		expect(nodeError(run, 'Cube').message).toContain('its path is overridden (/package/renewPackage)');
		expect(sim.admin.counters().renewalsByOrder).toEqual({});
		expect(sim.admin.counters().requests).toBe(0);
	});
});
