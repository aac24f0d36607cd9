import { createPublicKey, verify } from 'node:crypto';
import { checkCurrentApi } from '../src/signing/current/current-api-check';
import { signV2Message } from '../src/signing/current/sign-v2-message';
import type { Transport, TransportRequest, TransportResponse } from '../src/transport/transport';
import { testKey } from './signing/sign-v2-keys';

/** checkCurrentApi: one signed GET /sims?page_size=1 through the given transport, and what to fix when it is refused. */

const KEY_ID = 'b30a5e0e135d42e6ab43b021a30b7987';
const PRIVATE_KEY = testKey('team-rsa1024.pkcs8.pem');
const BASE = 'https://api-uat.io.linksfield.net/cube/v4';
const NOW = 1_800_000_000_000;

function answering(res: Partial<TransportResponse> | Error): Transport & { requests: TransportRequest[] } {
	const requests: TransportRequest[] = [];
	const transport = (async (req: TransportRequest) => {
		requests.push(req);
		if (res instanceof Error) throw res;
		return { status: 200, headers: {}, body: '', ...res };
	}) as Transport & { requests: TransportRequest[] };
	transport.requests = requests;
	return transport;
}

const envelope = (code: string, message: string, extra: Record<string, unknown> = {}) => JSON.stringify({ data: null, status: { code, message, detail: null }, ...extra });
const check = (transport: Transport, options: Partial<Parameters<typeof checkCurrentApi>[0]> = {}) =>
	checkCurrentApi({ transport, baseUrl: BASE, keyId: KEY_ID, privateKey: PRIVATE_KEY, now: () => NOW, ...options });

test('accepted: the SIM count from total_count; one GET signed with sign v2 over the path and its query', async () => {
	const transport = answering({ body: JSON.stringify({ data: [{ sim_id: '89852002021102915651' }], total_count: 1234, status: { code: 'CB-00-0000', message: 'Success' } }) });
	const report = await check(transport);
	expect(report).toEqual({ ok: true, request: 'GET /cube/v4/sims?page_size=1', answer: 'accepted', settings: [], simCount: 1234 });
	expect(transport.requests).toHaveLength(1);
	const [req] = transport.requests;
	expect(req).toMatchObject({ method: 'GET', url: `${BASE}/sims`, query: { page_size: '1' }, headers: { 'Accept-Language': 'en-US', timestamp: String(NOW), 'X-LF-Signature-Type': '2.0' } });
	expect(req.body).toBeUndefined();
	const [, keyId, sign] = /^LF ([^/]+)\/(.+)$/.exec(req.headers.Authorization)!;
	expect(keyId).toBe(KEY_ID);
	const message = signV2Message({ path: '/cube/v4/sims', timestamp: String(NOW), nonce: req.headers.nonce, query: { page_size: '1' } });
	expect(verify('sha1', Buffer.from(message), createPublicKey(testKey('team-rsa1024.public.pem')), Buffer.from(sign, 'base64'))).toBe(true);
});

test('HTTP 403: the key pair first, then the key id and the environment; a server naming the key id puts it first', async () => {
	const date = new Date(NOW).toUTCString();
	const refused = await check(answering({ status: 403, headers: { date }, body: envelope('CB-99-9403', 'Authentication failed') }));
	expect(refused).toMatchObject({ ok: false, answer: 'HTTP 403 CB-99-9403 Authentication failed', settings: ['privateKey', 'keyId', 'environment'], error: { kind: 'authentication', code: 'CB-99-9403' } });
	const unknownId = await check(answering({ status: 403, headers: { date }, body: envelope('CB-99-9403', 'Authentication failed: unknown key id x') }));
	expect(unknownId.settings).toEqual(['keyId', 'privateKey', 'environment']);
	expect(unknownId.error?.settings).toEqual(['keyId', 'privateKey', 'environment']);
});

test("HTTP 403 with the server's Date 20 minutes behind this clock: the clock alone", async () => {
	const report = await check(answering({ status: 403, headers: { date: new Date(NOW - 20 * 60_000).toUTCString() }, body: envelope('CB-99-9403', 'Authentication failed') }));
	expect(report.settings).toEqual(['clock']);
	expect(report.hint).toMatch(/about 20 minutes ahead of the API's/);
});

test('HTTP 401: the key id and the environment', async () => {
	const report = await check(answering({ status: 401, headers: { date: new Date(NOW).toUTCString() }, body: envelope('CB-99-9401', 'Authorization is missing') }));
	expect(report.settings).toEqual(['keyId', 'environment']);
});

test.each([
	['no answer', new Error('connect ECONNREFUSED'), /no answer/],
	['HTTP 404 (a base URL without /cube/v4 on a server that has no /sims there)', { status: 404, body: 'not found' }, /HTTP 404/],
])('%s: the environment', async (_name, res, answer) => {
	const report = await check(answering(res as Partial<TransportResponse> | Error));
	expect(report).toMatchObject({ ok: false, settings: ['environment'] });
	expect(report.answer).toMatch(answer);
});

test.each([
	['HTTP 429', 429, 'rate-limited'],
	['HTTP 500', 500, 'server-error'],
])('%s: interrupted, nothing refused', async (_name, status, interrupted) => {
	const report = await check(answering({ status, body: envelope(status === 429 ? 'CB-99-9429' : 'CB-99-9999', 'no') }));
	expect(report).toMatchObject({ ok: false, interrupted });
});

test.each([
	['a key that is no PEM', { privateKey: 'pasted-not-a-key-value' }, 'privateKey'],
	['a key id with a slash', { keyId: 'a/b' }, 'keyId'],
	['a base URL with a query', { baseUrl: `${BASE}?x=1` }, 'environment'],
])('%s: refused before anything is sent, naming the setting and never the value', async (_name, options, setting) => {
	const transport = answering({});
	const report = await check(transport, options);
	expect(report).toMatchObject({ ok: false, request: null, settings: [setting] });
	expect(transport.requests).toHaveLength(0);
	expect(JSON.stringify(report)).not.toContain('pasted-not-a-key-value');
});
