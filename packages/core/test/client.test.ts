import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CubeClient } from '../src/node';
import { CubeApiError, CubeValidationError, toPlainError } from '../src/results/errors';
import { sign } from '../src/signing/legacy/sign';
import { FAN_OUT_CONCURRENCY } from '../src/catalog/operations';

const SECRET = 'client-test-secret-value';
const ICCID = '89852022018041800192';

type Reply = (req: { path: string; body: Record<string, unknown>; headers: http.IncomingHttpHeaders }, res: http.ServerResponse) => void;

/** A scripted local server: each request takes the next reply (the last one repeats). */
async function server(...replies: Reply[]) {
	const seen: Array<{ path: string; body: Record<string, unknown>; headers: http.IncomingHttpHeaders }> = [];
	const srv = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const entry = { path: req.url!, body: JSON.parse(raw || '{}'), headers: req.headers };
			seen.push(entry);
			replies[Math.min(seen.length - 1, replies.length - 1)](entry, res);
		});
	});
	await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
	const url = `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
	return { url, seen, close: () => new Promise<void>((r) => { srv.closeAllConnections(); srv.close(() => r()); }) };
}

const ok = (data: unknown): Reply => (_req, res) => {
	res.setHeader('content-type', 'application/json');
	res.end(JSON.stringify({ code: '0000', data, message: 'success', success: true }));
};
const status = (code: number, headers: Record<string, string> = {}): Reply => (_req, res) => {
	res.writeHead(code, headers);
	res.end('{}');
};
const business = (code: string, message: string): Reply => (_req, res) => res.end(JSON.stringify({ code, data: null, message, success: false }));
const reset: Reply = (req, res) => res.socket?.destroy();
const malformed: Reply = (_req, res) => res.end('<html>gateway</html>');
const hang: Reply = () => undefined;

let srv: Awaited<ReturnType<typeof server>> | undefined;
let client: CubeClient | undefined;
afterEach(async () => {
	client?.close();
	await srv?.close();
	srv = client = undefined;
});

const make = (url: string, extra: Partial<ConstructorParameters<typeof CubeClient>[0]> = {}) =>
	(client = new CubeClient({ baseUrl: url, accessCode: 'P000270', secret: SECRET, retry: { baseDelayMs: 5, maxDelayMs: 20 }, timeoutMs: 2000, ...extra }));

const usage = { sign: 'opaque=', device_id: ICCID, order_code: '202107061625560742397', order_used_flow: '750', high_flow_balance: '250' };

describe('CubeClient: request', () => {
	it('posts the signed body to the catalog path with the language header and returns data with usage facts', async () => {
		srv = await server(ok(usage));
		const data = await make(srv.url, { language: 'zh-CN' }).getUsage(ICCID);
		expect(data).toEqual({ device_id: ICCID, order_code: '202107061625560742397', order_used_flow: '750', high_flow_balance: '250', iccid: ICCID, orderId: '202107061625560742397', used: 750, remaining: 250, total: 1000, percentUsed: 75 });
		const [req] = srv.seen;
		expect(req.path).toBe('/flow/queryDeviceFlowUsage');
		expect(req.headers['accept-language']).toBe('zh-CN');
		expect(req.headers['content-type']).toBe('application/json');
		expect(req.body.access_code).toBe('P000270');
		expect(req.body.version).toBe('2.0');
		expect(req.body.timestamp).toMatch(/^\d{10}$/);
		expect(req.body.sign).toBe(sign(req.body, SECRET));
	});

	it('sends nothing when validation fails', async () => {
		srv = await server(ok(usage));
		await expect(make(srv.url).getUsage('1234')).rejects.toBeInstanceOf(CubeValidationError);
		expect(srv.seen).toHaveLength(0);
	});

	it('lets the transport sign when no secret is given (the n8n credential does)', async () => {
		srv = await server(ok({}));
		const c = make(srv.url, { secret: undefined, accessCode: undefined });
		await c.call('sim.get', { device_id: ICCID });
		expect(srv.seen[0].body).toEqual({ device_id: ICCID });
	});

	it('uses the overridden path and extra params for inferred endpoints', async () => {
		srv = await server(ok([]));
		await make(srv.url).call('plan.getPlans', {}, { path: '/package/listPackages', extra: { page_no: 2 } });
		expect(srv.seen[0].path).toBe('/package/listPackages');
		expect(srv.seen[0].body.page_no).toBe(2);
	});

	it('fails before sending, naming the field, for what would not arrive as signed or where meant', async () => {
		srv = await server(ok({}));
		const c = make(srv.url);
		const refused = async (run: Promise<unknown>, field: string) => {
			const err = (await run.catch((e: unknown) => e)) as CubeValidationError;
			expect(err).toBeInstanceOf(CubeValidationError);
			expect(err.field).toBe(field);
			expect(err.message).not.toMatch(/connection failed|outcome unknown|signature/i);
		};
		await refused(c.call('plan.enable', { order_id: 'O1' }, { path: '/package/../../admin' }), 'path');
		await refused(c.call('custom.call', { path: '/cube/../x' }), 'path');
		await refused(c.call('plan.enable', { order_id: 'O1' }, { extra: { n: 10n } }), 'n');
		await refused(c.call('custom.call', { path: '/x', params: { n: 10n } }), 'n');
		await refused(c.call('custom.call', { path: '/x', params: JSON.parse('{"constructor": 1}') }), 'constructor');
		await refused(c.call('plan.renew', { order_id: 'SHOWN', renew_period: 1 }, { extra: { order_id: 'OTHER' } }), 'order_id');
		await refused(c.request('/x', { a: 1 }, { extra: { a: 2 } }), 'a');
		expect(srv.seen).toHaveLength(0);
		expect(() => new CubeClient({ baseUrl: 'http//missing-colon', accessCode: 'P', secret: 's' })).toThrow(CubeValidationError);
		expect(() => new CubeClient({ baseUrl: 'http//missing-colon', accessCode: 'P', secret: 's' })).toThrow(/"baseUrl"/);
	});

	it('custom calls sign any path and params', async () => {
		srv = await server(ok({ x: 1 }));
		expect(await make(srv.url).call('custom.call', { path: '/a/b', params: { z: 1, a: 'b' } })).toEqual({ x: 1 });
		expect(srv.seen[0].path).toBe('/a/b');
		expect(srv.seen[0].body.sign).toBe(sign(srv.seen[0].body, SECRET));
		await expect(make(srv.url).request('no-slash')).rejects.toThrow(/path/);
	});
});

describe('CubeClient: errors', () => {
	it('a business failure is an error with the vendor code and message, never retried, no secret or body in it', async () => {
		srv = await server(business('1001', 'invalid sign'));
		const err = await make(srv.url).getUsage(ICCID).catch((e) => e);
		expect(err).toBeInstanceOf(CubeApiError);
		expect(err).toMatchObject({ code: '1001', vendorMessage: 'invalid sign', operation: 'usage.get', outcome: 'failed', kind: 'business' });
		expect(err.message).toMatch(/^Linksfield Cube usage.get failed: invalid sign \(code 1001\)\. The signature was refused: check “Secret”/);
		expect(err.settings).toEqual(['secret', 'accessCode', 'keyOrder', 'timestampUnit', 'clock']);
		expect(srv.seen).toHaveLength(1);
		expect(JSON.stringify(err.toJSON()) + err.message + err.stack).not.toContain(SECRET);
		expect(err.message).not.toContain(String(srv.seen[0].body.sign));
	});

	it('success:false with code 0000 is still a failure', async () => {
		srv = await server((_q, res) => res.end(JSON.stringify({ code: '0000', success: false, message: 'odd' })));
		await expect(make(srv.url).getUsage(ICCID)).rejects.toMatchObject({ kind: 'business', code: '0000' });
	});

	it('a 4xx other than 429 fails at once with its status', async () => {
		srv = await server(status(404));
		await expect(make(srv.url).getUsage(ICCID)).rejects.toMatchObject({ kind: 'http', httpStatus: 404, attempts: 1 });
	});
});

describe('CubeClient: retries of reads', () => {
	it.each([
		['500', status(500)],
		['503', status(503)],
		['connection reset', reset],
		['malformed JSON', malformed],
	])('recovers from %s', async (_n, fault) => {
		srv = await server(fault, fault, ok(usage));
		expect((await make(srv.url).getUsage(ICCID)).used).toBe(750);
		expect(srv.seen).toHaveLength(3);
		expect(srv.seen[0].body.sign).toBe(sign(srv.seen[0].body, SECRET));
	});

	it('honours Retry-After on 429', async () => {
		srv = await server(status(429, { 'Retry-After': '1' }), ok(usage));
		const t0 = Date.now();
		await make(srv.url).getUsage(ICCID);
		expect(Date.now() - t0).toBeGreaterThanOrEqual(950);
		expect(srv.seen).toHaveLength(2);
	});

	it('recovers from a timeout', async () => {
		srv = await server(hang, ok(usage));
		await expect(make(srv.url, { timeoutMs: 200 }).getUsage(ICCID)).resolves.toMatchObject({ used: 750 });
		expect(srv.seen).toHaveLength(2);
	});

	it('gives up after the retry budget and says how often it tried', async () => {
		srv = await server(status(502));
		const err = await make(srv.url, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } }).getUsage(ICCID).catch((e) => e);
		expect(err).toMatchObject({ kind: 'http', httpStatus: 502, attempts: 3, outcome: 'failed' });
		expect(err.message).toContain('after 3 attempts');
		expect(srv.seen).toHaveLength(3);
	});

	it('fails at once when Retry-After is longer than the allowed wait', async () => {
		srv = await server(status(429, { 'Retry-After': '3600' }), ok(usage));
		await expect(make(srv.url).getUsage(ICCID)).rejects.toMatchObject({ kind: 'rate-limited' });
		expect(srv.seen).toHaveLength(1);
	});
});

describe('CubeClient: writes are never blindly retried', () => {
	const renew = (c: CubeClient) => c.renewPlan('202107061625560742397', 1);

	it.each([
		['500', status(500)],
		['connection reset', reset],
		['malformed JSON', malformed],
	])('%s on a renewal: one request, outcome unknown', async (_n, fault) => {
		srv = await server(fault, ok({ order_id: 'x' }));
		const err = await renew(make(srv.url)).catch((e) => e);
		expect(err).toBeInstanceOf(CubeApiError);
		expect(err.outcome).toBe('unknown');
		expect(err.message).toMatch(/Outcome unknown/);
		expect(srv.seen).toHaveLength(1);
	});

	it('a timeout on an order: one request, outcome unknown', async () => {
		srv = await server(hang, ok({}));
		const err = await make(srv.url, { timeoutMs: 200 }).orderPlan({ device_id: ICCID, package_code: 'P', package_name: 'N', package_type: '2', order_period: '1', is_open: '0', global_order: '0', pay_amount: '0', pay_rst: '2', test_flow: '0', test_flow_flag: '0' }).catch((e) => e);
		expect(err).toMatchObject({ kind: 'timeout', outcome: 'unknown' });
		expect(srv.seen).toHaveLength(1);
	});

	// The rate limiter's refusal: HTTP 429 with the API's failure envelope, answered before processing.
	const refused: Reply = (_req, res) => {
		res.writeHead(429, { 'Retry-After': '0' });
		res.end(JSON.stringify({ code: '1005', data: null, message: 'Too many requests', success: false }));
	};

	it('a 429 with the API\'s refusal on a write was not processed: it is repeated after Retry-After', async () => {
		srv = await server(refused, ok({ order_id: 'x' }));
		await expect(renew(make(srv.url))).resolves.toEqual({ order_id: 'x' });
		expect(srv.seen).toHaveLength(2);
	});

	it('a write that keeps getting the API\'s 429 refusal fails as known (not carried out)', async () => {
		srv = await server(refused);
		await expect(renew(make(srv.url))).rejects.toMatchObject({ kind: 'rate-limited', outcome: 'failed', attempts: 4 });
	});

	it.each([
		['no envelope (a gateway\'s page)', status(429, { 'Retry-After': '0' })],
		['a success envelope (carried out, then counted)', (_req: unknown, res: http.ServerResponse) => {
			res.writeHead(429, { 'Retry-After': '0' });
			res.end(JSON.stringify({ code: '0000', data: { order_id: 'x' }, message: 'success', success: true }));
		}],
	] as [string, Reply][])('any other 429 on a write — %s — is never repeated and never a plain "failed"', async (_n, reply) => {
		srv = await server(reply, ok({ order_id: 'x' }));
		const err = await renew(make(srv.url)).catch((e) => e);
		expect(err).toMatchObject({ kind: 'rate-limited', outcome: 'unknown', attempts: 1 });
		expect(err.message).toMatch(/HTTP 429, without the API's refusal.*Outcome unknown/);
		expect(srv.seen).toHaveLength(1);
	});

	it('a read is retried on any 429', async () => {
		srv = await server(status(429, { 'Retry-After': '0' }), ok(usage));
		await expect(make(srv.url).getUsage(ICCID)).resolves.toMatchObject({ iccid: ICCID });
		expect(srv.seen).toHaveLength(2);
	});

	it('a write to a server that refuses connections is retried (it never arrived) and then fails as known', async () => {
		srv = await server(ok({}));
		const url = srv.url;
		await srv.close();
		srv = undefined;
		const err = await renew(make(url, { retry: { retries: 2, baseDelayMs: 1, maxDelayMs: 2 } })).catch((e) => e);
		expect(err).toMatchObject({ kind: 'connection', outcome: 'failed', attempts: 3 });
	});

	it('a read whose path is overridden may be a write: one request, outcome unknown', async () => {
		srv = await server(status(503), ok([]));
		const err = await make(srv.url).call('plan.getPlans', {}, { path: '/package/renewPackage', extra: { order_id: 'x', renew_period: 1 } }).catch((e) => e);
		expect(err).toMatchObject({ kind: 'http', httpStatus: 503, outcome: 'unknown', attempts: 1 });
		expect(srv.seen).toHaveLength(1);
	});

	it('a read "overridden" with its own catalog path is still a read, and retried', async () => {
		srv = await server(status(503), ok([]));
		await expect(make(srv.url).call('plan.getPlans', {}, { path: '/package/syncPackages' })).resolves.toEqual([]);
		expect(srv.seen).toHaveLength(2);
	});

	it('a custom call is only retried when marked idempotent', async () => {
		srv = await server(status(500), ok({}));
		await expect(make(srv.url).request('/x', {})).rejects.toMatchObject({ outcome: 'unknown' });
		await expect(client!.request('/x', {}, { idempotent: true })).resolves.toEqual({});
	});

	it('a custom call to a catalog write\'s path (Bulk Order\'s) marked idempotent is still a write: one request, outcome unknown', async () => {
		srv = await server(status(500), ok({}));
		await expect(make(srv.url).request('//Package/batchOrderPackages/', { deviceList: [ICCID], package_code: 'P' }, { idempotent: true })).rejects.toMatchObject({ outcome: 'unknown', attempts: 1 });
		expect(srv.seen).toHaveLength(1);
	});
});

describe('CubeClient: paging and fleets', () => {
	it('queryAllOrders walks every page, and stops at a limit', async () => {
		const page = (n: number, total: number): Reply => ok({ page: { cur_page_no: n, page_size: 2, total_count: 5, total_pages: total }, package_order: n < 3 ? [{ orderCode: `O${n}a` }, { orderCode: `O${n}b` }] : [{ orderCode: 'O3a' }], package_order_num: 5 });
		srv = await server(page(1, 3), page(2, 3), page(3, 3));
		const all = await make(srv.url).queryAllOrders({ device_id: ICCID }, { pageSize: 2 });
		expect(all.map((o) => o.orderCode)).toEqual(['O1a', 'O1b', 'O2a', 'O2b', 'O3a']);
		expect(srv.seen.map((r) => r.body.page_no)).toEqual([1, 2, 3]);
		expect(srv.seen[0].body.device_id).toBe(ICCID);
		await srv.close();
		srv = await server(page(1, 3), page(2, 3));
		expect(await make(srv.url).queryAllOrders({}, { pageSize: 2, limit: 3 })).toHaveLength(3);
		expect(srv.seen).toHaveLength(2);
	});

	it('Return All without a page object: a short page is the last; after a full page it fails rather than cut the list', async () => {
		const noPage = (n: number): Reply => ok({ package_order: Array.from({ length: n }, (_, i) => ({ orderCode: `O${i}` })) });
		srv = await server(noPage(2));
		expect(await make(srv.url).queryAllOrders({}, { pageSize: 3 })).toHaveLength(2);
		await srv.close();
		srv = await server(noPage(3), noPage(1));
		const err = await make(srv.url).queryAllOrders({}, { pageSize: 3 }).catch((e) => e);
		expect(err).toBeInstanceOf(CubeApiError);
		expect(err.message).toMatch(/page 1 has 3 orders and no page.total_pages/);
		expect(srv.seen).toHaveLength(1);
		// A limit within the first page needs no page object.
		await srv.close();
		srv = await server(noPage(3));
		expect(await make(srv.url).queryAllOrders({}, { pageSize: 3, limit: 3 })).toHaveLength(3);
	});

	it('getUsageMany: one result or one error per ICCID, in input order, concurrency bounded', async () => {
		let inFlight = 0;
		let peak = 0;
		srv = await server((req, res) => {
			inFlight++;
			peak = Math.max(peak, inFlight);
			setTimeout(() => {
				inFlight--;
				const id = String(req.body.device_id);
				if (id.endsWith('3')) return business('2001', 'SIM not found')(req, res);
				ok({ ...usage, device_id: id })(req, res);
			}, 10);
		});
		const ids = Array.from({ length: 20 }, (_, i) => String(89852022018041800100n + BigInt(i)));
		const progress: number[] = [];
		const results = await make(srv.url).getUsageMany([...ids, 'bad'], { concurrency: 4, onProgress: (d) => progress.push(d) });
		expect(results.map((r) => r.iccid)).toEqual([...ids, 'bad']);
		expect(results.filter((r) => !r.ok).map((r) => r.iccid)).toEqual([...ids.filter((i) => i.endsWith('3')), 'bad']);
		expect(results.filter((r) => r.ok).every((r) => r.ok && r.data.iccid === r.iccid)).toBe(true);
		expect(peak).toBeLessThanOrEqual(4);
		expect(progress).toHaveLength(21);
		expect(srv.seen).toHaveLength(20);
	});

	it('getUsageMany without a concurrency option keeps the catalog default in flight', async () => {
		let inFlight = 0;
		let peak = 0;
		srv = await server((req, res) => {
			peak = Math.max(peak, ++inFlight);
			setTimeout(() => {
				inFlight--;
				ok(usage)(req, res);
			}, 30);
		});
		const ids = Array.from({ length: 3 * FAN_OUT_CONCURRENCY.default }, (_, i) => String(89852022018041800100n + BigInt(i)));
		await make(srv.url).getUsageMany(ids);
		expect(peak).toBe(FAN_OUT_CONCURRENCY.default);
	});

	it('getUsageMany refuses a concurrency outside 1 to the catalog maximum, naming the field, before sending', async () => {
		srv = await server(ok(usage));
		for (const concurrency of [0, -1, 2.5, FAN_OUT_CONCURRENCY.max + 1, Number.NaN]) {
			const error = await make(srv.url).getUsageMany([ICCID], { concurrency }).catch((e: unknown) => e);
			expect(error).toBeInstanceOf(CubeValidationError);
			expect(error).toMatchObject({ field: 'concurrency', operation: 'usage.getMany' });
			expect((error as Error).message).toContain(`must be a whole number from 1 to ${FAN_OUT_CONCURRENCY.max}, got ${concurrency}`);
		}
		expect(srv.seen).toHaveLength(0);
		await expect(make(srv.url).getUsageMany([ICCID], { concurrency: FAN_OUT_CONCURRENCY.max })).resolves.toHaveLength(1);
	});

	it('the client rate limit spaces requests', async () => {
		srv = await server(ok(usage));
		const t0 = Date.now();
		await make(srv.url, { ratePerSecond: 50 }).getUsageMany(Array.from({ length: 11 }, () => ICCID).map((x, i) => x.slice(0, -2) + String(10 + i)), { concurrency: 8 });
		expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
	});

	it('close() ends in-flight calls without hanging', async () => {
		srv = await server(hang);
		const c = make(srv.url);
		const pending = c.getUsage(ICCID).catch((e) => e);
		await new Promise((r) => setTimeout(r, 50));
		c.close();
		expect(await pending).toBeInstanceOf(CubeApiError);
	});
});

describe('execute: one dispatch for both runtimes', () => {
	// Imported here so the describe blocks above read as the client's own contract.
	const { execute } = require('../src/client/execute') as typeof import('../src/client/execute');
	const { resultSummary } = require('../src/results/item-results') as typeof import('../src/results/item-results');

	it('fan-out → one result per SIM; paging + returnAll → records; others → data', async () => {
		srv = await server((req, res) => {
			if (req.path === '/package/queryOrder') return ok({ page: { total_pages: 2 }, package_order: [{ orderCode: `O${req.body.page_no}` }] })(req, res);
			ok({ ...usage, device_id: req.body.device_id })(req, res);
		});
		const c = make(srv.url);
		const many = await execute(c, 'usage.getMany', { device_ids: [ICCID, '89852022018041800193'] });
		expect(many.kind === 'many' && many.results.map((r) => r.ok && r.data.iccid)).toEqual([ICCID, '89852022018041800193']);
		expect(await execute(c, 'plan.getOrders', {}, { returnAll: true })).toEqual({ kind: 'list', items: [{ orderCode: 'O1' }, { orderCode: 'O2' }] });
		expect(await execute(c, 'plan.getOrders', { page_size: 1 }, { limit: 1 })).toEqual({ kind: 'list', items: [{ orderCode: 'O1' }] });
		expect(await execute(c, 'plan.getOrders', { page_no: 2 })).toMatchObject({ kind: 'single', data: { package_order: [{ orderCode: 'O2' }] } });
		expect(await execute(c, 'usage.get', { device_id: ICCID })).toMatchObject({ kind: 'single', data: { percentUsed: 75 } });
	});

	it('bulk order → one result per SIM: a per-SIM failure inside the success envelope is an error of its own', async () => {
		const [a, b, c3] = [ICCID, '89852022018041800193', '89852022018041800194'];
		srv = await server(
			ok({
				device_order: [
					{ error: '0000', errorMsg: 'success', order_id: 'ORDER_A', device_id: a },
					{ error: '2003', errorMsg: 'SIM has an order in use', order_id: null, device_id: b },
				],
			}),
		);
		const plan = { package_code: 'P', package_name: 'N', package_type: '2', order_period: '1', is_open: '0', global_order: '0', pay_rst: '2', test_flow: '0', test_flow_flag: '0' };
		const result = await execute(make(srv.url), 'plan.bulkOrder', { deviceList: `${a}, ${b}, ${c3}`, ...plan });
		if (result.kind !== 'many') throw new Error(`expected per-SIM results, got ${result.kind}`);
		const [ordered, failed, missing] = result.results;
		expect(ordered).toMatchObject({ iccid: a, ok: true, data: { order_id: 'ORDER_A' } });
		expect(failed).toMatchObject({ iccid: b, index: 1, ok: false, error: { kind: 'business', code: '2003', outcome: 'failed' } });
		expect(failed.ok === false && failed.error.message).toMatch(/SIM 89852022018041800193: SIM has an order in use/);
		// Not in the answer at all: it may or may not have been ordered.
		expect(missing).toMatchObject({ iccid: c3, ok: false, error: { kind: 'malformed', outcome: 'unknown' } });
		expect(resultSummary(result.results)).toMatch(/1 of 3 SIMs succeeded: 89852022018041800192\. Failed: 89852022018041800193, 89852022018041800194\. Outcome unknown.*89852022018041800194/);
	});
});

describe('CubeClient: the custom call', () => {
	it("labels request()'s errors with the id of the catalog's custom entry, not a literal", async () => {
		let Isolated: typeof CubeClient | undefined;
		jest.isolateModules(() => {
			jest.doMock('../src/catalog/operations', () => {
				const actual = jest.requireActual('../src/catalog/operations');
				return { ...actual, OPERATIONS: actual.OPERATIONS.map((op: { custom?: boolean }) => (op.custom ? { ...op, id: 'custom.renamed' } : op)) };
			});
			Isolated = require('../src/node').CubeClient;
		});
		const isolated = new Isolated!({ baseUrl: 'http://127.0.0.1:9', accessCode: 'P000270', secret: SECRET });
		await expect(isolated.request('no-leading-slash')).rejects.toMatchObject({ operation: 'custom.renamed', field: 'path' });
		await expect(isolated.request('/x', [] as never)).rejects.toMatchObject({ operation: 'custom.renamed', field: 'params' });
		isolated.close();
	});
});

describe('CubeClient: redirects are never followed', () => {
	const renew = (c: CubeClient) => c.renewPlan('202107061625560742397', 1);
	const to = (location: string, code: number): Reply => (_req, res) => res.writeHead(code, { Location: location }).end();

	it.each([307, 308])('%i on a renewal: the signed body goes nowhere else; not carried out (HTTP says: send it there instead)', async (code) => {
		const stranger = await server(ok({ order_id: 'STRANGER' }));
		try {
			srv = await server(to(`${stranger.url}/cube/v4/package/renewPackage`, code));
			const err = await renew(make(srv.url)).catch((e) => e);
			expect(err).toBeInstanceOf(CubeApiError);
			expect(err).toMatchObject({ kind: 'http', httpStatus: code, redirectedTo: `${stranger.url}/cube/v4/package/renewPackage`, outcome: 'failed', attempts: 1 });
			expect(err.message).toContain(`redirected (HTTP ${code}) to ${stranger.url}/cube/v4/package/renewPackage, not followed`);
			expect(err.message).toMatch(/Not carried out/);
			expect(stranger.seen).toHaveLength(0);
			expect(srv.seen).toHaveLength(1);
		} finally {
			await stranger.close();
		}
	});

	it.each([301, 302, 303])('%i on a renewal: the answer of a carried-out POST in the post/redirect/get pattern — outcome unknown', async (code) => {
		srv = await server(to('/done', code));
		const err = await renew(make(srv.url)).catch((e) => e);
		expect(err).toMatchObject({ kind: 'http', httpStatus: code, outcome: 'unknown', attempts: 1 });
		expect(err.message).toMatch(/Outcome unknown/);
		expect(srv.seen.map((r) => r.path)).toEqual(['/package/renewPackage']);
	});

	it('a redirected read is not retried (the same answer would come) and names the target, resolved, without its query', async () => {
		srv = await server(to('/elsewhere/flow?sign=reflected&x=1#f', 302));
		const err = await make(srv.url).getUsage(ICCID).catch((e) => e);
		expect(err).toMatchObject({ kind: 'http', httpStatus: 302, redirectedTo: `${srv.url}/elsewhere/flow`, outcome: 'failed', attempts: 1 });
		expect(err.message).not.toContain('reflected');
		expect(toPlainError(err)).toMatchObject({ redirectedTo: `${srv.url}/elsewhere/flow`, httpStatus: 302 });
		expect(srv.seen).toHaveLength(1);
	});

	it('a redirect without a Location still says it was one', async () => {
		srv = await server(status(307));
		const err = await make(srv.url).getSim(ICCID).catch((e) => e);
		expect(err.message).toContain('redirected (HTTP 307) without a Location, not followed');
		expect(err.redirectedTo).toBeUndefined();
	});
});
