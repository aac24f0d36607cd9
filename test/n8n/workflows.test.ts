import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { runWorkflow, withParameters, credentialFor, ordersOf, orderView, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/** Multi-node workflows a user builds: usage → IF → renew, sweeps over SIMs, paging through orders. */

const sim = useTestSimulator();

const orderInUse = (iccid: string) => ordersOf(sim, iccid).find((o) => o.orderStatus === '1')!;

describe('usage → IF percent used ≥ 90 → renew (order id wired from {{$json.orderId}}, no Code node)', () => {
	test('a nearly used-up SIM is renewed exactly once', async () => {
		const iccid = DEMO_ICCIDS[0];
		const order = orderInUse(iccid);
		const result = await runWorkflow(withParameters(loadFixture('usage-renew.workflow.json'), 'Check Usage', { device_id: iccid }), credentialFor(sim));
		expect(result.run.status).toBe('success');
		expect(result.output('Check Usage')[0].percentUsed).toBeGreaterThanOrEqual(90);
		expect(result.output('Renew Plan')).toEqual([expect.objectContaining({ order_id: order.orderCode })]);
		const counters = sim.admin.counters();
		expect(counters.renewals).toBe(1);
		expect(counters.renewalsByOrder).toEqual({ [order.orderCode]: 1 });
		expect(orderView(sim, order.orderCode).renewCount).toBe(1);
	});

	test('a SIM with data left is not renewed', async () => {
		const iccid = DEMO_ICCIDS[0];
		sim.admin.setUsage(iccid, 10);
		const result = await runWorkflow(withParameters(loadFixture('usage-renew.workflow.json'), 'Check Usage', { device_id: iccid }), credentialFor(sim));
		expect(result.run.status).toBe('success');
		expect(result.output('Nearly Used Up?', 1)).toHaveLength(1);
		expect(result.output('Renew Plan')).toEqual([]);
		expect(sim.admin.counters().renewals).toBe(0);
	});
});

describe('Usage → Get Many', () => {
	test('one SIM per input item: every SIM in use, one output item each, paired with its input', async () => {
		const result = await runWorkflow(loadFixture('sims-in-use-usage.workflow.json'), credentialFor(sim));
		expect(result.run.status).toBe('success');
		const sims = result.output('SIMs in Use');
		const usage = result.output('Usage');
		expect(usage.map((u) => u.iccid)).toEqual(sims.map((s) => s.assetId));
		expect(result.pairedItems('Usage')).toEqual(sims.map((_, i) => ({ item: i })));
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(sims.length);
	});

	const list = [DEMO_ICCIDS[0], '89852022018049999999', DEMO_ICCIDS[1]].join('\n');

	test('an ICCID list with an unknown SIM, Continue On Fail: that SIM is an error item, the others are results', async () => {
		const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { operation: 'getMany', source: 'list', device_ids: list }, { onError: 'continueRegularOutput' });
		const result = await runWorkflow(workflow, credentialFor(sim));
		const items = result.output('Cube');
		expect(items.map((i) => i.iccid)).toEqual([DEMO_ICCIDS[0], '89852022018049999999', DEMO_ICCIDS[1]]);
		expect(items[1]).toMatchObject({ code: '2001', kind: 'business' });
		expect(items[0].percentUsed).toEqual(expect.any(Number));
		expect(result.pairedItems('Cube')).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
	});

	test('the same list without Continue On Fail: the node fails naming the SIM', async () => {
		const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { operation: 'getMany', source: 'list', device_ids: list });
		const result = await runWorkflow(workflow, credentialFor(sim));
		expect(result.error('Cube')!.message).toContain('89852022018049999999');
	});

	test('concurrency and rate options bound the sweep', async () => {
		const ten = DEMO_ICCIDS.slice(0, 10).join(',');
		const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { operation: 'getMany', source: 'list', device_ids: ten, options: { concurrency: 2, ratePerSecond: 50 } });
		const started = Date.now();
		const result = await runWorkflow(workflow, credentialFor(sim));
		expect(result.output('Cube')).toHaveLength(10);
		// 10 requests at 50/s cannot finish in much under 180 ms.
		expect(Date.now() - started).toBeGreaterThanOrEqual(150);
	});
});

describe('Plan → Get Orders', () => {
	const getOrders = (parameters: Record<string, unknown>) =>
		runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'getOrders', ...parameters }), credentialFor(sim));

	test('Return All walks every page', async () => {
		const all = (await getOrders({ returnAll: true })).output('Cube');
		sim.admin.resetCounters();
		const paged = await getOrders({ returnAll: true, options: { pageSize: 7 } });
		expect(paged.output('Cube').map((o) => o.orderCode)).toEqual(all.map((o) => o.orderCode));
		expect(all.length).toBeGreaterThan(14);
		expect(sim.admin.counters().requestsByPath['/package/queryOrder']).toBe(Math.ceil(all.length / 7));
	});

	test('Limit stops after that many orders, reading only the pages it needs', async () => {
		const result = await getOrders({ returnAll: false, limit: 10, options: { pageSize: 7 } });
		expect(result.output('Cube')).toHaveLength(10);
		expect(sim.admin.counters().requestsByPath['/package/queryOrder']).toBe(2);
	});
});
