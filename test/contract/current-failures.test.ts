import type { CubeClient, Transport } from '@linksfield-cube/core/node';
import type { FaultRule, RunningSimulator } from '@linksfield-cube/simulator';
import { SIM_IN_USE } from './simulator-fixture';
import { currentClientFor, PRIVATE_KEY, requestsTo, SIM_NEAR_LIMIT, startCurrentSim, testKey } from './current-fixture';

/**
 * Each failure class of the current API against the simulator, through the client: what is retried (reads), what
 * never is (writes — except the SMS resend with the same nonce), what a refusal says to check, the rate limit's
 * Retry-After and the daily quota.
 */

let sim: RunningSimulator;
let client: CubeClient;
beforeAll(async () => {
	sim = await startCurrentSim();
	client = currentClientFor(sim, { timeoutMs: 400 });
});
afterAll(async () => {
	client.close();
	await sim.close();
});
beforeEach(() => {
	sim.admin.reset();
	sim.admin.current.resetCounters();
});

const SIM_PATH = `/sims/${SIM_IN_USE}`;
const SUSPEND = `/sims/${SIM_NEAR_LIMIT}/suspend`;
const fault = (rule: FaultRule, path: string) => sim.admin.addFault({ ...rule, path: `/cube/v4${path}` });
const suspend = (c = client) => c.call('current.sim.suspend', { sim_id: SIM_NEAR_LIMIT });
const failureOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected a failure'); }, (e: unknown) => e as Error & Record<string, unknown>);
/** Nothing secret in what a flow or a log would see. */
const noKeyIn = (error: Error) => {
	const text = `${error.message} ${JSON.stringify(error)}`;
	expect(text).not.toContain('PRIVATE KEY');
	expect(text).not.toContain(PRIVATE_KEY.split('\n')[1]);
};

describe('refused signatures: the kind, and what to check', () => {
	it('HTTP 401 (no Authorization arrived): the key id and the environment', async () => {
		const dropAuthorization = (inner: Transport): Transport => (req) => inner({ ...req, headers: Object.fromEntries(Object.entries(req.headers).filter(([k]) => k !== 'Authorization')) });
		const { createAxiosTransport } = await import('@linksfield-cube/core/node');
		const axios = createAxiosTransport();
		const c = currentClientFor(sim, { transport: dropAuthorization(axios) });
		const error = await failureOf(c.call('current.sim.get', { sim_id: SIM_IN_USE }));
		axios.close();
		expect(error).toMatchObject({ name: 'CubeApiError', kind: 'authentication', httpStatus: 401, code: 'CB-99-9401', outcome: 'failed', attempts: 1 });
		expect(error.settings).toEqual(expect.arrayContaining(['keyId', 'environment']));
		noKeyIn(error);
	});

	it('HTTP 403 for a key id the server does not know: the key pair, the key id, the environment', async () => {
		const error = await failureOf(currentClientFor(sim, { keyId: 'someone-elses-key' }).call('current.sim.get', { sim_id: SIM_IN_USE }));
		expect(error).toMatchObject({ kind: 'authentication', httpStatus: 403, code: 'CB-99-9403', attempts: 1 });
		expect(error.settings).toEqual(['privateKey', 'keyId', 'environment']);
		noKeyIn(error);
	});

	it('HTTP 403 for another key pair under the right key id: the private key first', async () => {
		const error = await failureOf(currentClientFor(sim, { privateKey: testKey('team-rsa2048.pkcs8.pem') }).call('current.sim.get', { sim_id: SIM_IN_USE }));
		expect(error).toMatchObject({ kind: 'authentication', httpStatus: 403 });
		expect((error.settings as string[])[0]).toBe('privateKey');
		expect(sim.admin.current.counters().rejectedSignatures).toBe(1);
	});

	it('HTTP 403 with a clock 20 minutes ahead: the clock, measured against the server\'s Date', async () => {
		const error = await failureOf(currentClientFor(sim, { now: () => Date.now() + 20 * 60_000 }).call('current.sim.get', { sim_id: SIM_IN_USE }));
		expect(error).toMatchObject({ kind: 'authentication', httpStatus: 403, settings: ['clock'] });
		expect(error.message).toMatch(/about 20 minutes ahead/);
	});

	it('a key that cannot sign is refused before anything is sent, naming the setting', () => {
		sim.admin.clearRequests();
		expect(() => currentClientFor(sim, { privateKey: testKey('refused-ec.pkcs8.pem') })).toThrow(expect.objectContaining({ name: 'CubeValidationError', field: 'privateKey' }));
		expect(sim.admin.requests()).toEqual([]);
	});
});

describe('HTTP 429 and the daily quota', () => {
	it('a read waits the Retry-After and goes through', async () => {
		fault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 1 }, SIM_PATH);
		const started = Date.now();
		await expect(client.call('current.sim.get', { sim_id: SIM_IN_USE })).resolves.toMatchObject({ iccid: SIM_IN_USE });
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
		expect(requestsTo(sim, SIM_PATH)).toBe(2);
	});

	it('a write refused with 429 is not repeated: failed (the API refused it before doing anything)', async () => {
		fault({ kind: 'rate-limit', count: 1, retryAfterSeconds: 1 }, SUSPEND);
		const error = await failureOf(suspend());
		expect(error).toMatchObject({ kind: 'rate-limited', httpStatus: 429, outcome: 'failed', attempts: 1 });
		expect(requestsTo(sim, SUSPEND)).toBe(1);
		expect(sim.admin.current.counters().jobs).toBe(0);
	});

	it('the daily quota used up is said as such, at once, and not retried', async () => {
		sim.admin.current.setLimits({ dailyQuota: 1 });
		try {
			await client.call('current.sim.get', { sim_id: SIM_IN_USE });
			const started = Date.now();
			const error = await failureOf(client.call('current.sim.get', { sim_id: SIM_IN_USE }));
			expect(Date.now() - started).toBeLessThan(1000);
			expect(error).toMatchObject({ kind: 'rate-limited', httpStatus: 429, code: 'CB-99-9430', attempts: 1, outcome: 'failed' });
			expect(error.message).toMatch(/daily request quota used up/);
			expect(error.message).toMatch(/5,000 requests a day per IP address/);
			expect(error.message).toMatch(/try again in about \d+ (h|min)/);
			expect(requestsTo(sim, SIM_PATH)).toBe(2);
		} finally {
			sim.admin.current.setLimits({ dailyQuota: 5000 });
		}
	});
});

describe.each<[string, FaultRule, object]>([
	['HTTP 500', { kind: 'status', status: 500 }, { kind: 'server', httpStatus: 500 }],
	['HTTP 503', { kind: 'status', status: 503 }, { kind: 'server', httpStatus: 503 }],
	['a timeout', { kind: 'timeout' }, { kind: 'timeout' }],
	['a connection reset', { kind: 'reset' }, { kind: 'connection' }],
	['CB-99-9500 system busy', { kind: 'business', code: 'CB-99-9500' }, { kind: 'server', code: 'CB-99-9500' }],
])('%s', (_name, rule, failure) => {
	it('a read is retried and recovers', async () => {
		fault({ ...rule, count: 1 }, SIM_PATH);
		await expect(client.call('current.sim.get', { sim_id: SIM_IN_USE })).resolves.toMatchObject({ iccid: SIM_IN_USE });
		expect(requestsTo(sim, SIM_PATH)).toBe(2);
	});

	it('a write is sent once: outcome unknown, no job', async () => {
		fault({ ...rule, count: 1 }, SUSPEND);
		await expect(suspend()).rejects.toMatchObject({ name: 'CubeApiError', ...failure, outcome: 'unknown', attempts: 1 });
		expect(requestsTo(sim, SUSPEND)).toBe(1);
		expect(sim.admin.current.counters().jobs).toBe(0);
	});

	it('a write whose answer is lost after it was carried out: outcome unknown, exactly one job', async () => {
		fault({ ...rule, count: 1, after: true }, SUSPEND);
		await expect(suspend()).rejects.toMatchObject({ ...failure, outcome: 'unknown', attempts: 1 });
		expect(requestsTo(sim, SUSPEND)).toBe(1);
		expect(sim.admin.current.counters().jobsByOperation).toEqual({ suspend: 1 });
	});
});

describe('SMS send, the one write re-sent: with the same nonce, inside the vendor\'s 10 s window', () => {
	const send = (c = client) => c.call('current.sms.send', { sim_ids: [SIM_IN_USE], 'message.type': '1', 'message.content': 'same nonce' });

	it('an answer lost after sending: re-sent once with the same nonce, the vendor sends it once and answers its job id', async () => {
		fault({ kind: 'reset', count: 1, after: true }, '/sms');
		await expect(send()).resolves.toMatchObject({ status: 'pending', jobId: expect.stringMatching(/^\d{18}$/) });
		expect(requestsTo(sim, '/sms')).toBe(2);
		// The simulator deduplicates only the same nonce, SIMs and message: the resend carried the first nonce.
		expect(sim.admin.current.counters()).toMatchObject({ smsSent: 1, smsDeduplicated: 1 });
	});

	it('a resend refused before any work after a first attempt that may have been carried out: still outcome unknown', async () => {
		sim.admin.setFaults([
			{ kind: 'status', status: 503, count: 1, after: true, path: '/cube/v4/sms' },
			{ kind: 'rate-limit', retryAfterSeconds: 0, count: 1, path: '/cube/v4/sms' },
		]);
		await expect(send()).rejects.toMatchObject({ kind: 'rate-limited', outcome: 'unknown', attempts: 2 });
		expect(sim.admin.current.counters()).toMatchObject({ smsSent: 1 });
	});

	it('once the window (less a margin for the wire) has passed, it is not re-sent: outcome unknown', async () => {
		let offset = 0;
		const { createAxiosTransport } = await import('@linksfield-cube/core/node');
		const axios = createAxiosTransport();
		// The first answer takes 8 s by this client's clock: 2 s are left of the window, less than the margin.
		const slow: Transport = (req) => axios(req).finally(() => (offset += 8000));
		const c = currentClientFor(sim, { transport: slow, now: () => Date.now() + offset });
		fault({ kind: 'reset', count: 1, after: true }, '/sms');
		await expect(send(c)).rejects.toMatchObject({ kind: 'connection', outcome: 'unknown', attempts: 1 });
		axios.close();
		expect(requestsTo(sim, '/sms')).toBe(1);
		expect(sim.admin.current.counters()).toMatchObject({ smsSent: 1, smsDeduplicated: 0 });
	});
});
