import { notificationContent, notificationDigest, verifyNotification } from '../src/callbacks/notify';

const SECRET = 'test-secret';
const WARNING = { devices: [{ expireTime: '', warningCode: '1', deviceId: '89314404000816575667' }] };
const SMS_MO = {
	partner_code: 'P123456',
	sim_id: '89860220190123456789',
	imsi: '4230001234567',
	message_type: 'Binary',
	text_message: '发送短信内容',
	received_at: '1642385160000',
};

describe('notificationDigest: spec §7.1 vectors', () => {
	it('usage warning: list members sorted, list key not emitted, empty values kept', () => {
		expect(notificationContent(WARNING) + '&' + SECRET).toBe('deviceId=89314404000816575667&expireTime=&warningCode=1&test-secret');
		expect(notificationDigest(WARNING, SECRET)).toBe('g0njigUWR+bQwoaWhfGfAQ==');
	});

	it('SMS MO: top-level keys sorted, UTF-8 values raw', () => {
		expect(notificationContent(SMS_MO) + '&' + SECRET).toBe(
			'imsi=4230001234567&message_type=Binary&partner_code=P123456&received_at=1642385160000&sim_id=89860220190123456789&text_message=发送短信内容&test-secret',
		);
		expect(notificationDigest(SMS_MO, SECRET)).toBe('rG5zv5N1UMwtDZy3A+jUjw==');
	});

	it('objects in a list are joined in list order', () => {
		const body = { devices: [{ b: '2', a: '1' }, { a: '3' }] };
		expect(notificationContent(body)).toBe('a=1&b=2&a=3');
	});
});

describe('verifyNotification', () => {
	const raw = JSON.stringify(SMS_MO);
	const good = { 'x-lf-md5': 'rG5zv5N1UMwtDZy3A+jUjw==', 'x-lf-delivery': 'd-1' };

	it('accepts a correctly signed body and returns it with the delivery id and the signed content', () => {
		expect(verifyNotification(raw, good, SECRET)).toEqual({ ok: true, body: SMS_MO, deliveryId: 'd-1', content: notificationContent(SMS_MO) });
		expect(verifyNotification(Buffer.from(raw), { 'X-LF-MD5': good['x-lf-md5'] }, SECRET).ok).toBe(true);
	});

	it.each([
		['missing header', raw, {}, SECRET, 'missing-signature'],
		['wrong digest', raw, { 'x-lf-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, SECRET, 'bad-signature'],
		['digest of another length', raw, { 'x-lf-md5': 'short' }, SECRET, 'bad-signature'],
		['body altered after signing', raw.replace('发送', '收到'), good, SECRET, 'bad-signature'],
		['wrong secret', raw, good, 'other-secret', 'bad-signature'],
		['not JSON', 'devices=1', good, SECRET, 'invalid-json'],
		['JSON but not an object', '[1,2]', good, SECRET, 'invalid-json'],
		['no secret configured', raw, good, '', 'missing-secret'],
		['nested deeper than 32 levels', `{"a":${'['.repeat(33)}${']'.repeat(33)}}`, good, SECRET, 'too-deep'],
		['nested 100,000 levels', `{"a":${'['.repeat(1e5)}${']'.repeat(1e5)}}`, good, SECRET, 'too-deep'],
	])('rejects: %s', (_name, body, headers, secret, reason) => {
		expect(verifyNotification(body as string, headers as Record<string, string>, secret as string)).toEqual({ ok: false, reason });
	});

	it('counts nesting only outside strings: brackets in a value are text', () => {
		const body = { text_message: '[[[{{{'.repeat(20) + '\\"' + ']]]'.repeat(30), sim_id: '8986' };
		expect(verifyNotification(JSON.stringify(body), { 'x-lf-md5': notificationDigest(body, SECRET) }, SECRET).ok).toBe(true);
	});
});
