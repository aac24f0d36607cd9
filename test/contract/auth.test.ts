import http from 'node:http';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { ACCESS_CODE, clientFor, postRaw, SECRET, signed, SIM_IN_USE, startSim } from './simulator-fixture';

/** The checks a real server makes before it does anything: signature, access code, timestamp, envelope, paths. */

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startSim({ accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }, { accessCode: 'P000999', secret: 'second-secret' }] });
});
afterAll(() => sim.close());
beforeEach(() => sim.admin.reset());

const USAGE = '/flow/queryDeviceFlowUsage';
const usage = (body: Record<string, unknown> | string, headers: Record<string, string> = {}) => postRaw(sim.url + USAGE, body, headers);

async function expectRejected(options: Parameters<typeof clientFor>[1], code: string) {
	const client = clientFor(sim, options);
	try {
		await expect(client.getUsage(SIM_IN_USE)).rejects.toMatchObject({ name: 'CubeApiError', kind: 'business', code, outcome: 'failed', attempts: 1 });
	} finally {
		client.close();
	}
}

describe('signature', () => {
	it('a correctly signed request succeeds (the baseline)', async () => {
		expect((await usage(signed({ device_id: SIM_IN_USE }))).json.code).toBe('0000');
	});

	it('a request signed with another secret is refused with 1001, not retried, and counted', async () => {
		await expectRejected({ secret: 'wrong-secret' }, '1001');
		expect(sim.admin.counters()).toMatchObject({ rejectedSignatures: 1, requests: 1 });
	});

	it('a body changed after signing is refused', async () => {
		const body = { ...signed({ device_id: SIM_IN_USE }), device_id: '89852022018041800193' };
		expect((await usage(body)).json).toMatchObject({ code: '1001', success: false, data: null });
	});

	it('a missing or empty sign is refused with 1001', async () => {
		const { sign: _s, ...unsigned } = signed({ device_id: SIM_IN_USE });
		for (const body of [unsigned, { ...unsigned, sign: '' }]) {
			const res = await usage(body, { 'Accept-Language': 'en-US' });
			expect(res.status).toBe(200);
			expect(res.json).toMatchObject({ code: '1001', success: false, message: 'Invalid signature: sign is missing' });
		}
	});

	it('each account is checked with its own secret', async () => {
		expect((await usage(signed({ device_id: SIM_IN_USE }, { accessCode: 'P000999', secret: 'second-secret' }))).json.code).toBe('0000');
		expect((await usage(signed({ device_id: SIM_IN_USE }, { accessCode: 'P000999', secret: SECRET }))).json.code).toBe('1001');
	});
});

describe('access code, globals and timestamp', () => {
	it('an unknown access code is refused with 1002', async () => {
		await expectRejected({ accessCode: 'P123456' }, '1002');
	});

	it('a stale or future timestamp is refused with 1003', async () => {
		await expectRejected({ now: () => Date.now() - 3600_000 }, '1003');
		await expectRejected({ now: () => Date.now() + 3600_000 }, '1003');
	});

	it('a timestamp just inside the allowed skew passes', async () => {
		const client = clientFor(sim, { now: () => Date.now() - 590_000 });
		await expect(client.getUsage(SIM_IN_USE)).resolves.toHaveProperty('orderId');
		client.close();
	});

	it('milliseconds are refused by default and accepted with timestampUnit ms, which still takes seconds', async () => {
		await expectRejected({ timestampUnit: 'ms' }, '1003');
		const msSim = await startSim({ timestampUnit: 'ms' });
		try {
			for (const timestampUnit of ['ms', 's'] as const) {
				const client = clientFor(msSim, { timestampUnit });
				await expect(client.getUsage(SIM_IN_USE)).resolves.toHaveProperty('orderId');
				client.close();
			}
		} finally {
			await msSim.close();
		}
	});

	it('the allowed skew is configurable', async () => {
		const strict = await startSim({ timestampSkewSeconds: 5 });
		try {
			const late = clientFor(strict, { now: () => Date.now() - 20_000 });
			await expect(late.getUsage(SIM_IN_USE)).rejects.toMatchObject({ code: '1003' });
			late.close();
		} finally {
			await strict.close();
		}
	});

	it('a missing version or a numeric timestamp is a parameter error (1004)', async () => {
		const { version: _v, ...noVersion } = signed({ device_id: SIM_IN_USE });
		expect((await usage(noVersion)).json.code).toBe('1004');
		const numeric = { ...signed({ device_id: SIM_IN_USE }), timestamp: Math.floor(Date.now() / 1000) };
		expect((await usage(numeric)).json.code).toBe('1004');
	});
});

describe('envelope, language and HTTP', () => {
	it('message follows Accept-Language; without it the default is zh-CN, as the vendor says', async () => {
		const bad = { ...signed({ device_id: SIM_IN_USE }), sign: 'AAAAAAAAAAAAAAAAAAAAAAAAAAA=' };
		expect((await usage(bad, { 'Accept-Language': 'en-US' })).json.message).toBe('Invalid signature');
		expect((await usage(bad, { 'Accept-Language': 'zh-CN' })).json.message).toBe('签名错误');
		expect((await usage(bad)).json.message).toBe('签名错误');
		expect((await usage(signed({ device_id: SIM_IN_USE }), { 'Accept-Language': 'en-US,en;q=0.9' })).json.message).toBe('success');
	});

	it('the default language is configurable', async () => {
		const english = await startSim({ language: 'en-US' });
		try {
			expect((await postRaw(english.url + USAGE, signed({ device_id: SIM_IN_USE }))).json.message).toBe('success');
		} finally {
			await english.close();
		}
	});

	it('an unknown path is an HTTP 404 with an envelope; the client reports it without retrying', async () => {
		const res = await postRaw(sim.url + '/flow/queryBatchUsage', signed({}));
		expect(res.status).toBe(404);
		expect(res.json).toMatchObject({ code: '1404', success: false });
		const client = clientFor(sim);
		await expect(client.request('/flow/queryBatchUsage', {}, { idempotent: true })).rejects.toMatchObject({ kind: 'http', httpStatus: 404, attempts: 1 });
		client.close();
	});

	it('GET is refused with 405, a body that is not a JSON object with 1000', async () => {
		const get = await new Promise<number>((resolve) => http.get(sim.url + USAGE, (res) => (res.resume(), resolve(res.statusCode!))));
		expect(get).toBe(405);
		expect((await usage('{"device_id":')).json.code).toBe('1000');
		expect((await usage('[1,2]')).json.code).toBe('1000');
	});
});

describe('rate limit per access code', () => {
	afterEach(() => sim.admin.setRateLimit(null));

	it('answers HTTP 429 with Retry-After once the bucket is empty, per access code', async () => {
		sim.admin.setRateLimit({ perSecond: 1, burst: 2 });
		const codes = [];
		for (let i = 0; i < 3; i++) codes.push((await usage(signed({ device_id: SIM_IN_USE }))).status);
		expect(codes).toEqual([200, 200, 429]);
		const limited = await usage(signed({ device_id: SIM_IN_USE }));
		expect(limited.headers['retry-after']).toBe('1');
		expect(limited.json).toMatchObject({ code: '1005', success: false });
		expect((await usage(signed({ device_id: SIM_IN_USE }, { accessCode: 'P000999', secret: 'second-secret' }))).status).toBe(200);
		expect(sim.admin.counters().rateLimited).toBe(2);
	});

	it('the client waits for Retry-After and gets its read through', async () => {
		sim.admin.setRateLimit({ perSecond: 2, burst: 1 });
		const client = clientFor(sim);
		const started = Date.now();
		await client.getUsage(SIM_IN_USE);
		await expect(client.getUsage(SIM_IN_USE)).resolves.toHaveProperty('orderId');
		expect(Date.now() - started).toBeGreaterThanOrEqual(900);
		expect(sim.admin.counters().rateLimited).toBe(1);
		client.close();
	});
});
