import { CubeClient, normalizeNotification, verifyNotification } from '@linksfield-cube/core';
import { DEMO_OTA_PLAN, type RunningSimulator } from '@linksfield-cube/simulator';
import { startCallbackRecorder, type CallbackRecorder } from '@linksfield-cube/testkit';
import {
	ACCESS_CODE,
	clientFor,
	NOTIFICATION_SECRET,
	PLAN_1GB,
	SECRET,
	SIM_IN_USE,
	SIM_IN_USE_ORDER,
	SIM_NO_PLAN,
	SIM_NO_PLAN_2,
	SIM_PAUSED,
	startSim,
	ordered,
} from './simulator-fixture';

/** Callbacks the simulator sends, checked with the core's verifyNotification, as the nodes' receivers do. */

let sim: RunningSimulator;
let client: CubeClient;
let receiver: CallbackRecorder;

beforeAll(async () => {
	receiver = await startCallbackRecorder();
	sim = await startSim({ callbackUrl: receiver.url });
	client = clientFor(sim);
});
afterAll(async () => {
	client.close();
	await sim.close();
	await receiver.close();
});
beforeEach(() => {
	sim.admin.reset();
	sim.admin.setCallbackUrl(receiver.url);
	receiver.received.length = 0;
});

const delivered = async () => {
	await sim.admin.flushCallbacks();
	return receiver.received;
};
const operations = async () => (await delivered()).map((r) => JSON.parse(r.raw).operation);

describe('signature of callbacks', () => {
	it('every callback verifies with the notification secret and carries a unique x-lf-delivery id', async () => {
		await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB, is_open: '1' });
		await sim.admin.fireCallback({ kind: 'smsMo', iccid: SIM_IN_USE, text: '发送短信内容' });
		await sim.admin.fireCallback({ kind: 'usageWarning' });
		const received = await delivered();
		expect(received.length).toBe(4);
		for (const r of received) {
			expect(r.headers['content-type']).toBe('application/json');
			expect(verifyNotification(r.raw, r.headers, NOTIFICATION_SECRET)).toMatchObject({ ok: true, deliveryId: r.headers['x-lf-delivery'] });
		}
		expect(new Set(received.map((r) => r.headers['x-lf-delivery'])).size).toBe(4);
	});

	it('a tampered body, a wrong secret or a forged callback does not verify', async () => {
		await sim.admin.fireCallback({ kind: 'orderStatus', orderId: SIM_IN_USE_ORDER });
		await sim.admin.fireCallback({ kind: 'orderStatus', orderId: SIM_IN_USE_ORDER, forge: true });
		await sim.admin.fireCallback({ kind: 'orderStatus', orderId: SIM_IN_USE_ORDER, unsigned: true });
		const [genuine, forged, unsigned] = await delivered();
		expect(verifyNotification(genuine.raw, genuine.headers, NOTIFICATION_SECRET).ok).toBe(true);
		expect(verifyNotification(genuine.raw.replace(SIM_IN_USE_ORDER, 'ORDER_100000000009'), genuine.headers, NOTIFICATION_SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyNotification(genuine.raw, genuine.headers, SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyNotification(forged.raw, forged.headers, NOTIFICATION_SECRET)).toEqual({ ok: false, reason: 'bad-signature' });
		expect(verifyNotification(unsigned.raw, unsigned.headers, NOTIFICATION_SECRET)).toEqual({ ok: false, reason: 'missing-signature' });
	});
});

describe('order status changes', () => {
	it('order, enable, renew, pause, resume, end early and cancel each announce their code', async () => {
		const { order_id } = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		await client.call('plan.enable', { order_id });
		await client.renewPlan(order_id);
		await client.call('plan.pause', { device_id: SIM_NO_PLAN });
		await client.call('plan.resume', { device_id: SIM_NO_PLAN });
		await client.call('plan.endEarly', { order_id });
		const queued = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		await client.call('plan.cancel', { order_id: queued.order_id });
		expect(await operations()).toEqual(['1000', '1005', '1009', '1003', '1004', '1001', '1000', '1002']);
		const [created] = receiver.bodies();
		expect(created).toEqual({ assetid: SIM_NO_PLAN, imsi: expect.stringMatching(/^\d{15}$/), operation: '1000', orderid: order_id, time: expect.stringMatching(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/) });
		expect(normalizeNotification(created)[0]).toMatchObject({ event: 'orderStatus', iccid: SIM_NO_PLAN, orderId: order_id, orderStatus: '1000' });
	});

	it('renewing an order not yet enabled sends nothing (the vendor pushes 1009 only for orders in use)', async () => {
		const { order_id } = await ordered(client, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
		await client.renewPlan(order_id);
		expect(await operations()).toEqual(['1000']);
	});

	it('an OTA order enabled at once announces 1007; an expiring order 1008', async () => {
		await client.call('plan.orderOta', {
			device_id: SIM_NO_PLAN,
			...PLAN_1GB,
			...DEMO_OTA_PLAN,
			is_open: '1',
			days: 3,
			timing_type: '1',
		});
		sim.admin.advanceClock({ days: 4 });
		const ops = await operations();
		expect(ops.slice(0, 2)).toEqual(['1000', '1007']);
		expect(ops.filter((op) => op === '1008').length).toBeGreaterThanOrEqual(1);
		expect(receiver.bodies().find((b) => b.operation === '1008' && b.assetid === SIM_NO_PLAN)).toBeDefined();
	});
});

describe('usage warnings', () => {
	const warnings = async () => (await delivered()).flatMap((r) => (JSON.parse(r.raw).devices ?? []) as Array<Record<string, string>>);

	it('data used up announces warning 4 once, with the expiry time', async () => {
		sim.admin.setUsage(SIM_IN_USE, 1024);
		sim.admin.setUsage(SIM_IN_USE, 1024);
		const list = await warnings();
		expect(list).toEqual([{ deviceId: SIM_IN_USE, warningCode: '4', expireTime: sim.admin.order(SIM_IN_USE_ORDER).expireDate }]);
		expect(normalizeNotification({ devices: list })[0]).toMatchObject({ event: 'usageWarning', warningCode: '4', iccid: SIM_IN_USE });
	});

	it('moving the clock announces expiring (2) and expired (3) orders, and the weekly "no plan" push (1)', async () => {
		sim.admin.advanceClock({ days: 8 });
		const list = await warnings();
		const codesOf = (iccid: string) => list.filter((d) => d.deviceId === iccid).map((d) => d.warningCode);
		expect(codesOf(SIM_NO_PLAN)).toEqual(['1']);
		expect(codesOf(SIM_NO_PLAN_2)).toEqual(['1']);
		expect(list.some((d) => d.warningCode === '2')).toBe(true);
		expect(list.some((d) => d.warningCode === '3')).toBe(true);
		expect(codesOf(SIM_PAUSED)).not.toContain('2');
	});

	it('on demand: the computed weekly push, or chosen devices', async () => {
		await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: SIM_IN_USE, warningCode: '2', expireTime: '2030-01-01 00:00:00' }] });
		expect(await warnings()).toEqual([{ deviceId: SIM_IN_USE, warningCode: '2', expireTime: '2030-01-01 00:00:00' }]);
	});
});

describe('SMS MO and delivery failures', () => {
	it('an SMS MO callback carries partner_code, sim_id, imsi, message_type, text_message and received_at (ms)', async () => {
		const before = Date.now();
		await sim.admin.fireCallback({ kind: 'smsMo', iccid: SIM_IN_USE, text: 'ping', messageType: 'Binary' });
		const [body] = (await delivered()).map((r) => JSON.parse(r.raw));
		expect(body).toEqual({ partner_code: ACCESS_CODE, sim_id: SIM_IN_USE, imsi: expect.stringMatching(/^\d{15}$/), message_type: 'Binary', text_message: 'ping', received_at: expect.stringMatching(/^\d{13}$/) });
		expect(Number(body.received_at)).toBeGreaterThanOrEqual(before);
	});

	it('a receiver that is down or fails is recorded, retried, and never disturbs the API', async () => {
		const failing = await startCallbackRecorder(500);
		const retrying = await startSim({ callbackUrl: failing.url, callbackRetries: 1 });
		const c = clientFor(retrying);
		try {
			await ordered(c, { device_id: SIM_NO_PLAN, ...PLAN_1GB });
			await retrying.admin.flushCallbacks();
			expect(failing.received).toHaveLength(2);
			expect(new Set(failing.received.map((r) => r.headers['x-lf-delivery'])).size).toBe(1);
			retrying.admin.setCallbackUrl('http://127.0.0.1:1/closed');
			await expect(ordered(c, { device_id: SIM_NO_PLAN_2, ...PLAN_1GB })).resolves.toHaveProperty('order_id');
			await retrying.admin.flushCallbacks();
			expect(retrying.admin.callbacks().map((d) => d.delivered)).toEqual([false, false]);
			expect(retrying.admin.counters()).toMatchObject({ callbacksSent: 0, callbacksFailed: 2, ordersCreated: 2 });
		} finally {
			c.close();
			await retrying.close();
			await failing.close();
		}
	});
});
