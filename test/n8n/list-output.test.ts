import { WorkflowExpression, type IExecuteFunctions, type ILoadOptionsFunctions } from 'n8n-workflow';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { READ_CONCURRENCY } from '../../nodes/LinksfieldCube/concurrent-reads';
import { itemParameter, referencedFields } from '../../nodes/LinksfieldCube/item-field-reference';
import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { runWorkflow, withParameters, credentialFor, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/** Simplify, Return All / Limit on the list operations, the plan picker, reads of many items at once and ICCIDs read from input items, in n8n-core's engine. */

const sim = useTestSimulator();

async function run(parameters: Record<string, unknown>) {
	const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credentialFor(sim));
	expect(result.error('Cube')).toBeUndefined();
	return result.output('Cube');
}

const ORDER_SUMMARY = ['orderCode', 'deviceId', 'orderStatus', 'packageCode', 'packageName', 'startDate', 'expireDate', 'flow', 'usedFlow', 'surplusFlow'];

test('Plan → Get Orders is simplified by default: 10 of the 22 fields; Simplify off gives them all', async () => {
	const simple = await run({ resource: 'plan', operation: 'getOrders', returnAll: false, limit: 5 });
	expect(simple).toHaveLength(5);
	for (const order of simple) expect(Object.keys(order).sort()).toEqual([...ORDER_SUMMARY].sort());
	const raw = await run({ resource: 'plan', operation: 'getOrders', returnAll: false, limit: 5, simplify: false });
	for (const order of raw) expect(Object.keys(order)).toHaveLength(22);
	expect(raw.map((o) => o.orderCode)).toEqual(simple.map((o) => o.orderCode));
});

test('SIM → Get is simplified by default: the SIM and its order in use, flat', async () => {
	const [simple] = await run({ resource: 'sim', operation: 'get', device_id: DEMO_ICCIDS[0] });
	expect(simple).toEqual(expect.objectContaining({ device_id: DEMO_ICCIDS[0], orderCode: expect.any(String), usedFlow: expect.any(String) }));
	expect(simple).not.toHaveProperty('package_order');
	expect(Object.keys(simple).length).toBeLessThanOrEqual(13);
	const [raw] = await run({ resource: 'sim', operation: 'get', device_id: DEMO_ICCIDS[0], simplify: false });
	expect(Object.keys(raw.package_order as object)).toHaveLength(22);
});

test.each([
	['sim', 'getInUse'],
	['sim', 'getAll'],
	['plan', 'getPlans'],
])('%s → %s: Limit caps the items, Return All gives every record', async (resource, operation) => {
	// More SIMs than the Limit's default of 50.
	if (resource === 'sim') sim.admin.reset({ seed: 'fleet:120' });
	const all = await run({ resource, operation, returnAll: true });
	expect(all.length).toBeGreaterThan(resource === 'sim' ? 60 : 2);
	expect(await run({ resource, operation, returnAll: false, limit: 2 })).toEqual(all.slice(0, 2));
	// Saved before the Limit existed (no returnAll parameter): still every SIM / plan.
	expect(await run({ resource, operation })).toEqual(all);
});

test('the plan picker lists the plans of Plan → Get Plans, filtered by what the user types', async () => {
	const node = new LinksfieldCube();
	const [method, search] = Object.entries(node.methods.listSearch)[0];
	const plans = (await run({ resource: 'plan', operation: 'getPlans', returnAll: true })) as Array<{ package_code: string; package_name: string }>;
	// Enough of n8n's ILoadOptionsFunctions for the node's client: the credential and an HTTP helper.
	const ctx = {
		getCredentials: async () => credentialFor(sim),
		helpers: {
			httpRequest: async (o: { url: string; body: unknown; headers: Record<string, string> }) => {
				const res = await fetch(o.url, { method: 'POST', headers: o.headers, body: JSON.stringify(o.body) });
				return { statusCode: res.status, headers: Object.fromEntries(res.headers), body: await res.json() };
			},
		},
	} as unknown as ILoadOptionsFunctions;
	const props = node.description.properties.filter((p) => p.name === 'package_code');
	expect(props.length).toBe(3);
	for (const p of props) {
		expect(p.type).toBe('resourceLocator');
		expect(p.modes?.map((m) => [m.name, m.typeOptions?.searchListMethod])).toEqual([['list', method], ['id', undefined]]);
	}
	const { results } = await search.call(ctx);
	expect(results.map((r) => r.value).sort()).toEqual(plans.map((p) => p.package_code).sort());
	const first = plans[0];
	const filtered = await search.call(ctx, first.package_name.slice(0, 6).toUpperCase());
	expect(filtered.results.map((r) => r.value)).toContain(first.package_code);
	expect(filtered.results.length).toBeLessThan(results.length + 1);
});

test('a picked plan and a typed code order the same plan', async () => {
	const plan = (await run({ resource: 'plan', operation: 'getPlans', returnAll: true }))[0] as Record<string, string>;
	const fields = { resource: 'plan', operation: 'order', package_name: plan.package_name, package_type: plan.package_type, order_period: 1, is_open: '0', pay_rst: '2' };
	for (const mode of ['list', 'id']) {
		const iccid = DEMO_ICCIDS[48 - (mode === 'id' ? 1 : 0)];
		const out = await runWorkflow(
			withParameters(loadFixture('operation.workflow.json'), 'Cube', { ...fields, device_id: iccid, package_code: { __rl: true, mode, value: plan.package_code } }),
			credentialFor(sim),
		);
		const error = out.error('Cube');
		// The simulator may refuse a SIM for its own reasons; what matters is the code that reached it.
		const sent = sim.admin.requests({ path: '/package/orderPackage' }).at(-1)!;
		expect({ mode, code: (sent as unknown as { body: Record<string, unknown> }).body.package_code, error: error?.message }).toEqual(expect.objectContaining({ mode, code: plan.package_code }));
	}
});

test(`reads of many items run ${READ_CONCURRENCY} at a time and keep the input order`, async () => {
	sim.admin.addFault({ kind: 'delay', path: '/flow/queryDeviceFlowUsage', delayMs: 150 });
	const iccids = DEMO_ICCIDS.slice(0, 16);
	const workflow = withParameters(loadFixture('sims-in-use-usage.workflow.json'), 'Usage', { resource: 'usage', operation: 'get', device_id: '={{ $json.assetId }}' });
	const t0 = Date.now();
	const result = await runWorkflow(withParameters(workflow, 'SIMs in Use', { resource: 'sim', operation: 'getInUse', returnAll: false, limit: iccids.length }), credentialFor(sim));
	const ms = Date.now() - t0;
	const input = result.output('SIMs in Use').map((s) => s.assetId);
	expect(input).toHaveLength(16);
	expect(result.output('Usage').map((u) => u.iccid ?? u.device_id)).toEqual(input);
	expect(result.pairedItems('Usage')).toEqual(input.map((_, i) => expect.objectContaining({ item: i })));
	// One after the other: 16 × 150 ms = 2.4 s at least. Eight at a time: two rounds of 150 ms.
	expect(ms).toBeLessThan(1500);
});

describe('an ICCID given as {{ $json.field }} is read from the input item without n8n\'s expression engine, with n8n\'s result', () => {
	afterEach(() => jest.restoreAllMocks());

	test('which parameter values are plain references to input fields', () => {
		expect(referencedFields('={{ $json.iccid }}')).toEqual(['iccid']);
		expect(referencedFields('={{$json.assetId}}')).toEqual(['assetId']);
		expect(referencedFields('={{ $json.iccid ?? $json.assetId ?? $json.device_id }}')).toEqual(['iccid', 'assetId', 'device_id']);
		for (const other of ['89852022018041800192', '={{ $json.iccid.trim() }}', '={{ $json["iccid"] }}', '={{ $json.a || $json.b }}', '={{ $json.sim.iccid }}', '={{ $json.iccid }} ', 'x={{ $json.iccid }}', '={{ $json.a }}{{ $json.b }}', undefined, 42]) {
			expect(referencedFields(other)).toBeUndefined();
		}
	});

	/** SIMs in Use → Usage → Get with this ICCID; the ICCIDs asked for and how often n8n evaluated that expression. */
	async function usageGet(deviceId: string) {
		const evaluations = jest.spyOn(WorkflowExpression.prototype, 'getParameterValue');
		const result = await runWorkflow(
			withParameters(loadFixture('sims-in-use-usage.workflow.json'), 'Usage', { operation: 'get', device_id: deviceId }),
			credentialFor(sim),
		);
		expect(result.error('Usage')).toBeUndefined();
		return {
			inUse: result.output('SIMs in Use').map((s) => s.assetId),
			asked: result.output('Usage').map((u) => u.iccid),
			evaluated: evaluations.mock.calls.filter(([value]) => value === deviceId).length,
		};
	}

	test('Usage → Get with {{ $json.missing ?? $json.assetId }}: every SIM asked for, the expression never evaluated', async () => {
		const { inUse, asked, evaluated } = await usageGet('={{ $json.missing ?? $json.assetId }}');
		expect(inUse.length).toBeGreaterThan(1);
		expect(asked).toEqual(inUse);
		expect(evaluated).toBe(0);
	});

	test('any other expression goes through n8n and asks for the same SIMs', async () => {
		const { inUse, asked, evaluated } = await usageGet('={{ $json.assetId.trim() }}');
		expect(asked).toEqual(inUse);
		expect(evaluated).toBe(inUse.length);
	});

	test('a referenced field that is missing or holds no text is left to n8n', () => {
		const items: Array<Record<string, unknown>> = [{ iccid: 8985 }, { iccid: null, assetId: 'A1' }, Object.create({ iccid: 'inherited' }) as Record<string, unknown>, {}, { iccid: '' }];
		const asked: number[] = [];
		const ctx = {
			getNode: () => ({ parameters: { device_id: '={{ $json.iccid ?? $json.assetId }}' } }),
			getInputData: () => items.map((json) => ({ json })),
			getNodeParameter: (_name: string, i: number) => {
				asked.push(i);
				return `n8n:${i}`;
			},
		} as unknown as IExecuteFunctions;
		expect(items.map((_, i) => itemParameter(ctx, 'device_id', i))).toEqual(['n8n:0', 'A1', 'n8n:2', 'n8n:3', '']);
		expect(asked).toEqual([0, 2, 3]);
	});

	test('Usage → Get Many from input items with its default ICCID chain: one result per SIM, no evaluation', async () => {
		const evaluations = jest.spyOn(WorkflowExpression.prototype, 'getParameterValue');
		const result = await runWorkflow(loadFixture('sims-in-use-usage.workflow.json'), credentialFor(sim));
		expect(result.error('Usage')).toBeUndefined();
		const inUse = result.output('SIMs in Use').map((s) => s.assetId);
		expect(result.output('Usage').map((u) => u.iccid)).toEqual(inUse);
		expect(evaluations.mock.calls.filter(([value]) => typeof value === 'string' && value.includes('$json.iccid ??')).length).toBe(0);
	});
});
