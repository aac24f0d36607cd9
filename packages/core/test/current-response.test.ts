import { CubeApiError, toPlainError } from '../src/results/errors';
import { currentApiError, readCurrentResponse, type CurrentReading } from '../src/client/current-response';
import { signedContentTraits } from '../src/signing/current/current-auth-diagnosis';
import type { TransportResponse } from '../src/transport/transport';

const SIM = '89852202209089971478';
const NOW = Date.parse('2026-12-03T12:00:00Z');

const answer = (status: number, body: unknown, headers: TransportResponse['headers'] = {}): TransportResponse => ({ status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
const envelope = (code: string, message: string, data: unknown = null, extra: Record<string, unknown> = {}) => ({ data, status: { code, message, detail: null }, ...extra });

function failure(reading: CurrentReading) {
	if (reading.ok) throw new Error('expected a failure');
	return reading;
}

describe('readCurrentResponse: success', () => {
	test('HTTP 200 with CB-00-0000 gives data (objects, arrays, null)', () => {
		expect(readCurrentResponse(answer(200, envelope('CB-00-0000', 'Success', { sim_id: SIM })))).toEqual({ ok: true, data: { sim_id: SIM } });
		expect(readCurrentResponse(answer(200, { data: null, status: { code: 'CB-00-0000', message: '成功', detail: 'https://developer.linksfield.net/doc-1413557' } }))).toEqual({ ok: true, data: null });
	});

	test('a list carries total_count, beside data or inside status, as a number or its text', () => {
		expect(readCurrentResponse(answer(200, envelope('CB-00-0000', 'Success', [{ sim_id: SIM }], { total_count: 1 })))).toEqual({ ok: true, data: [{ sim_id: SIM }], totalCount: 1 });
		expect(readCurrentResponse(answer(200, { data: [], status: { code: 'CB-00-0000', message: 'Success', total_count: '250' } }))).toEqual({ ok: true, data: [], totalCount: 250 });
		expect(readCurrentResponse(answer(200, envelope('CB-00-0000', 'Success', [], { total_count: 'many' })))).toEqual({ ok: true, data: [] });
	});

	test('an already-parsed body (a transport that parses JSON) reads the same', () => {
		expect(readCurrentResponse({ status: 200, headers: {}, body: envelope('CB-00-0000', 'Success', { job_id: '898239829382732323' }) })).toEqual({ ok: true, data: { job_id: '898239829382732323' } });
	});
});

describe('readCurrentResponse: every other code is a failure of its kind, with the vendor message', () => {
	test.each([
		['CB-99-9400', 400, 'validation'],
		['CB-99-9402', 400, 'validation'],
		['CB-01-9999', 200, 'validation'],
		['CB-00-0001', 200, 'validation'],
		['CB-01-0001', 200, 'business'],
		['CB-01-0107', 400, 'business'],
		['CB-02-0003', 200, 'business'],
		['CB-77-0042', 200, 'business'],
		['CB-01-0111', 200, 'locked'],
		['CB-99-9401', 401, 'authentication'],
		['CB-99-9403', 403, 'authentication'],
		['CB-99-9403', 200, 'authentication'],
		['CB-99-9500', 500, 'server'],
		['CB-99-9999', 200, 'server'],
		['CB-99-9429', 429, 'rate-limited'],
	])('%s on HTTP %i is %s', (code, status, kind) => {
		const f = failure(readCurrentResponse(answer(status, envelope(code, `message of ${code}`))));
		expect(f).toMatchObject({ kind, code, vendorMessage: `message of ${code}`, httpStatus: status });
	});

	test('refusals in the API envelope were not carried out; a 5xx may have been, and only it and 429 are worth another try', () => {
		expect(failure(readCurrentResponse(answer(200, envelope('CB-01-0001', 'SIM does not exist'))))).toMatchObject({ notProcessed: true, transient: false });
		expect(failure(readCurrentResponse(answer(500, envelope('CB-99-9500', 'system busy'))))).toMatchObject({ notProcessed: false, transient: true });
		expect(failure(readCurrentResponse(answer(502, '<html>bad gateway</html>')))).toMatchObject({ kind: 'server', notProcessed: false, transient: true });
		expect(failure(readCurrentResponse(answer(429, envelope('CB-99-9429', 'too many'), { 'Retry-After': '2' })))).toMatchObject({ notProcessed: true, transient: true, retryAfterMs: 2000 });
		expect(failure(readCurrentResponse(answer(429, '', {})))).toMatchObject({ kind: 'rate-limited', notProcessed: false, transient: true });
	});

	test('a Retry-After date is read against the injected clock', () => {
		const f = failure(readCurrentResponse(answer(429, '', { 'retry-after': new Date(NOW + 5000).toUTCString() }), { now: NOW }));
		expect(f.retryAfterMs).toBe(5000);
	});

	test('CB-01-0111 names the SIM and says to wait; it is never retried', () => {
		const f = failure(readCurrentResponse(answer(200, envelope('CB-01-0111', 'SIM has pending operations')), { simId: SIM }));
		expect(f).toMatchObject({ kind: 'locked', transient: false, notProcessed: true });
		expect(f.hint).toMatch(new RegExp(`SIM ${SIM} is locked by an operation still pending: wait until it ends`));
		const error = currentApiError(f, { operation: 'sims.addBundle', idempotent: false });
		expect(error.message).toBe(`Linksfield Cube sims.addBundle failed: SIM has pending operations (code CB-01-0111). ${f.hint}`);
		expect(failure(readCurrentResponse(answer(200, envelope('CB-01-0111', '有未完成的操作')), { simId: SIM, language: 'zh-CN' })).hint).toContain(`SIM ${SIM} 有尚未完成的操作`);
	});

	test('the vendor documentation link in status.detail is named', () => {
		const f = failure(readCurrentResponse(answer(200, { data: null, status: { code: 'CB-01-0001', message: 'SIM does not exist', detail: 'https://developer.linksfield.net/doc-1413557?nav=x' } })));
		expect(f.documentation).toBe('https://developer.linksfield.net/doc-1413557?nav=x');
		expect(currentApiError(f, { operation: 'sims.get', idempotent: true }).message).toMatch(/See: https:\/\/developer\.linksfield\.net\/doc-1413557\?nav=x$/);
	});

	test('HTTP status without an envelope: 400 validation, 404 path not found', () => {
		expect(failure(readCurrentResponse(answer(400, 'bad')))).toMatchObject({ kind: 'validation', notProcessed: true });
		expect(failure(readCurrentResponse(answer(404, '')))).toMatchObject({ kind: 'http', detail: 'path not found', notProcessed: true });
	});

	test('a 2xx that is not the envelope, or the success code on another status, is malformed with an unknown outcome', () => {
		expect(failure(readCurrentResponse(answer(200, '<html>portal</html>')))).toMatchObject({ kind: 'malformed', notProcessed: false, transient: true });
		expect(failure(readCurrentResponse(answer(200, { code: '0000', success: true, data: {} })))).toMatchObject({ kind: 'malformed' });
		expect(failure(readCurrentResponse(answer(202, envelope('CB-00-0000', 'Success'))))).toMatchObject({ kind: 'malformed', notProcessed: false, transient: false });
	});
});

describe('readCurrentResponse: HTTP 401 / 403 say what to check', () => {
	test('401: the key id and the environment', () => {
		const f = failure(readCurrentResponse(answer(401, envelope('CB-99-9401', 'Authorization missing'))));
		expect(f.settings).toEqual(['keyId', 'environment', 'clock']);
		expect(f.hint).toMatch(/check “Key ID”.*“Environment”/);
	});

	test('403 on a first request: the key pair, the key id, the environment, the clock', () => {
		const f = failure(readCurrentResponse(answer(403, envelope('CB-99-9403', 'authentication failed'))));
		expect(f.settings).toEqual(['privateKey', 'keyId', 'environment', 'clock']);
		expect(f.hint).toMatch(/“Private key” is the private half of the key pair the Cube portal holds for “Key ID”/);
	});

	test('403 with the server\'s Date 25 minutes behind: the clock alone, with the drift', () => {
		const f = failure(readCurrentResponse(answer(403, envelope('CB-99-9403', 'authentication failed'), { date: new Date(NOW - 25 * 60000).toUTCString() }), { now: NOW }));
		expect(f.settings).toEqual(['clock']);
		expect(f.hint).toMatch(/about 25 minutes ahead of the API's.*within 10 minutes/);
	});

	test('403 with the clock right: the clock is not named', () => {
		const f = failure(readCurrentResponse(answer(403, '', { Date: new Date(NOW - 2000).toUTCString() }), { now: NOW }));
		expect(f.settings).toEqual(['privateKey', 'keyId', 'environment']);
	});

	test('403 whose message names the timestamp: the clock first', () => {
		expect(failure(readCurrentResponse(answer(403, envelope('CB-99-9403', 'timestamp expired')))).settings?.[0]).toBe('clock');
	});

	test('403 after accepted requests, on a request with spaces / non-ASCII: the two message switches', () => {
		const f = failure(readCurrentResponse(answer(403, ''), { acceptedBefore: true, spaces: true, nonAscii: true }));
		expect(f.settings).toEqual(['stripSpaces', 'escapeNonAscii', 'clock']);
		expect(f.hint).toMatch(/switch “Strip spaces” and “Escape non-ASCII”/);
		expect(failure(readCurrentResponse(answer(403, ''), { acceptedBefore: true })).settings).toEqual(['clock']);
	});

	test('zh-CN hints', () => {
		expect(failure(readCurrentResponse(answer(401, ''), { language: 'zh-CN' })).hint).toMatch(/请检查“密钥 ID”/);
	});

	test('the error a flow sees carries the kind, the vendor words, the settings and the hint', () => {
		const f = failure(readCurrentResponse(answer(403, envelope('CB-99-9403', 'authentication failed'))));
		const error = currentApiError(f, { operation: 'sims.list', idempotent: true, attempts: 1 });
		expect(error).toBeInstanceOf(CubeApiError);
		expect(error.message).toMatch(/^Linksfield Cube sims\.list failed: authentication failed \(code CB-99-9403\)\. The signature was refused/);
		expect(toPlainError(error)).toMatchObject({ kind: 'authentication', code: 'CB-99-9403', httpStatus: 403, outcome: 'failed', settings: ['privateKey', 'keyId', 'environment', 'clock'] });
		const bare = currentApiError(failure(readCurrentResponse(answer(401, ''))), { operation: 'sims.list', idempotent: true });
		expect(bare.message).toMatch(/^Linksfield Cube sims\.list failed: HTTP 401\. The API did not accept the Authorization header/);
	});
});

describe('currentApiError: outcome', () => {
	test('a write the server may have carried out is "unknown"; a refused one "failed"', () => {
		const busy = failure(readCurrentResponse(answer(500, envelope('CB-99-9500', 'system busy'))));
		expect(currentApiError(busy, { operation: 'sims.cancel', idempotent: false }).outcome).toBe('unknown');
		expect(currentApiError(busy, { operation: 'sims.get', idempotent: true }).outcome).toBe('failed');
		const refused = failure(readCurrentResponse(answer(200, envelope('CB-01-0107', 'not allowed in the current status'))));
		expect(currentApiError(refused, { operation: 'sims.cancel', idempotent: false }).outcome).toBe('failed');
		expect(currentApiError(busy, { operation: 'sims.cancel', idempotent: false }).message).toMatch(/system busy \(code CB-99-9500\)\. Outcome unknown/);
	});
});

describe('readCurrentResponse: a redirect (never followed) reads as the legacy client reads it', () => {
	test('301/302/303 may answer a carried-out write (post/redirect/get): outcome unknown; 307/308 were not carried out', () => {
		for (const status of [301, 302, 303]) {
			const moved = failure(readCurrentResponse(answer(status, '', { location: 'https://elsewhere.example/cube/v4/bundles?sign=abc' })));
			expect(moved).toMatchObject({ kind: 'http', httpStatus: status, notProcessed: false, transient: false, redirectedTo: 'https://elsewhere.example/cube/v4/bundles' });
			const error = currentApiError(moved, { operation: 'bundles.add', idempotent: false });
			expect(error.outcome).toBe('unknown');
			expect(error.message).toContain(`redirected (HTTP ${status}) to https://elsewhere.example/cube/v4/bundles, not followed`);
		}
		for (const status of [307, 308]) {
			const again = failure(readCurrentResponse(answer(status, '', { Location: 'https://sig@elsewhere.example/x#sign' })));
			expect(again).toMatchObject({ notProcessed: true, redirectedTo: 'https://elsewhere.example/x' });
			expect(currentApiError(again, { operation: 'bundles.add', idempotent: false }).outcome).toBe('failed');
		}
	});
});

describe('signedContentTraits', () => {
	test('says whether the signed query and body hold spaces or non-ASCII text', () => {
		expect(signedContentTraits({ query: { period_type: 2 } })).toEqual({ spaces: false, nonAscii: false });
		expect(signedContentTraits({ body: { message: { content: 'Hello 世界' } } })).toEqual({ spaces: true, nonAscii: true });
		expect(signedContentTraits({ query: { q: 'é' } })).toEqual({ spaces: false, nonAscii: true });
	});
});
