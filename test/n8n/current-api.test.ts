import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CredentialTestContext, PollContext } from 'n8n-core';
import { NodeHelpers, Workflow, type ICredentialDataDecryptedObject, type INode, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { CURRENT_OPERATIONS, createCurrentClient, placementOf, signNotification, usageSweepCost, type CurrentOperationSpec } from '@linksfield-cube/core/node';
import { DEFAULT_NOTIFICATION_KEY, type RunningSimulator } from '@linksfield-cube/simulator';
import { SIM_IN_USE, SIM_PAUSED, SIM_UNENABLED_ONLY, startTestSimulator } from '@linksfield-cube/testkit';
import { hostWebhookTrigger, nodeTypes, runWorkflow, TestCredentialsHelper, useTestSimulator, withParameters, workflowLoader, type WebhookHost } from '@linksfield-cube/testkit/n8n-engine';
import { linksfieldCubeKeyPairApiTest } from '../../credentials/key-pair-test';
import { LinksfieldCubeKeyPairApi } from '../../credentials/LinksfieldCubeKeyPairApi.credentials';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { parameterName, resourceValue } from '../../nodes/LinksfieldCube/properties';
import { LinksfieldCubeUsageTrigger } from '../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';

/**
 * The current API through the n8n nodes on n8n-core's engine, against the simulator's current API (per-IP limits on):
 * the key-pair credential's Test, every current operation once through the action node, Return All, Simplify, Wait
 * for Result, Retry On Fail and Continue On Fail; the webhook trigger with signed, forged, stale and repeated
 * notifications; the usage trigger's sweep from SIM pages.
 */

const KEYS = join(__dirname, '..', '..', 'packages', 'testkit', 'fixtures', 'sign-v2-keys');
const key = (name: string) => readFileSync(join(KEYS, name), 'utf8');
const KEY_ID = 'n8n-current-key';
const PRIVATE_KEY = key('team-rsa1024.pkcs8.pem');
/** 92 % used in the demo seed. */
const SIM_NEAR_LIMIT = '89852022018041800150';

const sim = useTestSimulator({ current: { keys: [{ keyId: KEY_ID, publicKey: key('team-rsa1024.public.pem') }], asyncDelayMs: 30 } });

const keyPair = (overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject => ({
	environment: 'custom',
	baseUrl: `${sim.url}/cube/v4`,
	keyId: KEY_ID,
	privateKey: PRIVATE_KEY,
	notificationKeyId: DEFAULT_NOTIFICATION_KEY.keyId,
	notificationSecretKey: DEFAULT_NOTIFICATION_KEY.key,
	language: 'en-US',
	...overrides,
});
const SECRETS = [PRIVATE_KEY.split('\n')[1], DEFAULT_NOTIFICATION_KEY.key];

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));
const requestsTo = (path: string) => sim.admin.counters().requestsByPath[`/cube/v4${path}`] ?? 0;

async function run(parameters: Record<string, unknown>, nodeFields: Record<string, unknown> = {}, credentials = keyPair()) {
	const result = await runWorkflow(withParameters(loadFixture('current-operation.workflow.json'), 'Cube', parameters, nodeFields), credentials);
	const text = JSON.stringify(result.run);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	return result;
}

/** A catalog param set as the node's parameters: required on the node, optional under Additional Fields. */
function nodeParameters(op: CurrentOperationSpec, params: Record<string, unknown>): Record<string, unknown> {
	const parameters: Record<string, unknown> = { api: 'current', resource: resourceValue('current', op.resource), operation: op.operation };
	const additionalFields: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(params)) {
		const spec = op.params.find((p) => p.name === name)!;
		if (placementOf(spec) === 'main') parameters[parameterName(name)] = value;
		else additionalFields[parameterName(name)] = value;
	}
	if (Object.keys(additionalFields).length) parameters.additionalFields = additionalFields;
	if (op.returnsList) parameters.returnAll = true;
	if (op.simplifiedFields) parameters.simplify = false;
	return parameters;
}

const month = () => new Date(sim.admin.clock().now).toISOString().slice(0, 7);

interface Case {
	id: string;
	path: string;
	params: () => Record<string, unknown>;
	before?: () => Promise<Record<string, unknown>>;
	check: (output: Record<string, unknown>[]) => void;
}

/** A request id of a real job: a suspend sent by the core's client before the node reads its result. */
async function aJob(): Promise<Record<string, unknown>> {
	const client = createCurrentClient({ baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY });
	try {
		const ack = await client.call<{ requestId: string }>('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
		return { request_id: ack.requestId };
	} finally {
		client.close();
	}
}

const CASES: Case[] = [
	{ id: 'current.sim.getMany', path: '/sims', params: () => ({}), check: (out) => expect(out.length).toBeGreaterThan(10) },
	{ id: 'current.sim.get', path: `/sims/${SIM_IN_USE}`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(out[0]).toMatchObject({ sim_id: SIM_IN_USE, percentUsed: expect.any(Number) }) },
	{ id: 'current.sim.getStatus', path: `/sims/${SIM_IN_USE}/status`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(out).toHaveLength(1) },
	{ id: 'current.sim.activate', path: `/sims/${SIM_UNENABLED_ONLY}/activate`, params: () => ({ sim_id: SIM_UNENABLED_ONLY }), check: (out) => expect(out[0]).toMatchObject({ status: 'pending', simIds: [SIM_UNENABLED_ONLY] }) },
	{ id: 'current.sim.suspend', path: `/sims/${SIM_IN_USE}/suspend`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(out[0]).toMatchObject({ status: 'pending', requestId: expect.any(String) }) },
	{ id: 'current.sim.resume', path: `/sims/${SIM_PAUSED}/resume`, params: () => ({ sim_id: SIM_PAUSED }), check: (out) => expect(out[0]).toMatchObject({ status: 'pending', followWith: 'status' }) },
	{ id: 'current.sim.getAsyncResult', path: '/sims/async_result/', params: () => ({}), before: aJob, check: (out) => expect(out[0]).toMatchObject({ request_id: expect.any(String) }) },
	{ id: 'current.bundle.getMany', path: `/sims/${SIM_IN_USE}/bundles`, params: () => ({ sim_id: SIM_IN_USE, status: ['1'] }), check: (out) => expect(out.length).toBeGreaterThan(0) },
	{
		id: 'current.bundle.add',
		path: `/sims/${SIM_IN_USE}/bundle`,
		params: () => ({ sim_id: SIM_IN_USE, bundle_id: 'DP20230101000004', bundle_type: '10', cycles: 1, activate: 'false' }),
		check: (out) => expect(out[0]).toMatchObject({ status: 'done', orderId: expect.any(String) }),
	},
	{ id: 'current.bundle.cancel', path: `/sims/${SIM_IN_USE}/cancel`, params: () => ({ sim_id: SIM_IN_USE, mode: 'all' }), check: (out) => expect(out[0]).toMatchObject({ status: 'pending', requestId: expect.any(String) }) },
	{
		id: 'current.usage.get',
		path: `/sims/${SIM_IN_USE}/usage`,
		params: () => ({ sim_id: SIM_IN_USE, category: 'data', period_type: '2', begin_from: month(), end_by: month() }),
		check: (out) => expect(out[0]).toMatchObject({ sim_id: SIM_IN_USE }),
	},
	{ id: 'current.usage.getAccumulated', path: `/usage/statistics/${SIM_IN_USE}/accu_usage`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(out).toHaveLength(1) },
	{
		id: 'current.sms.send',
		path: '/sms',
		params: () => ({ sim_ids: SIM_IN_USE, 'message.type': '1', 'message.content': 'hello from n8n' }),
		check: (out) => expect(out[0]).toMatchObject({ status: 'pending', jobId: expect.stringMatching(/^\d+$/) }),
	},
	{ id: 'current.sms.getSent', path: `/sms/mt/${SIM_IN_USE}`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(Array.isArray(out)).toBe(true) },
	{ id: 'current.sms.getReceived', path: `/sms/mo/${SIM_IN_USE}`, params: () => ({ sim_id: SIM_IN_USE }), check: (out) => expect(Array.isArray(out)).toBe(true) },
];

describe('the key-pair credential', () => {
	const test_ = (data: ICredentialDataDecryptedObject) => linksfieldCubeKeyPairApiTest.call(new CredentialTestContext(), { id: 'k1', name: 'Key pair', type: 'linksfieldCubeKeyPairApi', data });

	test('its Test passes with the SIM count', async () => {
		expect(await test_(keyPair())).toEqual({ status: 'OK', message: expect.stringMatching(/^OK: Linksfield accepted the key pair\. SIMs: \d+\.$/) });
	});

	test('another private key: the Test names the key pair and never shows the key', async () => {
		const other = key('team-rsa2048.pkcs8.pem');
		const result = await test_(keyPair({ privateKey: other }));
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/“Private Key” \(the key pair\)/);
		expect(result.message).not.toContain(other.split('\n')[1]);
	});

	test('an unknown key id is named; a key that is no key is refused before sending', async () => {
		expect((await test_(keyPair({ keyId: 'nobody' }))).message).toMatch(/^Check “Key ID”/);
		const broken = await test_(keyPair({ privateKey: 'not a key' }));
		expect(broken).toMatchObject({ status: 'Error', message: expect.stringMatching(/“Private Key”/) });
		expect(broken.message).not.toContain('not a key');
	});

	test('authenticate (the HTTP Request node) signs with sign v2: the simulator accepts the request, and the key is not in it', async () => {
		const signed = await new LinksfieldCubeKeyPairApi().authenticate(keyPair(), { url: `${sim.url}/cube/v4/sims`, qs: { page_size: 1 }, method: 'GET' });
		expect(JSON.stringify(signed)).not.toContain(SECRETS[0]);
		const res = await fetch(`${sim.url}/cube/v4/sims?page_size=1`, { headers: signed.headers as Record<string, string> });
		expect(res.status).toBe(200);
		expect(sim.admin.current.counters().rejectedSignatures).toBe(0);
	});

	test('the nodes offer both credentials, each by its API, each with its Test', () => {
		const node = new LinksfieldCube();
		expect(node.description.credentials).toEqual([
			expect.objectContaining({ name: 'linksfieldCubeApi', testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } }),
			expect.objectContaining({ name: 'linksfieldCubeKeyPairApi', testedBy: 'linksfieldCubeKeyPairApiTest', displayOptions: { show: { api: ['current'] } } }),
		]);
		expect(node.methods.credentialTest.linksfieldCubeKeyPairApiTest).toBe(linksfieldCubeKeyPairApiTest);
	});
});

describe('node versions', () => {
	test.each([
		['action node', new LinksfieldCube().description, { resource: 'usage' }, { resource: 'currentSim' }],
		['usage trigger', new LinksfieldCubeUsageTrigger().description, {}, {}],
	])('%s: a version-1 node (saved before the API parameter) is the legacy API; a new node, version 2, the current one', (_name, description, legacy, current) => {
		const defaults = (typeVersion: number) => NodeHelpers.getNodeParameters(description.properties, {}, true, false, { typeVersion } as INode, description);
		expect(defaults(1)).toMatchObject({ api: 'legacy', ...legacy });
		expect(defaults(2)).toMatchObject({ api: 'current', ...current });
		expect(description).toMatchObject({ version: [1, 2], defaultVersion: 2 });
	});
});

describe('every current operation once through the action node', () => {
	test('the cases cover the current catalog', () => {
		expect(CASES.map((c) => c.id).sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
	});

	test.each(CASES)('$id', async ({ id, path, params, before, check }) => {
		const op = CURRENT_OPERATIONS.find((o) => o.id === id)!;
		const extra = before ? await before() : {};
		sim.admin.resetCounters();
		const { run: result, output } = await run(nodeParameters(op, { ...params(), ...extra }));
		expect(result.data.resultData.error?.message).toBeUndefined();
		expect(result.status).toBe('success');
		const counters = sim.admin.counters().requestsByPath;
		const sent = Object.entries(counters).filter(([p]) => p.startsWith(`/cube/v4${path}`)).reduce((a, [, n]) => a + n, 0);
		expect(sent).toBeGreaterThanOrEqual(1);
		expect(sim.admin.current.counters()).toMatchObject({ rejectedSignatures: 0, rateLimited: 0, concurrencyLimited: 0 });
		check(output('Cube'));
	});
});

describe('lists, Simplify, Wait for Result', () => {
	test('Return All walks the SIM list in pages of 100; a Limit stops early; Simplify (the default) keeps the summary', async () => {
		const all = await run({ api: 'current', resource: 'currentSim', operation: 'getMany', returnAll: true });
		const simplified = all.output('Cube');
		const total = simplified.length;
		expect(requestsTo('/sims')).toBe(usageSweepCost(total).pages);
		expect(Object.keys(simplified[0]).sort()).toEqual(['bundleId', 'bundlesInUse', 'percentUsed', 'remaining', 'sim_id', 'status', 'total', 'unit', 'unlimited', 'used']);
		const limited = await run({ api: 'current', resource: 'currentSim', operation: 'getMany', returnAll: false, limit: 7, simplify: false });
		expect(limited.output('Cube')).toHaveLength(7);
		expect(limited.output('Cube')[0]).toHaveProperty('sim_service');
	});

	test('Wait for Result: the final result of an add that activates', async () => {
		const { output } = await run({ api: 'current', resource: 'currentBundle', operation: 'add', sim_id: SIM_IN_USE, bundle_id: 'DP20230101000004', bundle_type: '10', cycles: 1, activate: 'true', waitForResult: true, waitTimeout: 20 });
		expect(output('Cube')).toEqual([expect.objectContaining({ status: 'succeeded', requestId: expect.any(String), result: expect.objectContaining({ status: 'success' }) })]);
		expect(sim.admin.current.counters().bundlesAdded).toBe(1);
	});

	test('Wait for Result when time runs out: pending, with the request id, not an error', async () => {
		sim.admin.current.setAsyncDelay(60_000);
		try {
			const { output, run: result } = await run({ api: 'current', resource: 'currentSim', operation: 'suspend', sim_id: SIM_IN_USE, waitForResult: true, waitTimeout: 1 });
			expect(result.status).toBe('success');
			expect(output('Cube')).toEqual([expect.objectContaining({ status: 'pending', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) })]);
		} finally {
			sim.admin.current.setAsyncDelay(30);
			sim.admin.current.finishJobs();
		}
	});
});

describe('write safety and errors', () => {
	test('a write with Retry On Fail is refused before anything is sent', async () => {
		sim.admin.resetCounters();
		const result = await run({ api: 'current', resource: 'currentBundle', operation: 'add', sim_id: SIM_IN_USE, bundle_id: 'DP20230101000004', bundle_type: '10', activate: 'false' }, { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 });
		expect(result.run.status).toBe('error');
		expect(result.error('Cube')!.message).toMatch(/Bundle → Add does not run with "Retry On Fail" on.*Nothing was sent/);
		expect(requestsTo(`/sims/${SIM_IN_USE}/bundle`)).toBe(0);
		expect(sim.admin.current.counters().bundlesAdded).toBe(0);
	});

	test('Continue On Fail: an error item with the core\'s fields (kind, code, operation, iccid, outcome)', async () => {
		const unknown = '89852022018049999999';
		const { output } = await run({ api: 'current', resource: 'currentSim', operation: 'get', sim_id: unknown }, { onError: 'continueRegularOutput' });
		expect(output('Cube')).toEqual([expect.objectContaining({ error: expect.any(String), kind: expect.any(String), code: expect.any(String), operation: 'current.sim.get', iccid: unknown, outcome: 'failed' })]);
	});

	test('the SIM locked by a pending write: its own error kind, sent once', async () => {
		sim.admin.current.setAsyncDelay(60_000);
		try {
			await run({ api: 'current', resource: 'currentSim', operation: 'suspend', sim_id: SIM_NEAR_LIMIT });
			sim.admin.resetCounters();
			const { output } = await run({ api: 'current', resource: 'currentSim', operation: 'suspend', sim_id: SIM_NEAR_LIMIT }, { onError: 'continueRegularOutput' });
			expect(output('Cube')).toEqual([expect.objectContaining({ kind: 'locked', code: 'CB-01-0111', outcome: 'failed' })]);
			expect(requestsTo(`/sims/${SIM_NEAR_LIMIT}/suspend`)).toBe(1);
		} finally {
			sim.admin.current.setAsyncDelay(30);
			sim.admin.current.finishJobs();
		}
	});

	test('a bad input is refused naming the field, nothing sent', async () => {
		sim.admin.resetCounters();
		const result = await run({ api: 'current', resource: 'currentSim', operation: 'get', sim_id: '123' });
		expect(result.error('Cube')!.message).toMatch(/sim_id/);
		expect(sim.admin.counters().requests ?? 0).toBe(0);
	});
});

describe('the webhook trigger on the current API', () => {
	let host: WebhookHost;
	const triggerNode: INode = {
		id: 'trigger-current',
		name: 'Linksfield Notifications',
		type: 'n8n-nodes-linksfield-cube.linksfieldCubeTrigger',
		typeVersion: 2,
		position: [0, 0],
		webhookId: 'current-hook',
		parameters: { api: 'current' },
		credentials: { linksfieldCubeKeyPairApi: { id: 'sim-key', name: 'Simulator key pair' } },
	};
	beforeEach(async () => {
		host = await hostWebhookTrigger(triggerNode, keyPair());
		sim.admin.current.setNotificationUrl(host.url);
	});
	afterEach(async () => {
		sim.admin.current.setNotificationUrl(null);
		await host.close();
	});

	test('a signed notification starts one execution with the event', async () => {
		const delivery = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, thresholdPercent: 90 });
		expect(delivery.status).toBe(200);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0][0].json).toMatchObject({ iccid: SIM_NEAR_LIMIT, eventId: expect.stringMatching(/^[0-9a-f]{32}-0$/), raw: { event: 'sim_data_usage', sim_id: SIM_NEAR_LIMIT } });
	});

	test('forged, unsigned and stale notifications are answered 401 and start nothing', async () => {
		const forged = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, forge: true });
		const unsigned = await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_NEAR_LIMIT, unsigned: true });
		const body = { event: 'sim_data_usage', sim_id: SIM_NEAR_LIMIT, occurred_at: Date.now() };
		const stale = signNotification({ keyId: DEFAULT_NOTIFICATION_KEY.keyId, key: DEFAULT_NOTIFICATION_KEY.key, timestamp: Date.now() - 20 * 60_000, body });
		const staleAnswer = await fetch(host.url, { method: 'POST', headers: stale.headers, body: stale.body });
		expect([forged.status, unsigned.status, staleAnswer.status]).toEqual([401, 401, 401]);
		expect(await staleAnswer.json()).toMatchObject({ success: false, message: 'stale-timestamp' });
		expect(host.executions).toHaveLength(0);
	});

	test('a redelivery of the same signed content is acknowledged and starts nothing', async () => {
		const body = { event: 'sim_data_usage', sim_id: SIM_NEAR_LIMIT, occurred_at: 1 };
		const post = async () => {
			const signed = signNotification({ keyId: DEFAULT_NOTIFICATION_KEY.keyId, key: DEFAULT_NOTIFICATION_KEY.key, timestamp: Date.now(), body });
			return (await fetch(host.url, { method: 'POST', headers: signed.headers, body: signed.body })).status;
		};
		expect([await post(), await post()]).toEqual([200, 200]);
		expect(host.executions).toHaveLength(1);
	});
});

describe('the usage trigger on the current API', () => {
	const node: INode = {
		id: 'poll-current',
		name: 'Usage Threshold',
		type: 'n8n-nodes-linksfield-cube.linksfieldCubeUsageTrigger',
		typeVersion: 2,
		position: [0, 0],
		parameters: { api: 'current', sims: 'inUse', metric: 'percentUsed', threshold: 90 },
		credentials: { linksfieldCubeKeyPairApi: { id: 'sim-key', name: 'Simulator key pair' } },
	};
	const trigger = new LinksfieldCubeUsageTrigger();
	// A fleet of 250 SIMs: three pages of 100.
	let fleet: RunningSimulator;
	beforeAll(async () => {
		fleet = await startTestSimulator({ seed: 'fleet:250', current: { keys: [{ keyId: KEY_ID, publicKey: key('team-rsa1024.public.pem') }] } });
	});
	afterAll(() => fleet.close());
	function poller(parameters: Record<string, unknown> = {}, target: () => RunningSimulator = () => sim) {
		const pollNode = { ...node, parameters: { ...node.parameters, ...parameters } } as INode;
		const workflow = new Workflow({ id: 'poll-current', nodes: [pollNode], connections: {}, active: true, nodeTypes, settings: { executionOrder: 'v1' }, staticData: {} });
		const additionalData = { credentialsHelper: new TestCredentialsHelper(keyPair({ baseUrl: `${target().url}/cube/v4` })), variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		return async () => {
			const out = await trigger.poll.call(new PollContext(workflow, pollNode, additionalData, 'trigger', 'activate'));
			return out ? out[0].map((i) => i.json) : [];
		};
	}

	test('a 250-SIM fleet is read from SIM pages, one request per 100 SIMs and nothing else; a second poll fires nothing again', async () => {
		const poll = poller({ threshold: 0 }, () => fleet);
		fleet.admin.resetCounters();
		const fired = await poll();
		expect(fleet.admin.counters().requestsByPath).toEqual({ '/cube/v4/sims': 3 });
		expect(fired.length).toBeGreaterThan(100);
		for (const usage of fired) expect(usage).toMatchObject({ percentUsed: expect.any(Number), threshold: { metric: 'percentUsed', value: 0, crossed: true } });
		expect(await poll()).toEqual([]);
		expect(fleet.admin.counters().requestsByPath).toEqual({ '/cube/v4/sims': 6 });
	});

	test('the demo fleet: the SIMs at 90 % or more fire, each once', async () => {
		const poll = poller();
		const fired = await poll();
		expect(fired.map((u) => u.iccid)).toContain(SIM_NEAR_LIMIT);
		for (const usage of fired) expect(usage.percentUsed).toBeGreaterThanOrEqual(90);
		expect(await poll()).toEqual([]);
	});

	test('an ICCID list is picked out of the same pages', async () => {
		const fired = await poller({ sims: 'list', device_ids: `${SIM_NEAR_LIMIT}, ${SIM_IN_USE}` })();
		expect(fired.map((u) => u.iccid)).toEqual([SIM_NEAR_LIMIT]);
	});
});


describe('the current API example workflow (examples/n8n/current-usage-add-bundle.json)', () => {
	test('usage of every SIM from SIM pages → at 90 % or more → the bundle in use added once per SIM, with its final result', async () => {
		const example = JSON.parse(readFileSync(join(__dirname, '..', '..', 'examples', 'n8n', 'current-usage-add-bundle.json'), 'utf8'));
		// The engine here has no Schedule Trigger: a manual start stands in for the hourly one.
		const schedule = example.nodes.find((n: { type: string }) => n.type === 'n8n-nodes-base.scheduleTrigger');
		Object.assign(schedule, { type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} });
		const sweep = createCurrentClient({ baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY });
		const atNinety = (await sweep.sweepUsage()).sims.filter((s) => (s.percentUsed ?? 0) >= 90).map((s) => s.iccid!);
		sweep.close();
		expect(atNinety.length).toBeGreaterThan(1);
		sim.admin.resetCounters();
		const result = await runWorkflow(example, keyPair());
		expect(result.run.data.resultData.error?.message).toBeUndefined();
		expect(sim.admin.current.counters().bundlesAddedBySim).toEqual(Object.fromEntries(atNinety.map((iccid) => [iccid, 1])));
		const added = result.output('Add Bundle in Use');
		expect(added).toHaveLength(atNinety.length);
		for (const write of added) expect(write).toMatchObject({ status: 'succeeded', requestId: expect.any(String) });
		expect(sim.admin.counters().requestsByPath['/cube/v4/sims']).toBe(1);
	}, 60_000);
});
