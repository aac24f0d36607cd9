import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { verifyCurrentNotification } from '@linksfield-cube/core';
import { USAGE_EVENT, type RunningSimulator } from '@linksfield-cube/simulator';
import { SIM_IN_USE, startCurrent } from './current-fixture';

/** Notifications of the current API (spec §7): the x-lf-* signature, and usage alerts sent when usage crosses a threshold. */

interface Received {
	headers: http.IncomingHttpHeaders;
	raw: string;
	body: Record<string, unknown>;
}

describe('notifications', () => {
	let receiver: http.Server;
	let url: string;
	const received: Received[] = [];
	let sim: RunningSimulator;

	beforeAll(async () => {
		receiver = http.createServer((req, res) => {
			let raw = '';
			req.on('data', (c) => (raw += c));
			req.on('end', () => {
				received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
				res.end('ok');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
	});
	afterAll(() => new Promise((resolve) => receiver.close(resolve)));
	beforeEach(async () => {
		received.length = 0;
		sim = await startCurrent({ current: { notificationUrl: url, notificationKey: { keyId: 'nk-1', key: 'notification-secret-text' } } });
	});
	afterEach(() => sim.close());

	/** The receiver's check, as the nodes make it (spec §7.2 receiver procedure). */
	const verifies = (r: Received) => verifyCurrentNotification(r.raw, r.headers, { keyId: 'nk-1', key: 'notification-secret-text' }).ok;

	it('sends a signed usage alert once per threshold as the clock moves usage past it', async () => {
		const order = sim.admin.sim(SIM_IN_USE).orders.at(-1)!;
		const limitMb = Number(order.flow);
		sim.admin.setUsage(SIM_IN_USE, Math.floor(limitMb * 0.79));
		await sim.admin.current.flushNotifications();
		expect(received).toHaveLength(0);
		// Usage grows at the SIM's rate: enough hours for 2 % more of the limit.
		const { mbPerDay } = sim.admin.sim(SIM_IN_USE);
		sim.admin.advanceClock({ hours: Math.ceil(((limitMb * 0.02) / mbPerDay) * 24) + 1 });
		sim.admin.advanceClock({ hours: 1 });
		await sim.admin.current.flushNotifications();
		// Other demo SIMs used data in those hours too.
		const ofSim = () => received.filter((r) => r.body.sim_id === SIM_IN_USE);
		expect(ofSim()).toHaveLength(1);
		const [alert] = ofSim();
		expect(alert.headers).toMatchObject({ 'x-lf-notification-version': '1.0', 'x-lf-algo': 'HMAC-SHA1', 'x-lf-timestamp': expect.stringMatching(/^\d{13}$/), 'x-lf-signature': expect.stringMatching(/^nk-1\//) });
		expect(verifies(alert)).toBe(true);
		expect(alert.body).toEqual({
			event: USAGE_EVENT,
			sim_id: SIM_IN_USE,
			occurred_at: expect.any(Number),
			data: { order_id: order.orderCode, bundle_id: order.packageCode, threshold_percent: 80, usage_percent: expect.any(Number), usage: expect.any(Number), data_limit: limitMb * 1024 * 1024 },
		});
		sim.admin.setUsage(SIM_IN_USE, limitMb);
		await sim.admin.current.flushNotifications();
		expect(ofSim().map((r) => (r.body.data as { threshold_percent: number }).threshold_percent)).toEqual([80, 100]);
		expect(sim.admin.current.counters().notificationsSent).toBe(received.length);
	});

	it('does not alert for what the data set starts with', async () => {
		sim.admin.advanceClock({ seconds: 1 });
		await sim.admin.current.flushNotifications();
		expect(received).toHaveLength(0);
	});

	it('fires notifications on demand, forged or unsigned for receiver tests', async () => {
		await sim.admin.current.fireNotification({ kind: 'raw', event: 'custom', body: { hello: 'world', nested: { b: 1, a: 2 } } });
		await sim.admin.current.fireNotification({ kind: 'usage', simId: SIM_IN_USE, forge: true });
		const unsigned = await sim.admin.current.fireNotification({ kind: 'raw', body: { x: 1 }, unsigned: true });
		expect(received.map(verifies)).toEqual([true, false, false]);
		expect(received[2].headers['x-lf-signature']).toBeUndefined();
		expect(unsigned).toMatchObject({ delivered: true, status: 200, attempts: 1, event: 'raw' });
		expect(sim.admin.current.notifications().map((d) => d.event)).toEqual(['custom', USAGE_EVENT, 'raw']);
	});

	it('are signed as the spec\'s vector N2 says', async () => {
		// N2 (spec §7.3): key test-key-id / test-notification-key (the defaults), timestamp 1700000000000.
		const at = await startCurrent({ now: () => 1_700_000_000_000, current: { notificationUrl: url } });
		try {
			const delivery = await at.admin.current.fireNotification({ kind: 'raw', body: { sim_id: '89852123456789012345', event: 'x', data: { b: 1, a: 2 } } });
			expect(delivery.headers).toEqual({ 'x-lf-notification-version': '1.0', 'x-lf-algo': 'HMAC-SHA1', 'x-lf-timestamp': '1700000000000', 'x-lf-signature': 'test-key-id/fD9NWMAADb29m7MzHpJkBiDnKk0=' });
			expect(received.at(-1)!.headers['x-lf-signature']).toBe('test-key-id/fD9NWMAADb29m7MzHpJkBiDnKk0=');
		} finally {
			await at.close();
		}
	});

	it('records deliveries without a URL and failures of a dead receiver', async () => {
		sim.admin.current.setNotificationUrl(null);
		const nowhere = await sim.admin.current.fireNotification({ kind: 'raw', body: { a: 1 } });
		expect(nowhere).toMatchObject({ delivered: false, error: 'no notification URL configured' });
		sim.admin.current.setNotificationUrl('http://127.0.0.1:1/dead');
		const dead = await sim.admin.current.fireNotification({ kind: 'raw', body: { a: 1 } });
		expect(dead).toMatchObject({ delivered: false, attempts: 1 });
		expect(sim.admin.current.counters().notificationsFailed).toBe(1);
	});
});
