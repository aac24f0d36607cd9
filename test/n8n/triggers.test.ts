import { PollContext } from 'n8n-core';
import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { Workflow, type INode, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { LinksfieldCubeUsageTrigger } from '../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';
import { notificationDigest } from '@linksfield-cube/core';
import { fleetWarning } from '../faults/fleet-callback';
import { TestCredentialsHelper, nodeTypes, credentialFor, ordersOf, SECRETS, runWorkflow, withParameters, hostWebhookTrigger, type WebhookHost, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

// No redelivery: a refused callback is counted once.
const sim = useTestSimulator({ callbackRetries: 0 });

const credentials = { linksfieldCubeApi: { id: 'sim', name: 'Simulator' } };

describe('Linksfield Cube Trigger (webhook), fed by the simulator\'s signed callbacks', () => {
	let host: WebhookHost;
	const triggerNode = (events: string[]): INode => ({
		id: 'trigger-1',
		name: 'Linksfield Callbacks',
		type: 'n8n-nodes-linksfield-cube.linksfieldCubeTrigger',
		typeVersion: 1,
		position: [0, 0],
		webhookId: 'e2e-hook',
		parameters: { events },
		credentials,
	});
	async function listen(events: string[], notificationSecret?: string) {
		host = await hostWebhookTrigger(triggerNode(events), credentialFor(sim, notificationSecret === undefined ? {} : { notificationSecret }));
		sim.admin.setCallbackUrl(host.url);
	}
	afterEach(async () => await host?.close());

	test('a signed usage warning starts one execution with one normalised item per SIM', async () => {
		await listen(['*']);
		const delivery = await sim.admin.fireCallback({ kind: 'usageWarning', devices: [{ deviceId: DEMO_ICCIDS[0], warningCode: '2' }, { deviceId: DEMO_ICCIDS[1], warningCode: '4' }] });
		expect(delivery.status).toBe(200);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0].map((i) => i.json)).toEqual([
			expect.objectContaining({ event: 'usageWarning', iccid: DEMO_ICCIDS[0], warningCode: '2', warning: 'Plan expires in less than 7 days', deliveryId: delivery.id }),
			expect.objectContaining({ event: 'usageWarning', iccid: DEMO_ICCIDS[1], warningCode: '4', warning: 'Trial plan data used up' }),
		]);
	});

	test('forged and unsigned callbacks are answered 401 and start nothing', async () => {
		await listen(['*']);
		const forged = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[0], forge: true });
		const unsigned = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[0], unsigned: true });
		expect([forged.status, unsigned.status]).toEqual([401, 401]);
		expect(host.executions).toHaveLength(0);
	});

	test('without a notification secret in the credential every callback is refused', async () => {
		await listen(['*'], '');
		const delivery = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[0] });
		expect(delivery.status).toBe(401);
		expect(host.executions).toHaveLength(0);
	});

	test('the event filter: an order status change is acknowledged but starts nothing when only SMS are wanted', async () => {
		await listen(['smsMo']);
		const order = ordersOf(sim, DEMO_ICCIDS[0])[0];
		const status = await sim.admin.fireCallback({ kind: 'orderStatus', orderId: order.orderCode, operation: '1009' });
		const sms = await sim.admin.fireCallback({ kind: 'smsMo', iccid: DEMO_ICCIDS[0], text: 'hi' });
		expect([status.status, sms.status]).toEqual([200, 200]);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0][0].json).toMatchObject({ event: 'smsMo', iccid: DEMO_ICCIDS[0], text: 'hi' });
	});

	test('order status callbacks carry the code and its meaning', async () => {
		await listen(['orderStatus']);
		const order = ordersOf(sim, DEMO_ICCIDS[0])[0];
		await sim.admin.fireCallback({ kind: 'orderStatus', orderId: order.orderCode, operation: '1009' });
		expect(host.executions[0][0][0].json).toMatchObject({ event: 'orderStatus', orderStatus: '1009', orderStatusMeaning: 'Order extended', orderId: order.orderCode });
	});

	test('a redelivery with the same x-lf-delivery id is acknowledged once and executed once', async () => {
		await listen(['*']);
		const body = { devices: [{ deviceId: DEMO_ICCIDS[0], warningCode: '1', expireTime: '' }] };
		const { notificationDigest } = await import('@linksfield-cube/core');
		const post = () =>
			fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lf-md5': notificationDigest(body, SECRETS[1]), 'x-lf-delivery': 'd-1' }, body: JSON.stringify(body) });
		expect((await post()).status).toBe(200);
		expect((await post()).status).toBe(200);
		expect(host.executions).toHaveLength(1);
	});

	test('a replay without x-lf-delivery, or with a fresh one, is acknowledged and executed once; both runs give the same eventId', async () => {
		await listen(['*']);
		const body = { devices: [{ deviceId: DEMO_ICCIDS[2], warningCode: '3', expireTime: '' }] };
		const headers = { 'content-type': 'application/json', 'x-lf-md5': notificationDigest(body, SECRETS[1]) };
		const post = (delivery?: string) => fetch(host.url, { method: 'POST', headers: delivery ? { ...headers, 'x-lf-delivery': delivery } : headers, body: JSON.stringify(body) });
		const answers = [await post(), await post(), await post('fresh-1'), await post('fresh-2')];
		expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
		expect(host.executions).toHaveLength(1);
		expect(host.executions[0][0][0].json.eventId).toMatch(/^[0-9a-f]{32}-0$/);
	});

	test('deeply nested JSON is answered 400, not 500, and starts nothing', async () => {
		await listen(['*']);
		const deep = `{"devices":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
		const res = await fetch(host.url, { method: 'POST', headers: { 'content-type': 'application/json', 'x-lf-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }, body: deep });
		expect(res.status).toBe(400);
		expect(await res.json()).toMatchObject({ success: false, message: 'too-deep' });
		expect(host.executions).toHaveLength(0);
	});

	test('a usage warning listing 10,000 SIMs: 10,000 items, each with its own device; the output serialises linearly', async () => {
		await listen(['*']);
		const { body, headers, iccids } = fleetWarning(10_000, SECRETS[1]);
		expect(body.length).toBeLessThan(1024 * 1024);
		expect((await fetch(host.url, { method: 'POST', headers, body })).status).toBe(200);
		const items = host.executions[0][0].map((i) => i.json as { iccid: string; raw: { devices: Array<{ deviceId: string }> } });
		expect(items).toHaveLength(10_000);
		expect(items.every((item, i) => item.iccid === iccids[i] && item.raw.devices.length === 1 && item.raw.devices[0].deviceId === iccids[i])).toBe(true);
		// n8n stores and sends the items serialised; with the whole list on every item that is 10,000 × 870 KB.
		expect(JSON.stringify(host.executions[0]).length).toBeLessThan(5 * body.length);
	});
});

describe('Linksfield Cube Usage Trigger (polling)', () => {
	const node: INode = {
		id: 'poll-1',
		name: 'Usage Threshold',
		type: 'n8n-nodes-linksfield-cube.linksfieldCubeUsageTrigger',
		typeVersion: 1,
		position: [0, 0],
		parameters: { sims: 'list', device_ids: `${DEMO_ICCIDS[0]},${DEMO_ICCIDS[10]}`, metric: 'percentUsed', threshold: 90 },
		credentials,
	};
	const trigger = new LinksfieldCubeUsageTrigger();

	function poller(parameters: Record<string, unknown> = {}) {
		const pollNode = { ...node, parameters: { ...node.parameters, ...parameters } } as INode;
		const workflow = new Workflow({ id: 'poll-workflow', nodes: [pollNode], connections: {}, active: true, nodeTypes, settings: { executionOrder: 'v1' }, staticData: {} });
		const additionalData = { credentialsHelper: new TestCredentialsHelper(credentialFor(sim)), variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const poll = async (mode: 'trigger' | 'manual' = 'trigger') => {
			const context = new PollContext(workflow, pollNode, additionalData, mode, 'activate');
			const out = await trigger.poll.call(context);
			return out ? out[0].map((i) => i.json) : [];
		};
		return { poll, workflow };
	}

	test('fires once per SIM when it crosses the threshold, stays quiet, re-arms after a renewal', async () => {
		sim.admin.setUsage(DEMO_ICCIDS[10], 0);
		const { poll, workflow } = poller();
		const first = await poll();
		expect(first.map((u) => u.iccid)).toEqual([DEMO_ICCIDS[0]]);
		expect(first[0]).toMatchObject({ orderId: expect.any(String), threshold: { metric: 'percentUsed', value: 90, crossed: true } });
		expect(await poll()).toEqual([]);
		expect(Object.keys(workflow.getStaticData('node', node).fired as object)).toEqual([DEMO_ICCIDS[0]]);

		// Renewing (Plan → Renew, through the action node) adds a period of data: usage drops under the
		// threshold and the SIM is re-armed…
		const order = ordersOf(sim, DEMO_ICCIDS[0]).find((o) => o.orderStatus === '1')!;
		const renew = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: order.orderCode, renew_period: 1 }), credentialFor(sim));
		expect(renew.run.status).toBe('success');
		expect(await poll()).toEqual([]);
		expect(workflow.getStaticData('node', node).fired).toEqual({});
		// …and fires again the next time it runs out.
		const volume = Number((sim.admin.order(order.orderCode) as unknown as { flow: string }).flow);
		sim.admin.setUsage(DEMO_ICCIDS[0], volume);
		expect((await poll()).map((u) => u.iccid)).toEqual([DEMO_ICCIDS[0]]);
	});

	test('"remaining falls to" watches all SIMs in use', async () => {
		const { poll } = poller({ sims: 'inUse', metric: 'remaining', threshold: 0 });
		const inUse = sim.admin.counters();
		expect(inUse.requests).toBe(0);
		const fired = await poll();
		for (const usage of fired) expect(usage.remaining).toBeLessThanOrEqual(0);
		expect(sim.admin.counters().requestsByPath['/device/syncAssetInfo']).toBe(1);
	});

	test('manual mode returns a sample item and remembers nothing', async () => {
		sim.admin.setUsage(DEMO_ICCIDS[0], 0);
		const { poll, workflow } = poller();
		const sample = await poll('manual');
		expect(sample).toHaveLength(1);
		expect(sample[0]).toMatchObject({ iccid: DEMO_ICCIDS[0], threshold: { crossed: false } });
		expect(workflow.getStaticData('node', node).fired).toBeUndefined();
	});

	test('a poll where every SIM fails reports the error', async () => {
		const { poll } = poller({ device_ids: '89852022018049999999' });
		await expect(poll()).rejects.toThrow(/SIM card not found/);
	});
});
