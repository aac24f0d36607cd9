import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { OPERATIONS } from '@linksfield-cube/core';
import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { PLAN_1GB, SIM_NO_PLAN } from '@linksfield-cube/testkit';
import { runWorkflow, withParameters, credentialFor, findOrder, ordersOf, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/**
 * A write is never sent twice by n8n's own machinery: Retry On Fail (node settings retryOnFail / maxTries /
 * waitBetweenTries, run by n8n-core's WorkflowExecute) and several items into one write node. The simulator's
 * counters are the ground truth of what was carried out.
 */

const sim = useTestSimulator();

const RETRY = { retryOnFail: true, maxTries: 5, waitBetweenTries: 0 };
const renewals = () => sim.admin.counters().renewalsByOrder;
const renewRequests = () => sim.admin.counters().requestsByPath['/package/renewPackage'] ?? 0;

function renewNode(orderId: string, nodeFields: Record<string, unknown>) {
	return withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: orderId, renew_period: 1 }, nodeFields);
}

describe('Retry On Fail on a write node', () => {
	test('the node says so on every write operation, and only there', () => {
		const notices = new LinksfieldCube().description.properties.filter((p) => p.name === 'retryOnFailNotice');
		const shownFor = OPERATIONS.filter((op) => notices.some((p) => p.displayOptions?.show?.resource?.includes(op.resource) && p.displayOptions?.show?.operation?.includes(op.operation)));
		expect(shownFor.map((op) => op.id)).toEqual(OPERATIONS.filter((op) => !op.idempotent).map((op) => op.id));
		expect(notices[0].displayName).toMatch(/"Retry On Fail"/);
	});

	test('a renew whose answers are lost, 5 tries: refused before anything is sent, naming the setting', async () => {
		const order = findOrder(sim, '1');
		sim.admin.addFault({ kind: 'reset', path: '/package/renewPackage', count: 4, after: true });
		const result = await runWorkflow(renewNode(order.orderCode, RETRY), credentialFor(sim));
		expect(renewals()).toEqual({});
		expect(result.run.status).toBe('error');
		const error = result.error('Cube')!;
		expect(error.name).toBe('NodeOperationError');
		expect(error.message).toContain('"Retry On Fail"');
		expect(error.message).toContain('Nothing was sent');
		expect(error.description).toMatch(/Settings → Retry On Fail/);
		expect(sim.admin.counters().requests).toBe(0);
	});

	test('with Continue On Fail: one error item per input item, nothing sent, nothing passed through as if renewed', async () => {
		const order = findOrder(sim, '1');
		const result = await runWorkflow(renewNode(order.orderCode, { ...RETRY, onError: 'continueRegularOutput' }), credentialFor(sim));
		const refusal = expect.stringContaining('"Retry On Fail"');
		// Refused before sending, like any invalid input: a Switch on kind / outcome treats it as such.
		expect(result.output('Cube')).toEqual([{ error: refusal, message: refusal, kind: 'validation', operation: 'plan.renew', outcome: 'failed', field: 'retryOnFail' }]);
		expect(result.pairedItems('Cube')).toEqual([{ item: 0 }]);
		expect(sim.admin.counters().requests).toBe(0);
	});

	test('a Custom API Call is a write unless marked Safe to Retry', async () => {
		const call = (safeToRetry: boolean) =>
			withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'custom', operation: 'call', path: '/flow/queryDeviceFlowUsage', params: JSON.stringify({ device_id: DEMO_ICCIDS[0] }), safeToRetry }, RETRY);
		const unsafe = await runWorkflow(call(false), credentialFor(sim));
		expect(unsafe.error('Cube')!.message).toContain('"Retry On Fail"');
		expect(sim.admin.counters().requests).toBe(0);
		const safe = await runWorkflow(call(true), credentialFor(sim));
		expect(safe.run.status).toBe('success');
		expect(safe.output('Cube')).toEqual([expect.objectContaining({ device_id: DEMO_ICCIDS[0] })]);
	});

	test('reads keep Retry On Fail: 503s beyond the client\'s own retries are recovered by n8n\'s next try', async () => {
		sim.admin.addFault({ kind: 'status', status: 503, path: '/flow/queryDeviceFlowUsage', count: 4 });
		const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', {}, RETRY), credentialFor(sim));
		expect(result.run.status).toBe('success');
		expect(result.output('Cube')).toEqual([expect.objectContaining({ device_id: '89852022018041800150' })]);
		// 4 attempts of the client's first run (all 503), then n8n's second try.
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(5);
	});
});

describe('a Custom API Call to Bulk Order\'s path, marked Safe to Retry', () => {
	const BULK = '/package/batchOrderPackages';
	const bulkCall = (nodeFields: Record<string, unknown>) =>
		withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'custom', operation: 'call', path: BULK, params: JSON.stringify({ ...PLAN_1GB, deviceList: [SIM_NO_PLAN] }), safeToRetry: true }, nodeFields);

	test('is a write: a lost answer is not sent again (outcome unknown), the failure names Bulk Order and its SIMs, and the run says Safe to Retry was not honoured', async () => {
		sim.admin.addFault({ kind: 'reset', path: BULK, after: true, count: 4 });
		const before = sim.admin.sim(SIM_NO_PLAN).orders.length;
		const result = await runWorkflow(bulkCall({ onError: 'continueRegularOutput' }), credentialFor(sim));
		expect(result.output('Cube')).toEqual([expect.objectContaining({ outcome: 'unknown', attempts: 1, operation: 'custom.call', catalogOperation: 'plan.bulkOrder', failedIccids: [SIM_NO_PLAN] })]);
		expect(sim.admin.counters().requestsByPath[BULK]).toBe(1);
		expect(sim.admin.sim(SIM_NO_PLAN).orders.length).toBe(before + 1);
		const hints = (result.run.data.resultData.runData.Cube[0] as { hints?: Array<{ message: string; type?: string }> }).hints ?? [];
		expect(hints).toEqual([expect.objectContaining({ type: 'warning', message: expect.stringMatching(/^Safe to Retry is not honoured: .*\/package\/batchOrderPackages.*plan\.bulkOrder/) })]);
	});

	test('Retry On Fail: refused before anything is sent, as a write', async () => {
		const result = await runWorkflow(bulkCall(RETRY), credentialFor(sim));
		expect(result.error('Cube')!.message).toContain('does not run with "Retry On Fail" on: it is a write');
		expect(sim.admin.counters().requests).toBe(0);
	});
});

describe('a read whose Path Override points at a write (Get Plans → /package/renewPackage)', () => {
	const getPlansAsRenew = (orderId: string, nodeFields: Record<string, unknown>) =>
		withParameters(
			loadFixture('operation.workflow.json'),
			'Cube',
			{ resource: 'plan', operation: 'getPlans', options: { path: '/package/renewPackage', extraParams: JSON.stringify({ order_id: orderId, renew_period: 1 }) } },
			nodeFields,
		);

	test('a 503 after the renewal: sent once, not retried as a read, outcome unknown', async () => {
		const order = findOrder(sim, '1');
		sim.admin.addFault({ kind: 'status', status: 503, path: '/package/renewPackage', count: 4, after: true });
		const result = await runWorkflow(getPlansAsRenew(order.orderCode, { onError: 'continueRegularOutput' }), credentialFor(sim));
		expect(renewals()).toEqual({ [order.orderCode]: 1 });
		expect(result.output('Cube')).toEqual([expect.objectContaining({ kind: 'http', httpStatus: 503, outcome: 'unknown', attempts: 1, operation: 'plan.getPlans' })]);
	});

	test('Retry On Fail: refused before anything is sent, naming the override', async () => {
		const order = findOrder(sim, '1');
		sim.admin.addFault({ kind: 'status', status: 503, path: '/package/renewPackage', count: 4, after: true });
		const result = await runWorkflow(getPlansAsRenew(order.orderCode, RETRY), credentialFor(sim));
		expect(result.run.status).toBe('error');
		expect(result.error('Cube')!.message).toContain('does not run with "Retry On Fail" on: its path is overridden (/package/renewPackage), so it may be a write');
		expect(renewals()).toEqual({});
		expect(sim.admin.counters().requests).toBe(0);
	});

	test('three items, the second fails: one after the other as writes go — the third is not sent, the error names the first', async () => {
		const orders = DEMO_ICCIDS.slice(0, 3).map((iccid) => ordersOf(sim, iccid).find((o) => o.orderStatus === '1')!.orderCode);
		const threeItems = loadFixture('usage-many-renew.workflow.json');
		threeItems.nodes.find((n) => n.name === 'Renew')!.parameters = {
			resource: 'plan',
			operation: 'getPlans',
			options: { path: '/package/renewPackage', extraParams: "={{ JSON.stringify({ order_id: $itemIndex === 1 ? 'NO-SUCH-ORDER-0001' : $json.orderId, renew_period: 1 }) }}" },
		};
		const result = await runWorkflow(threeItems, credentialFor(sim));
		expect(result.error('Renew')!.description).toContain('Carried out before this error — do not repeat them: item 0');
		expect(renewals()).toEqual({ [orders[0]]: 1 });
	});
});

describe('three items into Renew, the second fails', () => {
	const MISSING_ORDER = 'NO-SUCH-ORDER-0001';
	let orders: string[];
	beforeEach(() => {
		orders = DEMO_ICCIDS.slice(0, 3).map((iccid) => ordersOf(sim, iccid).find((o) => o.orderStatus === '1')!.orderCode);
		expect(orders.every(Boolean)).toBe(true);
	});
	const threeRenewals = (nodeFields: Record<string, unknown> = {}) =>
		withParameters(loadFixture('usage-many-renew.workflow.json'), 'Renew', { order_id: `={{ $itemIndex === 1 ? '${MISSING_ORDER}' : $json.orderId }}` }, nodeFields);

	test('without Continue On Fail: the error names the renewal carried out (item 0, its order) and the item not sent', async () => {
		const result = await runWorkflow(threeRenewals(), credentialFor(sim));
		expect(result.run.status).toBe('error');
		const error = result.error('Renew')!;
		expect(error.context).toMatchObject({ itemIndex: 1, completedWrites: [{ item: 0, orderIds: [orders[0]] }] });
		expect(error.description).toContain(`Carried out before this error — do not repeat them: item 0 (order ${orders[0]}).`);
		expect(error.description).toContain('Not sent: item 2.');
		expect(renewals()).toEqual({ [orders[0]]: 1 });
	});

	test('with Retry On Fail (3 tries): refused, so the first order is not renewed 3 times', async () => {
		const result = await runWorkflow(threeRenewals({ retryOnFail: true, maxTries: 3, waitBetweenTries: 0 }), credentialFor(sim));
		expect(renewals()).toEqual({});
		expect(result.error('Renew')!.message).toContain('"Retry On Fail"');
		expect(renewRequests()).toBe(0);
	});

	test('with Continue On Fail: both renewals in the output around the error item, each renewed once', async () => {
		const result = await runWorkflow(threeRenewals({ onError: 'continueRegularOutput' }), credentialFor(sim));
		expect(result.run.status).toBe('success');
		expect(result.output('Renew')).toEqual([
			expect.objectContaining({ order_id: orders[0] }),
			expect.objectContaining({ error: expect.stringContaining('plan.renew'), kind: 'business', outcome: 'failed' }),
			expect.objectContaining({ order_id: orders[2] }),
		]);
		expect(result.pairedItems('Renew')).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(renewals()).toEqual({ [orders[0]]: 1, [orders[2]]: 1 });
	});

	test('with the error output: renewals on the success output, the failure (its fields under details) on the error output', async () => {
		const result = await runWorkflow(threeRenewals({ onError: 'continueErrorOutput' }), credentialFor(sim));
		expect(result.output('Renew', 0)).toEqual([expect.objectContaining({ order_id: orders[0] }), expect.objectContaining({ order_id: orders[2] })]);
		expect(result.output('Renew', 1)).toEqual([
			expect.objectContaining({ error: expect.stringContaining('plan.renew'), details: expect.objectContaining({ kind: 'business', outcome: 'failed', operation: 'plan.renew' }) }),
		]);
		expect(renewals()).toEqual({ [orders[0]]: 1, [orders[2]]: 1 });
	});
});

describe('Usage → Get Many without Continue On Fail', () => {
	const UNKNOWN_SIM = '89852022018049999999';
	const list = [DEMO_ICCIDS[0], DEMO_ICCIDS[1], UNKNOWN_SIM, ...DEMO_ICCIDS.slice(2, 20)];
	const sweep = (nodeFields: Record<string, unknown> = {}) =>
		withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'usage', operation: 'getMany', source: 'list', device_ids: list.join(','), options: { concurrency: 1 } }, nodeFields);

	test('stops at the first SIM that fails instead of querying the rest for results n8n drops', async () => {
		const result = await runWorkflow(sweep(), credentialFor(sim));
		const error = result.error('Cube')!;
		expect(error.message).toContain(`SIM card not found: ${UNKNOWN_SIM}`);
		expect(error.description).toContain(`Stopped at the first SIM that failed (${UNKNOWN_SIM}): 2 of ${list.length} SIMs had answered`);
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(3);
	});

	test('with Continue On Fail every SIM is queried: one result or error item per SIM', async () => {
		const result = await runWorkflow(sweep({ onError: 'continueRegularOutput' }), credentialFor(sim));
		const items = result.output('Cube');
		expect(items).toHaveLength(list.length);
		expect(items[2]).toMatchObject({ iccid: UNKNOWN_SIM, code: '2001' });
		expect(sim.admin.counters().requestsByPath['/flow/queryDeviceFlowUsage']).toBe(list.length);
	});
});
