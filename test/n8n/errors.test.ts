import { DEMO_PLAN_ORDER, DEMO_SIMS, type RunningSimulator, DEMO_ICCIDS } from '@linksfield-cube/simulator';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runWorkflow, withParameters, credentialFor, ordersOf, orderView, findOrder, SECRETS, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/** Failures as a workflow builder meets them: which node stops, what it says, what Continue On Fail gives. */

const sim = useTestSimulator();

const UNKNOWN_SIM = '89852022018049999999';

function expectNoSecret(value: unknown) {
	const text = JSON.stringify(value);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** SIMs in Use → Usage Get, where the second item asks for a SIM that does not exist. */
function secondItemFails(continueOnFail: boolean) {
	const workflow = withParameters(loadFixture('sims-in-use-usage.workflow.json'), 'Usage', {
		operation: 'get',
		device_id: `={{ $itemIndex === 1 ? '${UNKNOWN_SIM}' : $json.assetId }}`,
	}, { onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow' });
	return runWorkflow(workflow, credentialFor(sim));
}

describe('business error (unknown SIM) on item 1', () => {
	test('without Continue On Fail: the node stops with a NodeApiError naming the vendor code, message and item', async () => {
		const result = await secondItemFails(false);
		expect(result.run.status).toBe('error');
		const error = result.error('Usage')!;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toBe(`Linksfield Cube usage.get failed: SIM card not found: ${UNKNOWN_SIM} (code 2001).`);
		expect(error.description).toContain('2001');
		expect(error.context).toMatchObject({ itemIndex: 1 });
		expectNoSecret(result.run);
	});

	test('with Continue On Fail: an error item paired with item 1, every other SIM still queried', async () => {
		const result = await secondItemFails(true);
		expect(result.run.status).toBe('success');
		const inUse = result.output('SIMs in Use').length;
		const items = result.output('Usage');
		expect(items).toHaveLength(inUse);
		expect(items[1]).toMatchObject({ error: expect.stringContaining('SIM card not found'), code: '2001', vendorMessage: `SIM card not found: ${UNKNOWN_SIM}`, operation: 'usage.get', kind: 'business', outcome: 'failed', iccid: UNKNOWN_SIM });
		expect(result.pairedItems('Usage')[1]).toEqual({ item: 1 });
		expect(items.filter((i) => i.error)).toHaveLength(1);
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(inUse);
		expectNoSecret(result.run);
	});
});

describe('Usage → Get of many items: every item\'s fields are read before the first request', () => {
	/** Item 2's Extra Params is not JSON; the others are fine. */
	const thirdItemUnreadable = (continueOnFail: boolean) =>
		runWorkflow(
			withParameters(loadFixture('sims-in-use-usage.workflow.json'), 'Usage', {
				operation: 'get',
				device_id: '={{ $json.assetId }}',
				options: { extraParams: `={{ $itemIndex === 2 ? '{oops' : '{}' }}` },
			}, { onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow' }),
			credentialFor(sim),
		);

	test('without Continue On Fail: the node fails naming item 2 and no SIM is queried', async () => {
		const result = await thirdItemUnreadable(false);
		const error = result.error('Usage')!;
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('"extraParams"');
		expect(error.context).toMatchObject({ itemIndex: 2 });
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage'] ?? 0).toBe(0);
	});

	test('with Continue On Fail: item 2 is an error item, every other SIM is queried', async () => {
		const result = await thirdItemUnreadable(true);
		const inUse = result.output('SIMs in Use').length;
		const items = result.output('Usage');
		expect(items).toHaveLength(inUse);
		expect(items[2]).toMatchObject({ error: expect.stringContaining('"extraParams"') });
		expect(items.filter((i) => i.error)).toHaveLength(1);
		expect(result.pairedItems('Usage')).toEqual(items.map((_, i) => expect.objectContaining({ item: i })));
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(inUse - 1);
	});
});

describe('bad input fails before anything is sent, naming the field', () => {
	const cases: Array<[string, Record<string, unknown>, string]> = [
		['ICCID too short', { resource: 'usage', operation: 'get', device_id: '12345' }, 'device_id'],
		['ICCID not digits', { resource: 'sim', operation: 'get', device_id: 'abcdefghijabcdefghij' }, 'device_id'],
		['order id from an expression that is empty', { resource: 'plan', operation: 'renew', order_id: '={{ $json.orderId }}', renew_period: 1 }, 'order_id'],
		['non-integer period', { resource: 'plan', operation: 'renew', order_id: 'X', renew_period: 1.5 }, 'renew_period'],
		['repeated ICCID in a bulk order', { resource: 'plan', operation: 'bulkOrder', deviceList: `${DEMO_ICCIDS[0]},${DEMO_ICCIDS[0]}`, package_code: 'P', package_name: 'N' }, 'deviceList[1]'],
		['custom call body not JSON', { resource: 'custom', operation: 'call', path: '/x', params: '{oops' }, 'params'],
		['reserved field in extra params', { resource: 'usage', operation: 'get', device_id: DEMO_ICCIDS[0], options: { extraParams: '{"sign":"x"}' } }, 'sign'],
	];
	test.each(cases)('%s', async (_what, parameters, field) => {
		const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credentialFor(sim));
		const error = result.error('Cube')!;
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain(`"${field}"`);
		expect(error.message).toContain('Nothing was sent');
		expect(sim.admin.counters().requests).toBe(0);
	});

	test('with Continue On Fail the validation error becomes an item naming the field', async () => {
		const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { device_id: '12345' }, { onError: 'continueRegularOutput' });
		const result = await runWorkflow(workflow, credentialFor(sim));
		// The fields of Node-RED's msg.error, with the same meanings: the class in kind, no vendor code (none answered).
		const message = expect.stringContaining('"device_id"');
		expect(result.output('Cube')).toEqual([{ error: message, message, kind: 'validation', outcome: 'failed', field: 'device_id', operation: 'usage.get', iccid: '12345' }]);
		expect(result.pairedItems('Cube')).toEqual([{ item: 0 }]);
		expect(sim.admin.counters().requests).toBe(0);
	});
});

test('a wrong secret: the API rejects the signature, and the error says so without the secret', async () => {
	const result = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(sim, { secret: 'not-the-secret' }));
	expect(result.error('Cube')!.message).toMatch(/^Linksfield Cube usage.get failed: Invalid signature \(code 1001\)\. The signature was refused: check “Secret”/);
	expect(sim.admin.counters().rejectedSignatures).toBe(1);
	expect(JSON.stringify(result.run)).not.toContain('not-the-secret');
});

test('a read is retried after a 503, each attempt signed', async () => {
	sim.admin.addFault({ kind: 'status', status: 503, path: '/flow/queryDeviceFlowUsage', count: 1 });
	sim.admin.clearRequests();
	const result = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(sim));
	expect(result.run.status).toBe('success');
	const attempts = sim.admin.requests({ path: '/flow/queryDeviceFlowUsage' });
	expect(attempts).toHaveLength(2);
	expect(attempts.every((r) => typeof (r.body as { sign?: unknown }).sign === 'string')).toBe(true);
	expect(sim.admin.counters().rejectedSignatures).toBe(0);
});

test('a renew whose answer is lost is not repeated: outcome unknown, renewed exactly once', async () => {
	const order = findOrder(sim, '1');
	sim.admin.addFault({ kind: 'reset', path: '/package/renewPackage', count: 1, after: true });
	const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: order.orderCode, renew_period: 1 });
	const result = await runWorkflow(workflow, credentialFor(sim));
	const error = result.error('Cube')!;
	expect(error.message).toContain('Outcome unknown');
	expect(sim.admin.counters().renewalsByOrder).toEqual({ [order.orderCode]: 1 });
	expect(sim.admin.counters().requestsByPath['/package/renewPackage']).toBe(1);
});

test('with Continue On Fail, a renew whose answer is lost is an error item: kind connection, outcome unknown, its order, no vendor code', async () => {
	const order = findOrder(sim, '1');
	sim.admin.addFault({ kind: 'reset', path: '/package/renewPackage', count: 1, after: true });
	const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: order.orderCode, renew_period: 1 }, { onError: 'continueRegularOutput' });
	const [item] = (await runWorkflow(workflow, credentialFor(sim))).output('Cube');
	expect(item).toMatchObject({ kind: 'connection', outcome: 'unknown', operation: 'plan.renew', orderId: order.orderCode, error: expect.stringContaining('Outcome unknown') });
	expect(item).not.toHaveProperty('code');
});

test('a custom base URL that is missing fails the node with a clear message', async () => {
	const result = await runWorkflow(loadFixture('operation.workflow.json'), credentialFor(sim, { baseUrl: '' }));
	expect(result.error('Cube')!.message).toMatch(/"baseUrl" is required for the Custom environment/);
	expect(sim.admin.counters().requests).toBe(0);
});

test('an unusable custom base URL is a validation error naming it, never "connection failed … outcome unknown"', async () => {
	const order = findOrder(sim, '1');
	const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: order.orderCode, renew_period: 1 });
	const error = (await runWorkflow(workflow, credentialFor(sim, { baseUrl: 'http//127.0.0.1:1/cube' }))).error('Cube')!;
	expect(error.name).toBe('NodeOperationError');
	expect(error.message).toMatch(/"baseUrl" must be an http\(s\) URL/);
	expect(error.message).not.toMatch(/connection failed|outcome unknown/i);
	expect(sim.admin.counters().requests).toBe(0);
});

describe('bulk order with a per-SIM failure inside the success envelope', () => {
	const [ordered, refused] = [DEMO_SIMS.noPlan, DEMO_SIMS.noPlan2];
	const bulkOrder = (continueOnFail: boolean) => {
		sim.admin.addFault({ kind: 'device-error', path: '/package/batchOrderPackages', count: 1, iccids: [refused], code: '2003', message: 'SIM not orderable' });
		const parameters = { resource: 'plan', operation: 'bulkOrder', ...DEMO_PLAN_ORDER, order_period: 1, deviceList: `${ordered}, ${refused}` };
		return runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters, { onError: continueOnFail ? 'continueRegularOutput' : 'stopWorkflow' }), credentialFor(sim));
	};

	test('without Continue On Fail: the node stops naming the failed SIM, and the error still lists the SIM that was ordered', async () => {
		const result = await bulkOrder(false);
		const error = result.error('Cube')!;
		expect(error.name).toBe('NodeApiError');
		expect(error.message).toContain(`SIM ${refused}: SIM not orderable (code 2003)`);
		expect(error.description).toContain(`1 of 2 SIMs succeeded: ${ordered}.`);
		expect(sim.admin.counters().ordersCreated).toBe(1);
	});

	test('with Continue On Fail: one item per SIM, the failed one an error item', async () => {
		const result = await bulkOrder(true);
		expect(result.run.status).toBe('success');
		expect(result.output('Cube')).toEqual([
			expect.objectContaining({ device_id: ordered, error: '0000', order_id: expect.any(String) }),
			expect.objectContaining({ iccid: refused, code: '2003', kind: 'business', outcome: 'failed' }),
		]);
	});
});

test('Get Orders Return All: an answer without its page object after a full page fails, never a list cut at page 1', async () => {
	// A server that answers every page in full but leaves out data.page: whether more pages follow is unknown.
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			const { page_size } = JSON.parse(raw) as { page_size: number };
			const package_order = Array.from({ length: page_size }, (_, i) => ({ orderCode: `O${i}` }));
			res.setHeader('content-type', 'application/json');
			res.end(JSON.stringify({ code: '0000', data: { package_order }, message: 'success', success: true }));
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	try {
		const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		const workflow = withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'getOrders', returnAll: true });
		const result = await runWorkflow(workflow, credentialFor(sim, { baseUrl: url }));
		expect(result.run.status).toBe('error');
		expect(result.error('Cube')!.message).toMatch(/page 1 has 100 orders and no page\.total_pages/);
	} finally {
		server.closeAllConnections();
		await new Promise((r) => server.close(r));
	}
});
