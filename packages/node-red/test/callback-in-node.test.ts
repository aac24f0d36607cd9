import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { notificationDigest } from '@linksfield-cube/core';
import { ACCESS_CODE, captured, collect, configNode, CREDENTIALS, helper, load, NOTIFICATION_SECRET, SIM_IN_USE, SIM_IN_USE_ORDER, sleep, statuses, useSimulator, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

const request = require('supertest');

/** The callback-in node on Node-RED's httpNode app: valid callbacks become messages, forged ones get 401. */

const sim = useSimulator();

const PATH = '/cube/callbacks';
const WARNING = { devices: [{ expireTime: '', warningCode: '1', deviceId: SIM_IN_USE }, { expireTime: '2030-01-01 00:00:00', warningCode: '2', deviceId: '89852022018041800193' }] };
const ORDER_STATUS = { assetid: SIM_IN_USE, imsi: '454000123456789', operation: '1009', orderid: SIM_IN_USE_ORDER, time: '2024-01-01 00:00:00' };
const SMS = { partner_code: ACCESS_CODE, sim_id: SIM_IN_USE, imsi: '454000123456789', message_type: 'Text', text_message: '你好', received_at: '1642385160000' };

async function deploy(props: Record<string, unknown> = {}, credentials: Record<string, unknown> = CREDENTIALS): Promise<void> {
	const nodes: FlowNode[] = [configNode(sim), { id: 'in', type: 'linksfield-cube-in', cube: 'cfg', path: PATH, events: [], wires: [['out']], ...props }, { id: 'out', type: 'helper' }];
	await load(nodes, credentials);
}

const app = () => captured.red!.httpNode;

function post(body: unknown, headers: Record<string, string> = {}, path = PATH) {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return request(app()).post(path).set('Content-Type', 'application/json').set(headers).send(text);
}

const signed = (body: Record<string, unknown>, secret = NOTIFICATION_SECRET) => ({ 'x-lf-md5': notificationDigest(body, secret) });

it('a signed usage warning is answered 200 and becomes one message per SIM', async () => {
	await deploy();
	const outs = collect('out');
	const res = await post(WARNING, { ...signed(WARNING), 'x-lf-delivery': 'd-1' });
	expect(res.status).toBe(200);
	expect(res.body).toEqual({ code: '0000', message: 'received', success: true });
	await sleep(20);
	expect(outs).toHaveLength(2);
	expect(outs[0]).toMatchObject({ topic: 'usageWarning', iccid: SIM_IN_USE, deliveryId: 'd-1', payload: { event: 'usageWarning', warningCode: '1', warning: 'No plan purchased', raw: { devices: [WARNING.devices[0]] } } });
	expect(outs[1].payload).toMatchObject({ warningCode: '2', warning: 'Plan expires in less than 7 days', expireTime: '2030-01-01 00:00:00', raw: { devices: [WARNING.devices[1]] } });
});

it('order status and SMS callbacks are normalised, with msg.orderId for the next node', async () => {
	await deploy();
	const outs = collect('out');
	expect((await post(ORDER_STATUS, signed(ORDER_STATUS))).status).toBe(200);
	expect((await post(SMS, signed(SMS))).status).toBe(200);
	await sleep(20);
	expect(outs[0]).toMatchObject({ topic: 'orderStatus', iccid: SIM_IN_USE, orderId: SIM_IN_USE_ORDER, payload: { orderStatus: '1009', orderStatusMeaning: 'Order extended' } });
	expect(outs[1]).toMatchObject({ topic: 'smsMo', iccid: SIM_IN_USE, payload: { text: '你好', messageType: 'Text', receivedAt: '1642385160000' } });
});

it.each([
	['forged (wrong secret)', signed(WARNING, 'not-the-secret')],
	['unsigned', {}],
	['signed over another body', signed({ devices: [{ expireTime: '', warningCode: '3', deviceId: SIM_IN_USE }] })],
])('a %s callback gets 401 and sends nothing', async (_name, headers) => {
	await deploy();
	const outs = collect('out');
	const seen = statuses('in');
	const res = await post(WARNING, headers as Record<string, string>);
	expect(res.status).toBe(401);
	expect(res.body.success).toBe(false);
	await sleep(20);
	expect(outs).toHaveLength(0);
	expect(seen[seen.length - 1]).toMatchObject({ fill: 'red', shape: 'ring', text: expect.stringMatching(/^401/) });
	expect(JSON.stringify(seen)).not.toContain(NOTIFICATION_SECRET);
});

it('a body that is not JSON gets 400; a GET gets 405', async () => {
	await deploy();
	const outs = collect('out');
	expect((await post('devices=1', { 'x-lf-md5': 'AAAA' })).status).toBe(400);
	expect((await request(app()).get(PATH)).status).toBe(405);
	await sleep(20);
	expect(outs).toHaveLength(0);
});

it('a body over 1 MiB gets 413', async () => {
	await deploy();
	const big = { devices: [{ deviceId: SIM_IN_USE, warningCode: '1', expireTime: 'x'.repeat(1024 * 1024) }] };
	expect((await post(big, signed(big))).status).toBe(413);
});

it('a redelivery (same x-lf-delivery) is acknowledged but sent on only once', async () => {
	await deploy();
	const outs = collect('out');
	const headers = { ...signed(ORDER_STATUS), 'x-lf-delivery': 'same-id' };
	expect((await post(ORDER_STATUS, headers)).status).toBe(200);
	expect((await post(ORDER_STATUS, headers)).status).toBe(200);
	await sleep(20);
	expect(outs).toHaveLength(1);
});

it('the event filter lets only the ticked event types through', async () => {
	await deploy({ events: ['orderStatus'] });
	const outs = collect('out');
	expect((await post(WARNING, signed(WARNING))).status).toBe(200);
	expect((await post(ORDER_STATUS, signed(ORDER_STATUS))).status).toBe(200);
	await sleep(20);
	expect(outs.map((m) => m.topic)).toEqual(['orderStatus']);
});

it('callbacks signed by the simulator are accepted; its forgeries are refused', async () => {
	await deploy();
	const outs = collect('out');
	// The simulator posts to a real port: serve the httpNode app there.
	const server = http.createServer(app() as unknown as http.RequestListener);
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		sim.admin.setCallbackUrl(`http://127.0.0.1:${(server.address() as AddressInfo).port}${PATH}`);
		const good = await sim.admin.fireCallback({ kind: 'orderStatus', orderId: SIM_IN_USE_ORDER, operation: '1009' });
		const forged = await sim.admin.fireCallback({ kind: 'smsMo', iccid: SIM_IN_USE, forge: true });
		expect(good).toMatchObject({ delivered: true, status: 200 });
		expect(forged).toMatchObject({ delivered: false, status: 401 });
		await sleep(20);
		expect(outs).toHaveLength(1);
		expect(outs[0]).toMatchObject({ topic: 'orderStatus', orderId: SIM_IN_USE_ORDER, deliveryId: good.id });
	} finally {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

it('the route is removed on close', async () => {
	await deploy();
	const httpNode = app();
	expect((await post(WARNING, signed(WARNING))).status).toBe(200);
	await helper.unload();
	expect((await request(httpNode).post(PATH).send(WARNING)).status).toBe(404);
});

it('without a callback secret no endpoint is created', async () => {
	await deploy({}, { cfg: { accessCode: ACCESS_CODE, secret: 's', notificationSecret: '' } });
	const seen = statuses('in');
	expect((await post(WARNING, signed(WARNING, ''))).status).toBe(404);
	expect(seen).toEqual([{ fill: 'red', shape: 'ring', text: 'no callback secret' }]);
	expect(helper.log().args.flat().some((entry: { msg?: unknown }) => /no callback secret/.test(String(entry?.msg)))).toBe(true);
});

it('a flood of forged callbacks writes one log line, not one per request', async () => {
	await deploy();
	const warnings: string[] = [];
	helper.getNode('in').on('call:warn', (call: { args: [unknown] }) => warnings.push(String(call.args[0])));
	const forged = signed(WARNING, 'not-the-secret');
	for (let i = 0; i < 200; i++) expect((await post(WARNING, forged)).status).toBe(401);
	expect(warnings).toEqual([expect.stringMatching(/^Refused a callback: HTTP 401 \(bad-signature\)$/)]);
	// A new kind of refusal is logged at once, with the count of those held back.
	expect((await post('devices=1', { 'x-lf-md5': 'AAAA' })).status).toBe(400);
	expect(warnings[1]).toMatch(/^Refused 200 callbacks in the last \d+ s, the latest: HTTP 400 \(invalid-json\)\. Refused callbacks are logged once a minute at most\.$/);
});

describe('a path of the editor or its admin API is refused at deploy (issue 20)', () => {
	const logged = (text: string) => helper.log().args.flat().some((entry: { msg?: unknown }) => String(entry?.msg).includes(text));

	it.each([
		['/flows', '/flows'],
		['/auth/token', '/auth'],
		['/Settings/', '/settings'],
	])('%s: no endpoint, and an error naming %s; the request is not taken', async (path, route) => {
		await deploy({ path });
		expect(logged(`callback path ${path.replace(/\/$/, '')} is Node-RED's own ${route}`)).toBe(true);
		const res = await post(WARNING, signed(WARNING), path);
		expect(res.status).toBe(404);
	});

	it.each(['/:anything', '/cube/*'])('a route pattern (%s) is refused: it would answer for other paths too', async (path) => {
		await deploy({ path });
		expect(logged('may hold only letters, digits')).toBe(true);
		expect((await post(WARNING, signed(WARNING), '/flows')).status).toBe(404);
	});
});

