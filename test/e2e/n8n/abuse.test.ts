import { DEMO_ICCIDS, type RunningSimulator } from '@linksfield-cube/simulator';
import { notificationDigest } from '@linksfield-cube/core';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { callbackMatrix, expectedQueries, sendAttempts, warning, wrongStatuses, type AttemptResult } from '../../faults/callback-matrix';
import { FLEET_MEMORY_BOUND, fleetWarning, peakGrowth, resetPeak } from '../../faults/fleet-callback';
import { CANARY_CREDENTIALS, CANARY_NOTIFICATION_SECRET, CANARY_SIMULATOR, LeakCollector } from '../../faults/leak-canary';
import { ensureN8n, n8n, packPackage, startInFlightProxy, startTestSimulator, until as waitUntil, type InFlightProxy, type N8nServer } from '@linksfield-cube/testkit';

/**
 * Issue 7's fault/abuse suite in a real n8n 2.40.7 (the packed package installed as a community package, one
 * `n8n start` for the whole file): the forged-callback matrix against the activated trigger workflow,
 * deactivating that workflow while its executions wait on a slow simulator, and no secret in n8n's log, the
 * webhook answers or the stored executions.
 */

jest.setTimeout(10 * 60_000);

const ROOT = path.resolve(__dirname, '../../..');
const PACKAGE = 'n8n-nodes-linksfield-cube';
const CREDENTIAL = { id: 'LfAbuseCredential1', name: 'Linksfield abuse suite' };
const WORKFLOW = 'LfAbuseCallbacks01';
const WEBHOOK_ID = 'linksfield-abuse-callbacks';
const FLEET_WORKFLOW = 'LfAbuseFleet00001';
const FLEET_WEBHOOK_ID = 'linksfield-abuse-fleet';
const OWNER = { email: 'abuse@example.com', password: 'Abuse-password-1', firstName: 'Abuse', lastName: 'Suite' };
const USAGE = '/flow/queryDeviceFlowUsage';
const UNKNOWN_SIM = '89852022018049999999';

let sim: RunningSimulator;
let proxy: InFlightProxy;
let server: N8nServer;
let userDir: string;
let work: string;
let cookie: string;
let hookUrl: string;
/** The flatted n8n stores executions with, from the installed n8n. */
let parseStored: (text: string) => unknown;
const leaks = new LeakCollector();
const responses: AttemptResult[] = [];

/** testkit's until, with the n8n log's tail on a timeout. */
const until = (what: string, check: () => boolean, ms: number) =>
	waitUntil(what, check, ms).catch((e: Error) => {
		throw new Error(`${e.message}; n8n log tail:\n${server?.logs().slice(-3000)}`);
	});
const queried = (iccids?: string[]) =>
	sim.admin
		.requests({ path: USAGE })
		.map((r) => (r.body as { device_id: string }).device_id)
		.filter((id) => !iccids || iccids.includes(id));
const tally = (ids: string[]) => ids.reduce<Record<string, number>>((t, id) => ({ ...t, [id]: (t[id] ?? 0) + 1 }), {});
const trouble = (from = 0) =>
	server
		.logs()
		.slice(from)
		.split('\n')
		.filter((line) => /unhandled|uncaught|rejection|fatal|crash|TypeError|ReferenceError|RangeError|exited with/i.test(line));
const rest = async (method: string, route: string, body?: unknown) => {
	const res = await fetch(`${server.url}/rest${route}`, { method, headers: { cookie, 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
	const text = await res.text();
	if (!res.ok) throw new Error(`${method} /rest${route}: HTTP ${res.status} ${text.slice(0, 500)}`);
	return JSON.parse(text) as { data: unknown };
};
const signedPost = (body: object, delivery?: string) =>
	fetch(hookUrl, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-lf-md5': notificationDigest(body as Record<string, unknown>, CANARY_NOTIFICATION_SECRET), ...(delivery ? { 'x-lf-delivery': delivery } : {}) },
		body: JSON.stringify(body),
	});

function workflow() {
	const credentials = { linksfieldCubeApi: CREDENTIAL };
	return {
		id: WORKFLOW,
		name: 'Abuse suite: callbacks → usage of the SIM',
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
		nodes: [
			{ id: 'ab-trigger', name: 'Callbacks', type: `${PACKAGE}.linksfieldCubeTrigger`, typeVersion: 1, position: [0, 0], webhookId: WEBHOOK_ID, parameters: { events: ['*'] }, credentials },
			{ id: 'ab-usage', name: 'Usage', type: `${PACKAGE}.linksfieldCube`, typeVersion: 1, position: [220, 0], parameters: { resource: 'usage', operation: 'get', device_id: '={{ $json.iccid }}' }, credentials },
		],
		connections: { Callbacks: { main: [[{ node: 'Usage', type: 'main', index: 0 }]] } },
	};
}

/** Only the trigger: what a 10,000-SIM callback costs n8n itself (its execution is stored with every item). */
function fleetWorkflow() {
	return {
		id: FLEET_WORKFLOW,
		name: 'Abuse suite: a fleet-sized usage warning',
		active: false,
		settings: { executionOrder: 'v1', saveDataSuccessExecution: 'all', saveDataErrorExecution: 'all' },
		pinData: {},
		nodes: [{ id: 'fl-trigger', name: 'Fleet callbacks', type: `${PACKAGE}.linksfieldCubeTrigger`, typeVersion: 1, position: [0, 0], webhookId: FLEET_WEBHOOK_ID, parameters: { events: ['*'] }, credentials: { linksfieldCubeApi: CREDENTIAL } }],
		connections: {},
	};
}

/** The JSON of the items a node output in a stored execution. */
function storedItems(data: string, node: string): Array<Record<string, unknown>> {
	const run = parseStored(data) as { resultData: { runData: Record<string, Array<{ data: { main: Array<Array<{ json: Record<string, unknown> }>> } }>> } };
	return run.resultData.runData[node][0].data.main[0].map((item) => item.json);
}

beforeAll(async () => {
	const install = await ensureN8n({ quiet: true });
	parseStored = (createRequire(path.join(install.dir, 'node_modules', '@n8n', 'backend-common', 'package.json'))('flatted') as { parse: (text: string) => unknown }).parse;
	sim = await startTestSimulator(CANARY_SIMULATOR);
	proxy = await startInFlightProxy(sim.url);
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-n8n-abuse-'));
	userDir = n8n.createUserDir({ prefix: 'lf-n8n-abuse-' });
	await n8n.installCommunityPackage(userDir, packPackage(ROOT, work));
	const file = (name: string, value: unknown) => {
		fs.writeFileSync(path.join(work, name), JSON.stringify(value));
		return path.join(work, name);
	};
	const data = { environment: 'custom', baseUrl: proxy.url, ...CANARY_CREDENTIALS, language: 'en-US', timestampUnit: 's' };
	const cli = [
		await n8n.importCredentials(userDir, file('credentials.json', [{ ...CREDENTIAL, type: 'linksfieldCubeApi', data }])),
		await n8n.importWorkflow(userDir, file('workflows.json', [workflow(), fleetWorkflow()])),
		await n8n.activateWorkflow(userDir, WORKFLOW),
		await n8n.activateWorkflow(userDir, FLEET_WORKFLOW),
	];
	for (const result of cli) leaks.add('n8n CLI output', `${result.stdout}\n${result.stderr}`);
	// debug: the most n8n ever writes about a webhook call, all of it read by the leak check.
	server = await n8n.startN8n(userDir, 0, { env: { ...(await n8n.ownerEnv(OWNER)), N8N_LOG_LEVEL: 'debug' }, timeoutMs: 180_000 });
	cookie = await n8n.login(server.url, OWNER);
	hookUrl = `${server.url}/webhook/${WEBHOOK_ID}/linksfield-cube`;
	sim.admin.setCallbackUrl(hookUrl);
});

afterAll(async () => {
	await server?.stop();
	await proxy?.close();
	await sim?.close();
	if (userDir) n8n.removeUserDir(userDir);
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

describe('forged callbacks against the activated trigger', () => {
	test('every forged, replayed, malformed, oversized or wrong-method callback is refused and runs nothing; valid ones run once', async () => {
		sim.admin.clearRequests();
		// A wrong method never reaches the node: n8n has no POST-only webhook registered for it and answers 404.
		const attempts = callbackMatrix(CANARY_NOTIFICATION_SECRET, [404, 405]);
		const results = await sendAttempts(hookUrl, attempts);
		responses.push(...results);
		expect(wrongStatuses(results)).toEqual([]);
		const want = expectedQueries(attempts);
		const matrixSims = attempts.map((a) => a.iccid);
		await until('the accepted callbacks to run', () => queried(matrixSims).length >= Object.keys(want).length, 30_000).catch(() => undefined);
		// Time for a wrongly started execution to show up before counting.
		await new Promise((r) => setTimeout(r, 2000));
		expect(tally(queried(matrixSims))).toEqual(want);
		expect(trouble()).toEqual([]);
	});

	// n8n 2.40.7 answers an onReceived webhook that only returns `webhookResponse` with the text of its
	// responseData default ("firstEntryJson"); the trigger therefore answers accepted callbacks itself.
	test('accepted callbacks are answered with the JSON acknowledgement, like refused and duplicate ones', () => {
		const accepted = responses.filter((r) => r.attempt.emits);
		expect(accepted.length).toBeGreaterThan(0);
		for (const r of accepted) expect(JSON.parse(r.body)).toEqual({ code: '0000', message: 'received', success: true });
	});

	test('the simulator\'s own signed callback is accepted, its forged and unsigned ones refused', async () => {
		sim.admin.clearRequests();
		const good = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[41], warningCode: '2' }] });
		const forged = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[42], warningCode: '2' }], forge: true });
		const unsigned = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[43], unsigned: true });
		expect([good.status, forged.status, unsigned.status]).toEqual([200, 401, 401]);
		await until('the valid callback to run', () => queried().length >= 1, 20_000);
		await new Promise((r) => setTimeout(r, 1500));
		expect(queried()).toEqual([DEMO_ICCIDS[41]]);
	});

	test('a callback about an unknown SIM: the execution fails with the vendor error (the error path the leak check reads)', async () => {
		sim.admin.clearRequests();
		expect((await signedPost(warning(UNKNOWN_SIM))).status).toBe(200);
		await until('the usage request for the unknown SIM', () => queried().includes(UNKNOWN_SIM), 20_000);
		const failed = async () => {
			const { data } = (await rest('GET', '/executions?limit=50')) as { data: { results?: Array<{ status: string }> } };
			return (data.results ?? []).some((e) => e.status === 'error');
		};
		for (const end = Date.now() + 20_000; !(await failed()) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 300));
		expect(await failed()).toBe(true);
	});
});

describe('a usage warning listing 10,000 SIMs', () => {
	test('starts one execution of 10,000 items, each with its own device; stored size and n8n\'s memory grow linearly', async () => {
		const { body, headers, iccids } = fleetWarning(10_000, CANARY_NOTIFICATION_SECRET);
		expect(body.length).toBeLessThan(1024 * 1024);
		const logFrom = server.logs().length;
		const before = resetPeak(server.pid!);
		const res = await fetch(`${server.url}/webhook/${FLEET_WEBHOOK_ID}/linksfield-cube`, { method: 'POST', headers, body });
		expect(res.status).toBe(200);
		type Listed = { data: { results?: Array<{ id: string; workflowId: string; status: string }> } };
		const fleetRun = async () => ((await rest('GET', '/executions?limit=50')) as Listed).data.results?.find((e) => e.workflowId === FLEET_WORKFLOW && e.status !== 'running' && e.status !== 'new');
				let run: Awaited<ReturnType<typeof fleetRun>>;
		for (const end = Date.now() + 120_000; !(run = await fleetRun()) && Date.now() < end; ) await new Promise((r) => setTimeout(r, 500));
		expect(run?.status).toBe('success');
		const growth = peakGrowth(server.pid!, before);
		const stored = (await rest('GET', `/executions/${run!.id}`)) as { data: { data: string } };
		const items = storedItems(stored.data.data, 'Fleet callbacks');
		expect(items).toHaveLength(10_000);
		expect(items.every((item, i) => item.iccid === iccids[i] && (item.raw as { devices: Array<{ deviceId: string }> }).devices.length === 1 && (item.raw as { devices: Array<{ deviceId: string }> }).devices[0].deviceId === iccids[i])).toBe(true);
		// With the whole list on every item this was 10,000 × 869 KB and could not be stored at all.
		expect(stored.data.data.length).toBeLessThan(10 * body.length);
		expect(growth).toBeLessThan(FLEET_MEMORY_BOUND);
		console.log(`n8n: 10,000-SIM callback of ${body.length} bytes, stored execution ${stored.data.data.length} chars, peak RSS growth ${(growth / 1048576).toFixed(1)} MiB`);
		expect(trouble(logFrom)).toEqual([]);
	});
});

describe('deactivating the workflow with executions in flight', () => {
	test('no crash, no unhandled rejection; the webhook is gone, n8n still answers, the running executions end', async () => {
		const logFrom = server.logs().length;
		const sims = DEMO_ICCIDS.slice(0, 8);
		sim.admin.addFault({ kind: 'delay', delayMs: 4000, path: USAGE });
		const startedBefore = proxy.started();
		const answers = await Promise.all(sims.map((iccid, i) => signedPost(warning(iccid), `inflight-${i}`)));
		expect(answers.map((a) => a.status)).toEqual(sims.map(() => 200));
		await until('every execution to wait on the simulator', () => proxy.inFlight() >= sims.length, 20_000);
		expect(proxy.started() - startedBefore).toBe(sims.length);

		await rest('POST', `/workflows/${WORKFLOW}/deactivate`, {});
		const { data } = (await rest('GET', `/workflows/${WORKFLOW}`)) as { data: { active: boolean } };
		expect(data.active).toBe(false);
		// Gone: a validly signed callback now finds no webhook (and starts nothing).
		expect((await signedPost(warning(DEMO_ICCIDS[9]), 'after-deactivation')).status).toBe(404);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);

		// The executions that were running finish (their requests are answered) and nothing else is sent.
		await until('the in-flight requests to end', () => proxy.inFlight() === 0, 30_000);
		sim.admin.clearFaults();
		expect(proxy.started() - startedBefore).toBe(sims.length);
		expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
		expect(trouble(logFrom)).toEqual([]);
	});
});

test('no secret in n8n\'s log, the webhook answers, the CLI output or any stored execution', async () => {
	const list = (await rest('GET', '/executions?limit=200')) as { data: { results?: Array<{ id: string; status: string }> } };
	const executions = list.data.results ?? [];
	expect(executions.length).toBeGreaterThanOrEqual(5);
	expect(executions.some((e) => e.status === 'error')).toBe(true);
	for (const e of executions) leaks.add(`execution ${e.id}`, await rest('GET', `/executions/${e.id}`));
	leaks.add('n8n log', server.logs());
	leaks.add('webhook answers', responses.map((r) => `${r.attempt.name}: ${r.status} ${r.body}`));
	expect(server.logs().length).toBeGreaterThan(1000);
	expect(leaks.leaks()).toEqual([]);
});
