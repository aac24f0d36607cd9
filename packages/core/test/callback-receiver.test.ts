import { CallbackReceiver } from '../src/callback-receiver';
import { notificationDigest } from '../src/notify';

const SECRET = 'notify-secret';
const warning = { devices: [{ deviceId: '89314404000816575667', warningCode: '2', expireTime: '' }] };
const signed = (body: object, delivery?: string) => ({ raw: JSON.stringify(body), headers: { 'x-lf-md5': notificationDigest(body as Record<string, unknown>, SECRET), ...(delivery ? { 'x-lf-delivery': delivery } : {}) } });

describe('CallbackReceiver', () => {
	it('accepts a signed callback once per delivery id', () => {
		const r = new CallbackReceiver({ secret: SECRET });
		const { raw, headers } = signed(warning, 'd1');
		const first = r.receive('POST', raw, headers);
		expect(first.status).toBe(200);
		expect(first.events).toHaveLength(1);
		expect(first.events[0]).toMatchObject({ event: 'usageWarning', warningCode: '2', deliveryId: 'd1' });
		expect(r.receive('POST', raw, headers)).toEqual({ status: 200, reason: 'duplicate delivery', duplicate: true, events: [] });
	});

	it.each([
		['GET', 'GET', signed(warning), 405],
		['unsigned', 'POST', { raw: JSON.stringify(warning), headers: {} }, 401],
		['forged', 'POST', { raw: JSON.stringify(warning), headers: { 'x-lf-md5': 'forged' } }, 401],
		['altered', 'POST', { raw: JSON.stringify({ devices: [{ ...warning.devices[0], warningCode: '3' }] }), headers: signed(warning).headers }, 401],
		['not JSON', 'POST', { raw: 'hello', headers: { 'x-lf-md5': 'x' } }, 400],
		['oversized', 'POST', { raw: 'x'.repeat(2 * 1024 * 1024), headers: {} }, 413],
	])('rejects %s with %s and emits nothing', (_name, method, req, status) => {
		const r = new CallbackReceiver({ secret: SECRET });
		const res = r.receive(method as string, (req as { raw: string }).raw, (req as { headers: Record<string, string> }).headers);
		expect(res.status).toBe(status);
		expect(res.events).toEqual([]);
	});

	it('filters by event type and forgets the oldest delivery ids beyond its memory', () => {
		const r = new CallbackReceiver({ secret: SECRET, eventTypes: ['smsMo'], dedupeSize: 2 });
		const { raw, headers } = signed(warning, 'a');
		expect(r.receive('POST', raw, headers)).toEqual({ status: 200, events: [] });
		r.receive('POST', raw, { ...headers, 'x-lf-delivery': 'b' });
		r.receive('POST', raw, { ...headers, 'x-lf-delivery': 'c' });
		expect(r.receive('POST', raw, headers).duplicate).toBeUndefined();
		expect(r.receive('POST', raw, { ...headers, 'x-lf-delivery': 'c' }).duplicate).toBe(true);
	});
});
