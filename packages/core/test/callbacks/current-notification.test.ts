import { createHmac } from 'node:crypto';
import { CallbackReceiver } from '../../src/callbacks/callback-receiver';
import { canonicalJsonText } from '../../src/callbacks/canonical-json-text';
import { currentNotificationVerifier, DEFAULT_NOTIFICATION_TOLERANCE_MS, verifyCurrentNotification, type CurrentNotificationOptions } from '../../src/callbacks/current-notification-verifier';
import { notificationMessage, signNotification } from '../../src/callbacks/notification-signature';
import { CubeValidationError } from '../../src/results/errors';
import { canonicalJson } from '../../src/signing/current/canonical-json';

// Spec §7.3. N1 is the vendor's sample (DOC + VERIFIED); N2 is self-generated and exercises nested sorting.
const VECTORS = [
	{
		name: 'N1 (vendor sample)',
		keyId: 'Ou8a5lyzPjN86ikmLeFC',
		key: '3QY0I6jA6jOfeIQbOde3CG2DeOllV1zufpFR393my78h3tCn7P1IfyUIhV3cS8ks',
		body: '{"name": "liguoli","age": 18}',
		timestamp: '12345648444',
		message: '1.0:HMAC-SHA1:12345648444{"age":18,"name":"liguoli"}',
		signature: 'Ou8a5lyzPjN86ikmLeFC/pnWR3hcrEXQWV8S+RY0DMjEN9ec=',
	},
	{
		name: 'N2 (nested keys)',
		keyId: 'test-key-id',
		key: 'test-notification-key',
		body: '{"sim_id":"89852123456789012345","event":"x","data":{"b":1,"a":2}}',
		timestamp: '1700000000000',
		message: '1.0:HMAC-SHA1:1700000000000{"data":{"a":2,"b":1},"event":"x","sim_id":"89852123456789012345"}',
		signature: 'test-key-id/fD9NWMAADb29m7MzHpJkBiDnKk0=',
	},
];

const headersOf = (v: { timestamp: string; signature: string }, extra: Record<string, string> = {}) => ({
	'x-lf-notification-version': '1.0',
	'x-lf-algo': 'HMAC-SHA1',
	'x-lf-timestamp': v.timestamp,
	'x-lf-signature': v.signature,
	...extra,
});

const N2 = VECTORS[1];
const N2_OPTIONS: CurrentNotificationOptions = { keyId: N2.keyId, key: N2.key, now: () => Number(N2.timestamp) };

describe('current notifications: the spec vectors', () => {
	test.each(VECTORS)('$name: the message and the signature', ({ body, timestamp, message, signature, key, keyId }) => {
		expect(notificationMessage('1.0', 'HMAC-SHA1', timestamp, canonicalJsonText(body, 32))).toBe(message);
		const check = verifyCurrentNotification(body, headersOf({ timestamp, signature }), { keyId, key, now: () => Number(timestamp) });
		expect(check).toEqual({ ok: true, body: JSON.parse(body), content: message.slice(`1.0:HMAC-SHA1:${timestamp}`.length), keyId, timestamp: Number(timestamp) });
	});

	test.each(VECTORS)('$name: signNotification gives the vendor\'s x-lf-signature, and its output verifies', ({ body, timestamp, signature, key, keyId }) => {
		const signed = signNotification({ keyId, key, body: JSON.parse(body), timestamp: Number(timestamp) });
		expect(signed.headers).toEqual({ 'content-type': 'application/json', ...headersOf({ timestamp, signature }) });
		expect(verifyCurrentNotification(signed.body, signed.headers, { keyId, key, now: () => Number(timestamp) }).ok).toBe(true);
	});
});

describe('current notifications: refusals', () => {
	const refused = (body: string, headers: Record<string, string | string[] | undefined>, options: CurrentNotificationOptions = N2_OPTIONS) => {
		const check = verifyCurrentNotification(body, headers, options);
		if (check.ok) throw new Error('accepted');
		return check.reason;
	};

	test.each([
		['no x-lf-signature', N2.body, headersOf(N2, { 'x-lf-signature': '' }), 'missing-signature'],
		['no x-lf-timestamp', N2.body, { ...headersOf(N2), 'x-lf-timestamp': undefined }, 'missing-headers'],
		['no x-lf-notification-version', N2.body, { ...headersOf(N2), 'x-lf-notification-version': undefined }, 'missing-headers'],
		['another key id', N2.body, headersOf(N2, { 'x-lf-signature': 'other-key/fD9NWMAADb29m7MzHpJkBiDnKk0=' }), 'wrong-key-id'],
		['no key id', N2.body, headersOf(N2, { 'x-lf-signature': 'fD9NWMAADb29m7MzHpJkBiDnKk0=' }), 'wrong-key-id'],
		['an undocumented algorithm', N2.body, headersOf(N2, { 'x-lf-algo': 'HMAC-SHA256' }), 'unsupported-algorithm'],
		['a timestamp that is not epoch ms', N2.body, headersOf(N2, { 'x-lf-timestamp': '2023-11-14T22:13:20Z' }), 'bad-timestamp'],
		['a body changed in transit', N2.body.replace('"x"', '"y"'), headersOf(N2), 'bad-signature'],
		['a timestamp changed in transit', N2.body, headersOf(N2, { 'x-lf-timestamp': '1700000000001' }), 'bad-signature'],
		['a forged signature', N2.body, headersOf(N2, { 'x-lf-signature': 'test-key-id/AAAAAAAAAAAAAAAAAAAAAAAAAAA=' }), 'bad-signature'],
		['a signature of another length', N2.body, headersOf(N2, { 'x-lf-signature': 'test-key-id/x' }), 'bad-signature'],
		['not JSON', '{"a":', headersOf(N2), 'invalid-json'],
		['a JSON array', '[1,2]', headersOf(N2), 'invalid-json'],
		['hostile nesting', '{"a":' + '['.repeat(100000) + ']'.repeat(100000) + '}', headersOf(N2), 'too-deep'],
	])('%s', (_name, body, headers, reason) => {
		expect(refused(body, headers)).toBe(reason);
	});

	test('no key configured', () => {
		expect(refused(N2.body, headersOf(N2), { keyId: N2.keyId, key: '' })).toBe('missing-key');
	});

	test('our timestamp window: 10 minutes either way by default, configurable, Infinity turns it off', () => {
		const at = (now: number, toleranceMs?: number) => verifyCurrentNotification(N2.body, headersOf(N2), { keyId: N2.keyId, key: N2.key, now: () => now, toleranceMs });
		const t = Number(N2.timestamp);
		expect(DEFAULT_NOTIFICATION_TOLERANCE_MS).toBe(600000);
		expect(at(t + 600000).ok).toBe(true);
		expect(at(t - 600000).ok).toBe(true);
		expect(at(t + 600001)).toEqual({ ok: false, reason: 'stale-timestamp' });
		expect(at(t - 600001)).toEqual({ ok: false, reason: 'stale-timestamp' });
		expect(at(t + 60001, 60000)).toEqual({ ok: false, reason: 'stale-timestamp' });
		expect(at(t + 10 * 365 * 86400000, Infinity).ok).toBe(true);
	});

	test('header names in any case, array values, a signature holding "/", the algorithm in lower case as sent', () => {
		const body = { z: 'a/b', n: 1 };
		// Find a body whose signature contains "/", so the split at the FIRST slash matters.
		let signed = signNotification({ keyId: 'k', key: 'key', body, timestamp: 1, algo: 'hmac-sha1' });
		for (let i = 0; !signed.headers['x-lf-signature'].slice(2).includes('/'); i++) signed = signNotification({ keyId: 'k', key: 'key', body: { ...body, i }, timestamp: 1, algo: 'hmac-sha1' });
		const shouting = Object.fromEntries(Object.entries(signed.headers).map(([k, v]) => [k.toUpperCase(), [v]]));
		expect(verifyCurrentNotification(Buffer.from(signed.body), shouting, { keyId: 'k', key: 'key', now: () => 1 })).toMatchObject({ ok: true, keyId: 'k' });
	});
});

describe('current notifications: numbers are verified as they were written', () => {
	test('an integer above 2^53 and 1.0 keep their text (JSON.parse would change both)', () => {
		const body = '{"job_id": 898239829382732323, "ratio": 1.0, "sim_id": "1"}';
		const canonical = '{"job_id":898239829382732323,"ratio":1.0,"sim_id":"1"}';
		expect(canonicalJsonText(body, 32)).toBe(canonical);
		expect(canonicalJson(JSON.parse(body))).not.toBe(canonical);
		// As a Java sender signs it (Jackson prints the long and the double as written above).
		const signature = createHmac('sha1', 'k3y').update(notificationMessage('1.0', 'HMAC-SHA1', '5', canonical)).digest('base64');
		expect(verifyCurrentNotification(body, headersOf({ timestamp: '5', signature: `id/${signature}` }), { keyId: 'id', key: 'k3y', now: () => 5 }).ok).toBe(true);
	});
});

describe('canonicalJsonText', () => {
	test.each([
		'{"b":[3,{"y":null,"x":true}],"a":"é \\"q\\" \\u00e9 \\n","c":-1.5,"e":20,"d":false,"10":1,"9":2}',
		' { } ',
		'{"empty":[],"nested":{"deeper":{"deepest":[[],[{}]]}}}',
		'{"s":"\\ud83d\\ude00 😀","t":"\\/"}',
	])('is canonicalJson(JSON.parse(text)) for ordinary numbers: %s', (text) => {
		expect(canonicalJsonText(text, 32)).toBe(canonicalJson(JSON.parse(text)));
	});

	test('a repeated key: the last one counts, as in JSON.parse', () => {
		expect(canonicalJsonText('{"a":1,"b":2,"a":3}', 32)).toBe('{"a":3,"b":2}');
	});

	test.each(['{"a":1,}', "{'a':1}", '{"a":01}', '{"a":1} x', '{"a":"\u0001"}', '{"a":"\\x"}', '{"a" 1}', '', '[1,]', '{"a":tru}'])('refuses what is not JSON: %s', (text) => {
		expect(() => canonicalJsonText(text, 32)).toThrow(SyntaxError);
		expect(() => JSON.parse(text)).toThrow(SyntaxError);
	});

	test('refuses nesting past the limit', () => {
		expect(canonicalJsonText('[[1]]', 2)).toBe('[[1]]');
		expect(() => canonicalJsonText('[[[1]]]', 2)).toThrow(/deeper than 2 levels/);
	});
});

describe('current notifications hosted by the CallbackReceiver', () => {
	const receiver = () => new CallbackReceiver({ secret: '', verify: currentNotificationVerifier(N2_OPTIONS), now: () => Number(N2.timestamp) });

	test('an authentic notification is emitted; a forged one gets 401 and nothing', () => {
		const r = receiver();
		const ok = r.receive('POST', N2.body, headersOf(N2));
		expect(ok.status).toBe(200);
		expect(ok.events).toHaveLength(1);
		expect(ok.events[0]).toMatchObject({ iccid: '89852123456789012345', raw: JSON.parse(N2.body) });
		const forged = r.receive('POST', N2.body.replace('"x"', '"y"'), headersOf(N2));
		expect(forged).toMatchObject({ status: 401, reason: 'bad-signature', events: [] });
		expect(r.receive('POST', '{"a":', headersOf(N2))).toMatchObject({ status: 400, reason: 'invalid-json', events: [] });
	});

	test('a redelivery signed again with a new timestamp is a duplicate', () => {
		const r = receiver();
		const first = signNotification({ keyId: N2.keyId, key: N2.key, body: JSON.parse(N2.body), timestamp: Number(N2.timestamp) });
		const again = signNotification({ keyId: N2.keyId, key: N2.key, body: JSON.parse(N2.body), timestamp: Number(N2.timestamp) + 30000 });
		expect(r.receive('POST', first.body, first.headers).events).toHaveLength(1);
		expect(r.receive('POST', again.body, again.headers)).toMatchObject({ status: 200, duplicate: true, events: [] });
	});

	test('a legacy receiver (no verify) still checks x-lf-md5 and refuses a current notification', () => {
		const legacy = new CallbackReceiver({ secret: 'notification-secret' });
		expect(legacy.receive('POST', N2.body, headersOf(N2))).toMatchObject({ status: 401, reason: 'missing-signature', events: [] });
	});

	test('the verifier checks its settings once, naming the field, and trims a pasted key', () => {
		const thrown = (options: CurrentNotificationOptions) => {
			try {
				currentNotificationVerifier(options);
			} catch (error) {
				expect(error).toBeInstanceOf(CubeValidationError);
				return error as CubeValidationError;
			}
			throw new Error('accepted');
		};
		expect(thrown({ keyId: '', key: 'k' }).field).toBe('notificationKeyId');
		expect(thrown({ keyId: 'id/x', key: 'k' }).field).toBe('notificationKeyId');
		const empty = thrown({ keyId: 'id', key: '  ' });
		expect(empty.field).toBe('notificationKey');
		expect(empty.message).toMatch(/Notifications are refused until it is corrected\.$/);
		const verify = currentNotificationVerifier({ ...N2_OPTIONS, keyId: ` ${N2.keyId} `, key: `${N2.key}\n` });
		expect(verify(N2.body, headersOf(N2)).ok).toBe(true);
	});
});
