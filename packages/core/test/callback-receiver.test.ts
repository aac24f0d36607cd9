import { CallbackReceiver } from '../src/callbacks/callback-receiver';
import { notificationDigest } from '../src/callbacks/notify';

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
		const about = (iccid: string, delivery: string) => signed({ devices: [{ ...warning.devices[0], deviceId: iccid }] }, delivery);
		const a = about('1', 'a');
		expect(r.receive('POST', a.raw, a.headers)).toEqual({ status: 200, events: [] });
		r.receive('POST', about('2', 'b').raw, about('2', 'b').headers);
		r.receive('POST', about('3', 'c').raw, about('3', 'c').headers);
		// 'a' (id and content) fell out of both memories; 'c' is still remembered, even on another body.
		expect(r.receive('POST', a.raw, a.headers).duplicate).toBeUndefined();
		expect(r.receive('POST', about('4', 'c').raw, about('4', 'c').headers).duplicate).toBe(true);
	});

	it('answers 400 for deeply nested JSON, without throwing', () => {
		const r = new CallbackReceiver({ secret: SECRET });
		const deep = `{"devices":${'['.repeat(50000)}${']'.repeat(50000)}}`;
		expect(r.receive('POST', deep, { 'x-lf-md5': 'x' })).toEqual({ status: 400, reason: 'too-deep', events: [], log: { status: 400, reason: 'too-deep', count: 1 } });
	});
});

describe('CallbackReceiver: replays of the signed content', () => {
	const HOUR = 3600_000;
	const clock = () => {
		let t = 1_000_000;
		return { now: () => t, advance: (ms: number) => (t += ms) };
	};

	it.each([
		['without x-lf-delivery', undefined, undefined],
		['with a fresh x-lf-delivery', 'd-1', 'd-2'],
		['first with, then without x-lf-delivery', 'd-1', undefined],
	])('drops a replay %s', (_name, firstId, replayId) => {
		const r = new CallbackReceiver({ secret: SECRET });
		const first = signed(warning, firstId);
		const replay = signed(warning, replayId);
		expect(r.receive('POST', first.raw, first.headers).events).toHaveLength(1);
		expect(r.receive('POST', replay.raw, replay.headers)).toEqual({ status: 200, reason: 'duplicate content', duplicate: true, events: [] });
	});

	it('drops the same signed content re-serialised (other key order, spacing, a number for a string)', () => {
		const r = new CallbackReceiver({ secret: SECRET });
		const { raw, headers } = signed(warning);
		expect(r.receive('POST', raw, headers).events).toHaveLength(1);
		const reshaped = `{ "devices": [ { "warningCode": 2, "expireTime": "", "deviceId": "89314404000816575667" } ] }`;
		expect(r.receive('POST', reshaped, headers)).toMatchObject({ status: 200, duplicate: true, events: [] });
	});

	it('accepts the same content again once the window has passed (the vendor re-pushes weekly)', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, dedupeWindowMs: HOUR, now: c.now });
		const { raw, headers } = signed(warning);
		expect(r.receive('POST', raw, headers).events).toHaveLength(1);
		c.advance(HOUR - 1);
		expect(r.receive('POST', raw, headers).duplicate).toBe(true);
		c.advance(2);
		expect(r.receive('POST', raw, headers).events).toHaveLength(1);
	});

	it('is 24 hours by default', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, now: c.now });
		const { raw, headers } = signed(warning);
		r.receive('POST', raw, headers);
		c.advance(24 * HOUR - 1);
		expect(r.receive('POST', raw, headers).duplicate).toBe(true);
		c.advance(2);
		expect(r.receive('POST', raw, headers).duplicate).toBeUndefined();
	});

	it('keeps its memory bounded: 5,000 distinct callbacks leave at most dedupeSize ids and contents', () => {
		const r = new CallbackReceiver({ secret: SECRET, dedupeSize: 100 });
		for (let i = 0; i < 5_000; i++) {
			const { raw, headers } = signed({ devices: [{ deviceId: String(i), warningCode: '1', expireTime: '' }] }, `id-${i}`);
			r.receive('POST', raw, headers);
		}
		const memory = r as unknown as { seenContents: Map<string, number>; seenDeliveries: Set<string> };
		expect(memory.seenContents.size).toBe(100);
		expect(memory.seenDeliveries.size).toBe(100);
	});

	it('gives every event a stable eventId: the same content gives the same ids in another process', () => {
		const body = { devices: [warning.devices[0], { ...warning.devices[0], deviceId: '89314404000816575668' }] };
		const one = signed(body, 'd-1');
		const other = signed(body, 'd-2');
		const a = new CallbackReceiver({ secret: SECRET }).receive('POST', one.raw, one.headers).events.map((e) => e.eventId);
		const b = new CallbackReceiver({ secret: SECRET }).receive('POST', other.raw, other.headers).events.map((e) => e.eventId);
		expect(a).toEqual(b);
		expect(new Set(a).size).toBe(2);
		expect(a[0]).toMatch(/^[0-9a-f]{32}-0$/);
	});
});

describe('CallbackReceiver: a usage warning listing 10,000 SIMs', () => {
	it('emits 10,000 events whose total size is linear in the body (each carries only its own device)', () => {
		const devices = Array.from({ length: 10_000 }, (_, i) => ({ deviceId: String(89852022018041800000 + i), warningCode: '2', expireTime: '2026-12-31 23:59:59' }));
		const body = { devices };
		const { raw, headers } = signed(body);
		expect(Buffer.byteLength(raw)).toBeLessThan(1024 * 1024);
		const result = new CallbackReceiver({ secret: SECRET }).receive('POST', raw, headers);
		expect(result.events).toHaveLength(10_000);
		expect(result.events[9999]).toMatchObject({ iccid: devices[9999].deviceId, raw: { devices: [devices[9999]] } });
		// With the whole body on every event this would be 10,000 × the body (~8 GB); each event is a few hundred bytes.
		const emitted = result.events.reduce((n, e) => n + JSON.stringify(e).length, 0);
		expect(emitted).toBeLessThan(5 * raw.length);
	});
});

describe('CallbackReceiver: the log of refused callbacks', () => {
	const forged = { raw: JSON.stringify(warning), headers: { 'x-lf-md5': 'forged' } };
	/** Refusals at `perSecond`, on a clock the receiver reads; returns the log lines they asked for. */
	function flood(r: CallbackReceiver, clock: { advance: (ms: number) => void }, count: number, perSecond: number, req = forged) {
		const lines = [];
		for (let i = 0; i < count; i++) {
			const res = r.receive('POST', req.raw, req.headers);
			expect(res.status).toBe(401);
			if (res.log) lines.push(res.log);
			clock.advance(1000 / perSecond);
		}
		return lines;
	}
	const clock = () => {
		let t = 5_000_000;
		return { now: () => t, advance: (ms: number) => (t += ms) };
	};

	it('2,000 forged callbacks at 1,500 a second: one line, the first', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, now: c.now });
		expect(flood(r, c, 2000, 1500)).toEqual([{ status: 401, reason: 'bad-signature', count: 1 }]);
	});

	it('a steady flood: at most one line a minute, each with the count since the one before', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, now: c.now });
		// Five minutes at 20 a second.
		const lines = flood(r, c, 6000, 20);
		expect(lines.length).toBeLessThanOrEqual(6);
		expect(lines[1]).toMatchObject({ status: 401, reason: 'bad-signature', count: 1200, sinceMs: 60_000 });
		const logged = lines.reduce((sum, l) => sum + l.count, 0);
		expect(logged).toBeLessThanOrEqual(6000);
		expect(logged).toBeGreaterThan(6000 - 1200);
	});

	it('a kind of refusal not seen before is logged at once, with what was held back', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, now: c.now });
		flood(r, c, 10, 1000);
		const deep = `{"devices":${'['.repeat(50000)}${']'.repeat(50000)}}`;
		expect(r.receive('POST', deep, { 'x-lf-md5': 'x' }).log).toEqual({ status: 400, reason: 'too-deep', count: 10, sinceMs: 10 });
		expect(r.receive('POST', deep, { 'x-lf-md5': 'x' }).log).toBeUndefined();
		expect(r.receive('GET', '', {}).log).toMatchObject({ status: 405, count: 2 });
	});

	it('refusals its host makes itself count in the same tally', () => {
		const c = clock();
		const r = new CallbackReceiver({ secret: SECRET, now: c.now, refusalLogIntervalMs: 1000 });
		expect(r.noteRefusal(400, 'unreadable body')).toEqual({ status: 400, reason: 'unreadable body', count: 1 });
		expect(r.noteRefusal(400, 'unreadable body')).toBeUndefined();
		c.advance(1000);
		expect(r.noteRefusal(400, 'unreadable body')).toEqual({ status: 400, reason: 'unreadable body', count: 2, sinceMs: 1000 });
	});

	it('accepted and duplicate callbacks write no refusal line', () => {
		const r = new CallbackReceiver({ secret: SECRET });
		const { raw, headers } = signed(warning, 'd1');
		expect(r.receive('POST', raw, headers).log).toBeUndefined();
		expect(r.receive('POST', raw, headers).log).toBeUndefined();
	});
});
