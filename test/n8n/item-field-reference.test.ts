import { WorkflowExpression, type IExecuteFunctions } from 'n8n-workflow';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { startTestSimulator } from '@linksfield-cube/testkit';
import { runWorkflow, withParameters, credentialFor, workflowLoader } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';
import { itemParameter, referencedFields } from '../../nodes/LinksfieldCube/item-field-reference';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/** A plain `{{ $json.field }}` ICCID is read from the input item without n8n's expression engine, with n8n's result. */

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startTestSimulator();
});
afterAll(async () => await sim.close());
beforeEach(() => sim.admin.reset());
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
