import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { CURRENT_OPERATIONS, getCurrentOperation } from '../../src/catalog/current-operations';
import { currentApiError, readCurrentResponse } from '../../src/client/current-response';
import { buildCurrentRequest, currentQueryString, type CurrentRequest } from '../../src/current/current-request';
import { withCurrentUsageFacts } from '../../src/current/current-usage-facts';
import { validateCurrentParams } from '../../src/current/current-validate';
import { nextSweepPage, usageSweepCost } from '../../src/current/usage-sweep-plan';
import { waitForResult } from '../../src/current/wait-for-result';
import { acknowledgeWrite } from '../../src/current/write-acknowledgement';
import type { Params } from '../../src/signing/legacy/sign';
import { SignV2Signer } from '../../src/signing/current/sign-v2-signer';
import { timerSleep } from '../../src/client/timer-sleep';
import type { TransportResponse } from '../../src/transport/transport';

/**
 * The catalog's entries, as validate → build → sign v2 turns them into requests, are what the simulator's current
 * API takes: every endpoint answers with success, a fleet's usage comes from list pages, a write is pending until
 * Wait for Result sees its job end, and a write on a locked SIM is the locked kind. (The client is wired elsewhere.)
 */

const KEY_ID = 'catalog-test-key';
const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
const signer = new SignV2Signer({ keyId: KEY_ID, privateKey: pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string });

const SIM_IN_USE = '89852022018041800192';
const SIM_UNENABLED_ONLY = '89852022018041800159';
const SIM_NEAR_LIMIT = '89852022018041800150';
const SIM_PAUSED = '89852022018041800157';
const PLAN_1GB = 'DP20230101000001';

let sim: RunningSimulator;
let now: number;
/** The entries these tests sent a request for. */
const sent = new Set<string>();

beforeAll(async () => {
	sim = await startSimulator({
		port: 0,
		seed: 'demo',
		callbackRetries: 0,
		current: { keys: [{ keyId: KEY_ID, publicKey: pair.publicKey.export({ type: 'spki', format: 'pem' }) as string }], asyncDelayMs: 30, limits: { perSecond: 0, concurrent: 0, dailyQuota: 0 } },
	});
	now = sim.admin.clock().now;
});
afterAll(() => sim.close());

function send(request: CurrentRequest): Promise<TransportResponse> {
	const path = `/cube/v4${request.path}`;
	const signed = signer.sign({ method: request.method, path, query: request.query, body: request.body, apiVersion: request.apiVersion });
	const text = signed.body === undefined ? '' : JSON.stringify(signed.body);
	const headers: Record<string, string> = { ...signed.headers, ...(text ? { 'Content-Type': 'application/json' } : {}) };
	return new Promise((resolve, reject) => {
		const req = http.request(`${sim.url}${path}${currentQueryString(request.query)}`, { method: request.method, headers, agent: false }, (res) => {
			let raw = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (raw += c));
			res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: raw }));
		});
		req.on('error', reject);
		req.end(text || undefined);
	});
}

/** validate → build → sign → send → read; a refusal is thrown as the client will throw it. */
async function run(id: string, input: Params) {
	const op = getCurrentOperation(id);
	const values = validateCurrentParams(op, input, { now });
	sent.add(id);
	const reading = readCurrentResponse(await send(buildCurrentRequest(op, values)), { simId: typeof values.sim_id === 'string' ? values.sim_id : undefined });
	if (!reading.ok) throw currentApiError(reading, { operation: id, idempotent: op.idempotent });
	return { op, values, data: reading.data, totalCount: reading.totalCount };
}

const month = (ms: number) => new Date(ms).toISOString().slice(0, 7);

describe('the current catalog against the simulator', () => {
	it('a usage sweep reads the fleet in pages of 100, and every SIM with a bundle in use has its facts', async () => {
		let pageNo: number | null = 1;
		let requests = 0;
		const facts = [];
		let total = 0;
		while (pageNo !== null) {
			const { data, totalCount } = await run('current.sim.getMany', { page_no: pageNo, page_size: 100 });
			requests++;
			const records = data as Record<string, unknown>[];
			facts.push(...records.map(withCurrentUsageFacts));
			total = totalCount ?? 0;
			pageNo = nextSweepPage({ pageNo, pageSize: 100, received: records.length, totalCount });
		}
		expect(facts).toHaveLength(total);
		expect(requests).toBe(usageSweepCost(total).pages);
		const inUse = facts.find((f) => f.iccid === SIM_IN_USE)!;
		expect(inUse).toMatchObject({ bundlesInUse: 1, unit: 'bytes', unitInferred: true });
		expect(typeof inUse.bundleId).toBe('string');
		expect(inUse.total! - inUse.used!).toBe(inUse.remaining);
	});

	it('every read of the catalog answers with success', async () => {
		const reads: [string, Params][] = [
			['current.sim.getMany', { status: '23' }],
			['current.sim.get', { sim_id: SIM_IN_USE }],
			['current.sim.getStatus', { sim_id: SIM_IN_USE }],
			['current.bundle.getMany', { sim_id: SIM_IN_USE, status: '0,1,2,3', page_size: 100 }],
			['current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '2', begin_from: month(now), end_by: month(now) }],
			['current.usage.get', { sim_id: SIM_IN_USE, category: 'data', period_type: '1', begin_from: new Date(now - 86_400_000 * 3).toISOString().slice(0, 10), end_by: new Date(now).toISOString().slice(0, 10) }],
			['current.usage.getAccumulated', { sim_id: SIM_IN_USE }],
			['current.sms.getSent', { sim_id: SIM_IN_USE, status: '4' }],
			['current.sms.getReceived', { sim_id: SIM_IN_USE }],
		];
		for (const [id, input] of reads) await expect(run(id, input).then(() => id)).resolves.toBe(id);
		const { data } = await run('current.sim.get', { sim_id: SIM_IN_USE });
		expect(withCurrentUsageFacts(data as Record<string, unknown>)).toMatchObject({ iccid: SIM_IN_USE, bundlesInUse: 1 });
	});

	it('add bundle → cancel it: done, then pending, then Wait for Result sees the job end', async () => {
		const added = await run('current.bundle.add', { sim_id: SIM_IN_USE, bundle_id: PLAN_1GB, bundle_type: '10', cycles: 1, activate: 'false' });
		const addAck = acknowledgeWrite(added.op, added.values, added.data);
		expect(addAck).toMatchObject({ status: 'done', simIds: [SIM_IN_USE] });
		const orderId = addAck.orderId!;
		expect(typeof orderId).toBe('string');

		const cancelled = await run('current.bundle.cancel', { sim_id: SIM_IN_USE, mode: 'bundle', order_id: orderId });
		const ack = acknowledgeWrite(cancelled.op, cancelled.values, cancelled.data);
		expect(ack).toMatchObject({ status: 'pending', followWith: 'asyncResult' });
		if (ack.status !== 'pending' || ack.requestId === null) throw new Error('no request id');

		// While the job runs, another write on the SIM is refused as locked: the SIM named, nothing unknown.
		const locked = await run('current.sim.suspend', { sim_id: SIM_IN_USE }).catch((e: unknown) => e);
		expect(locked).toMatchObject({ kind: 'locked', code: 'CB-01-0111', outcome: 'failed' });
		expect((locked as Error).message).toMatch(`SIM ${SIM_IN_USE} is locked`);

		const fetchResult = async (requestId: string) => (await run('current.sim.getAsyncResult', { request_id: requestId })).data;
		const outcome = await waitForResult({ requestId: ack.requestId, fetchResult, sleep: timerSleep, firstDelayMs: 10, timeoutMs: 5_000 });
		expect(outcome).toMatchObject({ status: 'succeeded', requestId: ack.requestId });
	});

	it('activate, suspend, resume and SMS send are acknowledged as pending', async () => {
		const activated = await run('current.sim.activate', { sim_id: SIM_UNENABLED_ONLY });
		expect(acknowledgeWrite(activated.op, activated.values, activated.data)).toMatchObject({ status: 'pending', followWith: 'status' });
		const suspended = await run('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
		expect(acknowledgeWrite(suspended.op, suspended.values, suspended.data)).toMatchObject({ status: 'pending', requestId: expect.any(String), followWith: 'asyncResult' });
		const resumed = await run('current.sim.resume', { sim_id: SIM_PAUSED });
		expect(acknowledgeWrite(resumed.op, resumed.values, resumed.data)).toMatchObject({ status: 'pending', followWith: 'status' });
		const sms = await run('current.sms.send', { sim_ids: [SIM_IN_USE], 'message.type': '1', 'message.content': 'hello from the catalog' });
		expect(acknowledgeWrite(sms.op, sms.values, sms.data)).toMatchObject({ status: 'pending', jobId: expect.any(String), followWith: 'smsSentList' });
	});

	it('the tests above sent a request for every entry of the catalog', () => {
		expect([...sent].sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
	});
});
