import { createPublicKey, verify } from 'node:crypto';
import { getEventListeners } from 'node:events';
import { createCurrentClient } from '../../src/client/current-client';
import { signV2Message } from '../../src/signing/current/sign-v2-message';
import { CubeClient } from '../../src/client/cube-client';
import { CubeValidationError } from '../../src/results/errors';
import type { Transport, TransportRequest, TransportResponse } from '../../src/transport/transport';
import { testKey } from '../signing/sign-v2-keys';

/** The current API through CubeClient with a fake transport: limits, generations, paging shapes, option checks. */

const KEY = { keyId: 'unit-test-key', privateKey: testKey('team-rsa1024.pkcs8.pem') };
const ok = (data: unknown, extra: Record<string, unknown> = {}): TransportResponse => ({ status: 200, headers: {}, body: JSON.stringify({ data, status: { code: 'CB-00-0000', message: 'Success', detail: null }, ...extra }) });
const simRecord = (i: number) => ({ sim_id: String(89852022018041800000n + BigInt(i)), status: 23, sim_service: { contract: {}, bundles: [{ id: 'LP1', status: 1, data_limit: 1000, current_cycle_usage: 250, extra: 'x'.repeat(50) }] } });

/** A fleet of `size` SIMs behind GET /sims; `totalCount: false` leaves total_count out of the answers. */
function fleet(size: number, options: { totalCount?: boolean; holdMs?: number } = {}) {
	const seen: TransportRequest[] = [];
	let inFlight = 0;
	let maxInFlight = 0;
	const starts: number[] = [];
	const transport: Transport = async (req) => {
		seen.push(req);
		starts.push(Date.now());
		maxInFlight = Math.max(maxInFlight, ++inFlight);
		await new Promise((r) => setTimeout(r, options.holdMs ?? 0));
		inFlight--;
		const pageNo = Number(req.query?.page_no ?? 1);
		const pageSize = Number(req.query?.page_size ?? 10);
		const records = Array.from({ length: Math.max(0, Math.min(pageSize, size - (pageNo - 1) * pageSize)) }, (_, i) => simRecord((pageNo - 1) * pageSize + i));
		return ok(records, options.totalCount === false ? {} : { total_count: size });
	};
	return { transport, seen, starts, get maxInFlight() { return maxInFlight; } };
}

const clientOf = (transport: Transport, extra: Partial<Parameters<typeof createCurrentClient>[0]> = {}) => createCurrentClient({ baseUrl: 'https://api.example/cube/v4', ...KEY, transport, ...extra });

describe('a client built with a sign v2 signer', () => {
	it('sends the current API: the method, the full path under /cube/v4 signed, the query, sign v2 headers', async () => {
		const f = fleet(3);
		await clientOf(f.transport).call('current.sim.getMany', { status: '23', page_size: 5 });
		const [req] = f.seen;
		expect(req).toMatchObject({ method: 'GET', url: 'https://api.example/cube/v4/sims', query: { status: '23', page_size: '5' } });
		expect(req.body).toBeUndefined();
		expect(req.headers).toMatchObject({ Authorization: expect.stringMatching(/^LF unit-test-key\//), 'X-LF-Signature-Type': '2.0', 'X-LF-Api-Version': '2.0', 'Accept-Language': 'en-US' });
		// x-sign-uri is the full request path, /cube/v4 included.
		const message = signV2Message({ path: '/cube/v4/sims', timestamp: req.headers.timestamp, nonce: req.headers.nonce, query: req.query });
		const sign = req.headers.Authorization.slice('LF unit-test-key/'.length);
		expect(verify('sha1', Buffer.from(message), createPublicKey(testKey('team-rsa1024.public.pem')), Buffer.from(sign, 'base64'))).toBe(true);
	});

	it('stays within the vendor limits by default: 10 requests a second, 3 in flight', async () => {
		const f = fleet(2500, { holdMs: 150 });
		const started = Date.now();
		const sweep = await clientOf(f.transport).sweepUsage();
		const elapsed = Date.now() - started;
		expect(sweep).toMatchObject({ totalCount: 2500, pages: 25 });
		expect(f.maxInFlight).toBeLessThanOrEqual(3);
		// 25 requests, 100 ms apart: the last starts no earlier than 2.4 s after the first.
		expect(f.starts[24] - f.starts[0]).toBeGreaterThanOrEqual(2350);
		// Never 11 in a second, counted as they leave (a late wait must not let the next ones bunch).
		for (let i = 10; i < f.starts.length; i++) expect(f.starts[i] - f.starts[i - 10]).toBeGreaterThanOrEqual(995);
		// Three workers keep the rate, where one page after another would take 25 × 150 ms + waits.
		expect(elapsed).toBeLessThan(3400);
	});

	it('holds every call of the client to 3 in flight, not only a sweep\'s workers', async () => {
		const f = fleet(1, { holdMs: 100 });
		const c = clientOf(f.transport, { ratePerSecond: 0 });
		await Promise.all(Array.from({ length: 8 }, () => c.call('current.sim.getMany', {})));
		expect(f.seen).toHaveLength(8);
		expect(f.maxInFlight).toBe(3);
	});

	it('many calls waiting for a slot do not each listen on the client\'s close signal (Node warns past 10)', async () => {
		const f = fleet(1, { holdMs: 20 });
		const c = clientOf(f.transport, { ratePerSecond: 0 });
		const closing = (c as unknown as { closing: AbortController }).closing.signal;
		const calls = Promise.all(Array.from({ length: 30 }, () => c.call('current.sim.getMany', {})));
		await new Promise((r) => setTimeout(r, 5));
		expect(getEventListeners(closing, 'abort').length).toBeLessThanOrEqual(3);
		await calls;
		expect(f.seen).toHaveLength(30);
	});

	it('takes other limits when given: one in flight, 50 a second', async () => {
		const f = fleet(500, { holdMs: 20 });
		await clientOf(f.transport, { maxInFlight: 1, ratePerSecond: 50 }).sweepUsage();
		expect(f.maxInFlight).toBe(1);
		expect(f.seen).toHaveLength(5);
	});

	it('a legacy client keeps no default rate', async () => {
		const times: number[] = [];
		const legacy = new CubeClient({ baseUrl: 'https://legacy.example', accessCode: 'P1', secret: 's', transport: async () => { times.push(Date.now()); return { status: 200, headers: {}, body: { code: '0000', success: true, data: {} } }; } });
		await Promise.all(Array.from({ length: 5 }, () => legacy.call('sim.get', { device_id: '89852022018041800192' })));
		expect(times[4] - times[0]).toBeLessThan(100);
	});
});

describe('the usage sweep', () => {
	it('keeps only each SIM\'s facts, not its record', async () => {
		const { sims } = await clientOf(fleet(150).transport).sweepUsage();
		expect(sims).toHaveLength(150);
		expect(Object.keys(sims[0]).sort()).toEqual(['bundleId', 'bundlesInUse', 'iccid', 'percentUsed', 'remaining', 'simStatus', 'total', 'unit', 'unitInferred', 'unlimited', 'used']);
		expect(sims[0]).toMatchObject({ used: 250, total: 1000, remaining: 750, percentUsed: 25, bundleId: 'LP1' });
	});

	it('without total_count: page after page until a short one — a fleet that fills its last page costs one more', async () => {
		const f = fleet(300, { totalCount: false });
		const sweep = await clientOf(f.transport).sweepUsage();
		expect(sweep).toMatchObject({ totalCount: null, pages: 4 });
		expect(sweep.sims).toHaveLength(300);
		expect(f.seen.map((r) => r.query?.page_no)).toEqual(['1', '2', '3', '4']);
	});

	it('with total_count: exactly ⌈SIMs / 100⌉ requests, records in list order', async () => {
		const f = fleet(10_000);
		const sweep = await clientOf(f.transport, { ratePerSecond: 0 }).sweepUsage();
		expect(f.seen).toHaveLength(100);
		expect(sweep.sims.map((s) => s.iccid)).toEqual(Array.from({ length: 10_000 }, (_, i) => simRecord(i).sim_id));
	});
});

test('a sweep whose page fails rejects, and no page reaches onPage after that', async () => {
	const f = fleet(1000, { holdMs: 30 });
	const failing: Transport = async (req) => {
		if (req.query?.page_no === '3') return { status: 403, headers: {}, body: JSON.stringify({ data: null, status: { code: 'CB-99-9403', message: 'Authentication failed' } }) };
		return f.transport(req);
	};
	let rejected = false;
	const late: number[] = [];
	const sweep = clientOf(failing, { ratePerSecond: 0 }).sweepUsage({ onPage: (_sims, page) => rejected && late.push(page.pageNo) });
	await expect(sweep.finally(() => (rejected = true))).rejects.toMatchObject({ kind: 'authentication' });
	await new Promise((r) => setTimeout(r, 100));
	expect(late).toEqual([]);
});

describe('the pager', () => {
	it('Return All with a limit reads only the pages it needs', async () => {
		const f = fleet(1000);
		const records = await clientOf(f.transport, { ratePerSecond: 0 }).allPages('current.sim.getMany', {}, { limit: 250 });
		expect(records).toHaveLength(250);
		expect(f.seen).toHaveLength(3);
		expect(records[0]).toMatchObject({ sim_id: simRecord(0).sim_id, iccid: simRecord(0).sim_id, used: 250 });
	});

	it('refuses a page size the API does not take, naming it', async () => {
		await expect(clientOf(fleet(1).transport).allPages('current.sim.getMany', {}, { pageSize: 101 })).rejects.toMatchObject({ name: 'CubeValidationError', field: 'page_size' });
	});
});

describe('generations and options', () => {
	const none: Transport = async () => {
		throw new Error('nothing may be sent');
	};

	it('a legacy operation on a current client, and the reverse, are refused before sending', async () => {
		await expect(clientOf(none).call('usage.get', { device_id: '89852022018041800192' })).rejects.toThrow(/legacy operation needs a client built with the access code and secret/);
		const legacy = new CubeClient({ baseUrl: 'https://legacy.example', accessCode: 'P1', secret: 's', transport: none });
		await expect(legacy.call('current.sim.get', { sim_id: '89852022018041800192' })).rejects.toThrow(/Unknown/);
		expect(() => legacy.sweepUsage()).toThrow(/sign v2 signer/);
	});

	it('Wait for Result applies to asynchronous writes only, bounded to 30 minutes', async () => {
		const c = clientOf(none);
		await expect(c.call('current.sim.get', { sim_id: '89852022018041800192' }, { waitForResult: true })).rejects.toMatchObject({ name: 'CubeValidationError', field: 'waitForResult' });
		await expect(c.call('current.sim.suspend', { sim_id: '89852022018041800192' }, { waitForResult: { timeoutMs: 31 * 60_000 } })).rejects.toMatchObject({ field: 'waitTimeout' });
	});

	it('Wait for Result polls with backoff on the client\'s sleep and returns the final result', async () => {
		const waits: number[] = [];
		let polls = 0;
		const transport: Transport = async (req) => {
			if (req.method === 'PUT') return ok({ request_id: 'r1' });
			polls++;
			return ok({ request_id: 'r1', status: polls < 3 ? 'processing' : 'success' });
		};
		let clock = 0;
		const sleep = async (ms: number) => {
			waits.push(ms);
			clock += ms;
		};
		const c = clientOf(transport, { sleep, now: () => 1_700_000_000_000 + clock, ratePerSecond: 0 });
		const result = await c.call('current.sim.suspend', { sim_id: '89852022018041800192' }, { waitForResult: true });
		expect(result).toMatchObject({ status: 'succeeded', requestId: 'r1', polls: 3, result: { status: 'success' }, simIds: ['89852022018041800192'] });
		expect(waits).toEqual([2000, 4000, 8000]);
	});

	it('bad settings are refused when the client is built, naming the setting', () => {
		expect(() => clientOf(none, { keyId: '' })).toThrow(expect.objectContaining({ field: 'keyId' }));
		expect(() => clientOf(none, { privateKey: 'not a key' })).toThrow(CubeValidationError);
		expect(() => createCurrentClient({ environment: 'custom', ...KEY, transport: none })).toThrow(expect.objectContaining({ field: 'baseUrl' }));
		expect(createCurrentClient({ environment: 'uat', ...KEY, transport: none }).baseUrl).toBe('https://api-uat.io.linksfield.net/cube/v4');
		expect(createCurrentClient({ ...KEY, transport: none }).baseUrl).toBe('https://api.linksfield.net/cube/v4');
	});
});

describe('429s the vendor does not document', () => {
	const refusal = (retryAfter: string, code = 'CB-99-9429', message = 'Too many requests'): TransportResponse => ({ status: 429, headers: { 'retry-after': retryAfter }, body: JSON.stringify({ data: null, status: { code, message } }) });
	const countingClient = (answers: TransportResponse[]) => {
		const seen: TransportRequest[] = [];
		const transport: Transport = async (req) => {
			seen.push(req);
			return answers.shift() ?? ok({ sim_id: '89852022018041800192' });
		};
		return { seen, client: clientOf(transport, { ratePerSecond: 0, retry: { baseDelayMs: 1, maxDelayMs: 2 } }) };
	};

	it('a Retry-After of hours is the daily quota, whatever the code: said as such, not retried', async () => {
		const { seen, client } = countingClient([refusal('7200', 'CB-99-9999', 'Limit')]);
		const error = await client.call('current.sim.get', { sim_id: '89852022018041800192' }).catch((e: Error) => e);
		expect(error).toMatchObject({ kind: 'rate-limited', attempts: 1 });
		expect(error.message).toMatch(/daily request quota used up.*try again in about 2 h 0 min/);
		expect(seen).toHaveLength(1);
	});

	it('a refusal that says "quota" is the daily quota even without a Retry-After', async () => {
		const { seen, client } = countingClient([{ status: 429, headers: {}, body: JSON.stringify({ data: null, status: { code: 'CB-99-9001', message: 'Daily quota exceeded' } }) }]);
		await expect(client.call('current.sim.get', { sim_id: '89852022018041800192' })).rejects.toThrow(/daily request quota used up/);
		expect(seen).toHaveLength(1);
	});

	it('a short Retry-After is a rate limit: a read waits and is retried', async () => {
		const { seen, client } = countingClient([refusal('0'), refusal('0')]);
		await expect(client.call('current.sim.get', { sim_id: '89852022018041800192' })).resolves.toMatchObject({ sim_id: '89852022018041800192' });
		expect(seen).toHaveLength(3);
	});
});

test('close() ends a sweep under way: its pending calls fail as aborted, nothing more is sent', async () => {
	const f = fleet(5000, { holdMs: 5 });
	const client = clientOf(f.transport);
	const sweep = client.sweepUsage();
	await new Promise((r) => setTimeout(r, 250));
	client.close();
	await expect(sweep).rejects.toMatchObject({ kind: 'connection', outcome: 'failed' });
	const sent = f.seen.length;
	expect(sent).toBeLessThan(50);
	await new Promise((r) => setTimeout(r, 300));
	expect(f.seen.length).toBe(sent);
});

test('a read sent to an overridden path is never repeated: another path may be a write\'s', async () => {
	const seen: TransportRequest[] = [];
	const transport: Transport = async (req) => {
		seen.push(req);
		return { status: 503, headers: {}, body: '' };
	};
	const client = clientOf(transport, { ratePerSecond: 0, retry: { baseDelayMs: 1, maxDelayMs: 2 } });
	await expect(client.call('current.sim.getStatus', { sim_id: '89852022018041800192' }, { path: '/sims/{sim_id}/state' })).rejects.toMatchObject({ kind: 'server', outcome: 'unknown', attempts: 1 });
	expect(seen.map((r) => r.url)).toEqual(['https://api.example/cube/v4/sims/89852022018041800192/state']);
	// The catalog's own path is retried as any read.
	await expect(client.call('current.sim.getStatus', { sim_id: '89852022018041800192' })).rejects.toMatchObject({ attempts: 4 });
});

describe('request(): the signed custom call of the current API', () => {
	const recording = (answers: TransportResponse[] = []) => {
		const seen: TransportRequest[] = [];
		const transport: Transport = async (req) => {
			seen.push(req);
			return answers.shift() ?? ok({ done: true });
		};
		return { seen, client: clientOf(transport, { ratePerSecond: 0, retry: { baseDelayMs: 1, maxDelayMs: 2 } }) };
	};
	const busy: TransportResponse = { status: 503, headers: {}, body: '' };

	it('a GET sends its params in the query, signed over the full path', async () => {
		const { seen, client } = recording();
		await expect(client.request('/sims/89852022018041800192/remaining_data', { status: [0, 1], page_size: 5 })).resolves.toEqual({ done: true });
		const [req] = seen;
		expect(req).toMatchObject({ method: 'GET', url: 'https://api.example/cube/v4/sims/89852022018041800192/remaining_data', query: { status: '0,1', page_size: '5' } });
		expect(req.body).toBeUndefined();
		const message = signV2Message({ path: '/cube/v4/sims/89852022018041800192/remaining_data', timestamp: req.headers.timestamp, nonce: req.headers.nonce, query: req.query });
		expect(verify('sha1', Buffer.from(message), createPublicKey(testKey('team-rsa1024.public.pem')), Buffer.from(req.headers.Authorization.split('/').slice(1).join('/'), 'base64'))).toBe(true);
	});

	it('another method sends a JSON body and is not retried; idempotent: true lets it be', async () => {
		const once = recording([busy]);
		await expect(once.client.request('/orders/service', { items: [{ id: 'x', quantity: 1 }] }, { method: 'POST' })).rejects.toMatchObject({ operation: 'current.custom', kind: 'server', outcome: 'unknown', attempts: 1 });
		expect(once.seen[0]).toMatchObject({ method: 'POST', body: { items: [{ id: 'x', quantity: 1 }] } });
		const retried = recording([busy]);
		await expect(retried.client.request('/sims/1/x', {}, { method: 'PUT', idempotent: true })).resolves.toEqual({ done: true });
		expect(retried.seen).toHaveLength(2);
	});

	it('idempotent: true on a catalog write\'s method and path (POST /sims/{sim_id}/bundle) is not honoured: sent once, outcome unknown', async () => {
		const once = recording([busy]);
		await expect(once.client.request('/sims/89852022018041800192/bundle', { bundle_id: 'B', cycles: 1 }, { method: 'POST', idempotent: true })).rejects.toMatchObject({ operation: 'current.custom', outcome: 'unknown', attempts: 1 });
		expect(once.seen).toHaveLength(1);
		// Another method on that path is not that write: idempotent holds.
		const read = recording([busy]);
		await expect(read.client.request('/sims/89852022018041800192/bundles', {}, { method: 'GET', idempotent: true })).resolves.toEqual({ done: true });
		expect(read.seen).toHaveLength(2);
	});

	it.each([
		['a path leaving the base', '/sims/../../x', {}, {}, 'path'],
		['a signed key', '/sims', { nonce: 1 }, {}, 'nonce'],
		['an object in a GET query', '/sims', { filter: { a: 1 } }, {}, 'filter'],
		['an unknown method', '/sims', {}, { method: 'TRACE' }, 'method'],
	])('%s is refused before sending, naming %s', async (_name, path, params, options, field) => {
		const { seen, client } = recording();
		await expect(client.request(path, params, options as never)).rejects.toMatchObject({ name: 'CubeValidationError', field });
		expect(seen).toHaveLength(0);
	});
});

