import { readFileSync } from 'node:fs';
import { notificationDigest, signNotification } from '@linksfield-cube/core';
import { byName, example, EXAMPLES, oneSimNearlyOut, pointAt, twoSimsNearlyOut, type ExampleNode } from '@linksfield-cube/testkit/node-red-examples';
import { ACCESS_CODE, captured, collect, CREDENTIALS, helper, NODES, NOTIFICATION_SECRET, SECRET, SIM_IN_USE, sleep, until, useSimulator } from '@linksfield-cube/testkit/node-red-helper';

const request = require('supertest');
const switchNode = require('@node-red/nodes/core/function/10-switch.js');
const splitNode = require('@node-red/nodes/core/sequence/17-split.js');

/**
 * The shipped examples run as imported, in the test helper's runtime: inject and debug nodes become helper
 * nodes (so the test can start a flow and read what reached each debug), every other node is the real one.
 */

// The headline test switches to a fleet seed; every test starts from the demo data again.
const sim = useSimulator({ seed: 'demo' });

/** The simulator's demo key pair (what its banner prints) and its default notification key: the current examples' credentials. */
function currentCredentials() {
	const info = sim.admin.current.info();
	return { keyId: info.demoKey!.keyId, privateKey: readFileSync(info.demoKey!.privateKeyPath, 'utf8'), notificationKeyId: info.notificationKeyId, notificationKey: 'test-notification-key' };
}

async function loadExample(flow: ExampleNode[]): Promise<void> {
	const config = flow.find((n) => n.type === 'linksfield-cube-config')!;
	const credentials = config.api === 'current' ? currentCredentials() : CREDENTIALS.cfg;
	const nodes = [
		{ id: 'tab', type: 'tab', label: 'example' },
		...flow
			.filter((n) => n.type !== 'comment')
			.map((n) => (n.type === 'linksfield-cube-config' ? n : { ...n, z: 'tab', type: n.type === 'inject' || n.type === 'debug' ? 'helper' : n.type })),
	];
	await helper.load([...NODES, switchNode, splitNode], nodes, { [config.id]: credentials });
}

it('every example uses only node types that exist, and one config node', () => {
	const known = new Set(['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in', 'inject', 'debug', 'switch', 'split', 'catch', 'comment']);
	for (const name of EXAMPLES) {
		const flow = example(name);
		expect(flow.filter((n) => !known.has(n.type))).toEqual([]);
		expect(flow.filter((n) => n.type === 'linksfield-cube-config')).toHaveLength(1);
		const ids = new Set(flow.map((n) => n.id));
		for (const n of flow) for (const out of n.wires ?? []) for (const target of out) expect(ids.has(target)).toBe(true);
	}
	const types = new Set(EXAMPLES.flatMap((name) => example(name).map((n) => n.type)));
	for (const type of ['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in']) expect(types.has(type)).toBe(true);
});

it('usage-check-renew: renews the one SIM nearly out of data, exactly once', async () => {
	const target = await oneSimNearlyOut(sim, { accessCode: ACCESS_CODE, secret: SECRET });
	const flow = pointAt(example('usage-check-renew'), sim.url);
	await loadExample(flow);
	const renewed = collect(byName(flow, 'renewed').id);
	const errors = collect(byName(flow, 'error (code, message, outcome)').id);
	helper.getNode(byName(flow, 'every hour').id).send({ payload: Date.now() });
	await until('a renewal or an error', () => renewed.length + errors.length > 0);
	await sleep(200);
	expect(errors).toEqual([]);
	expect(renewed).toHaveLength(1);
	expect(renewed[0]).toMatchObject({ iccid: target.iccid, orderId: target.orderId, payload: { order_id: target.orderId } });
	const counters = sim.admin.counters();
	expect(counters.renewalsByOrder).toEqual({ [target.orderId]: 1 });
	expect(counters.requestsByPath['/flow/queryDeviceFlowUsage']).toBe(target.fleet.length);
});

it('callback-warning-switch: each warning code reaches its branch; code 2 gets the SIM\'s usage', async () => {
	const flow = pointAt(example('callback-warning-switch'), sim.url);
	await loadExample(flow);
	const branches = ['1 · no plan purchased', 'usage of the expiring SIM', '3 · plan expired', '4 · trial data used up'].map((name) => collect(byName(flow, name).id));
	const body = { devices: ['1', '2', '3', '4'].map((warningCode) => ({ deviceId: SIM_IN_USE, warningCode, expireTime: '' })) };
	const path = byName(flow, 'Linksfield callbacks').path;
	const res = await request(captured.red!.httpNode).post(path).set('x-lf-md5', notificationDigest(body, NOTIFICATION_SECRET)).send(body);
	expect(res.status).toBe(200);
	await until('a message on every branch', () => branches.every((b) => b.length > 0));
	expect(branches.map((b) => b.length)).toEqual([1, 1, 1, 1]);
	expect(branches[1][0].usage).toMatchObject({ device_id: SIM_IN_USE, percentUsed: expect.any(Number) });
	const forged = await request(captured.red!.httpNode).post(path).set('x-lf-md5', notificationDigest(body, 'guess')).send(body);
	expect(forged.status).toBe(401);
});

it('orders-errors-custom-call: all orders of the SIM, the error on the second output, the custom call', async () => {
	const flow = pointAt(example('orders-errors-custom-call'), sim.url);
	await loadExample(flow);
	const [orders, renewed, apiErrors, raw] = ['orders', 'renewed', 'API error', 'raw data'].map((name) => collect(byName(flow, name).id));
	const injects = flow.filter((n) => n.type === 'inject');
	for (const inject of injects) {
		const msg: Record<string, unknown> = {};
		for (const p of inject.props) msg[p.p] = p.v;
		helper.getNode(inject.id).send(msg);
	}
	await until('orders, the API error and the raw data', () => orders.length + apiErrors.length + raw.length >= 3);
	expect(orders[0].payload).toEqual([expect.objectContaining({ deviceId: SIM_IN_USE })]);
	expect(renewed).toEqual([]);
	expect(apiErrors[0].error).toMatchObject({ code: '2101', outcome: 'failed' });
	expect(raw[0].payload).toMatchObject({ device_id: SIM_IN_USE });
});

it('current-usage-add-bundle: from SIM pages, adds the bundle in use once to each SIM at 90 % or more, waiting for its result', async () => {
	const { iccids, fleet } = await twoSimsNearlyOut(sim, { accessCode: ACCESS_CODE, secret: SECRET });
	const flow = pointAt(example('current-usage-add-bundle'), sim.url);
	const adder = byName(flow, 'add the bundle in use, wait for the result');
	expect(adder).toMatchObject({ operation: 'current.bundle.add', waitForResult: true, params: { cycles: { value: '1' }, bundle_id: { value: 'payload.bundleId', type: 'msg' } } });
	await loadExample(flow);
	const added = collect(byName(flow, 'bundle added').id);
	const errors = collect(byName(flow, 'error (code, message, outcome)').id);
	helper.getNode(byName(flow, 'every hour').id).send({ payload: Date.now() });
	await until('a result per SIM at 90 % or an error', () => added.length + errors.length >= iccids.length, 15_000);
	await sleep(200);
	expect(errors).toEqual([]);
	expect(added.map((m) => m.payload.simIds?.[0] ?? m.payload.sim_id).sort()).toEqual([...iccids].sort());
	for (const m of added) expect(m.payload).toMatchObject({ status: 'succeeded', operation: 'current.bundle.add', requestId: expect.any(String) });
	const counters = sim.admin.current.counters();
	expect(counters.bundlesAddedBySim).toEqual(Object.fromEntries(iccids.map((iccid) => [iccid, 1])));
	// The fleet from SIM pages: one request for 5 SIMs, never one per SIM.
	expect(sim.admin.counters().requestsByPath['/cube/v4/sims']).toBe(Math.ceil(fleet.length / 100));
	for (const iccid of fleet) expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${iccid}`]).toBeUndefined();
});

it('current-webhook-sim-lookup: a signed notification looks its SIM up; a forged one gets 401', async () => {
	const flow = pointAt(example('current-webhook-sim-lookup'), sim.url);
	await loadExample(flow);
	const looked = collect(byName(flow, 'SIM of the notification').id);
	const path = byName(flow, 'Linksfield notifications').path;
	const { notificationKeyId } = sim.admin.current.info();
	const body = { event: 'usage.threshold', sim_id: SIM_IN_USE, threshold: 90 };
	const post = (key: string) => {
		const signed = signNotification({ keyId: notificationKeyId, key, body, timestamp: Date.now() });
		return request(captured.red!.httpNode).post(path).set(signed.headers).send(signed.body);
	};
	expect((await post('guessed-notification-key')).status).toBe(401);
	expect((await post('test-notification-key')).status).toBe(200);
	await until('the SIM looked up', () => looked.length > 0);
	expect(looked).toHaveLength(1);
	expect(looked[0]).toMatchObject({ iccid: SIM_IN_USE, payload: { sim_id: SIM_IN_USE, bundleId: expect.any(String) } });
});
