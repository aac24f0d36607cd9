import { getOperation, type ParamSpec } from '@linksfield-cube/core';
import { isTopLevel } from '../../nodes/LinksfieldCube/properties';
import { BAD_INPUTS, describeInput, type BadInput } from './bad-inputs';
import { CANARY_CREDENTIALS, CANARY_SECRET, CANARY_SIMULATOR, LeakCollector } from './leak-canary';
import { credentialFor, runWorkflow, useTestSimulator, withParameters, workflowLoader } from '@linksfield-cube/testkit/n8n-engine';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, '..', 'n8n', 'fixtures'));

/**
 * The shared bad-input catalogue through the n8n action node, run by n8n-core's WorkflowExecute with the real
 * credential: each entry is turned into node parameters the way a workflow builder would set them, and must
 * stop the node with an error naming the field, with nothing in the simulator's log.
 */

const sim = useTestSimulator(CANARY_SIMULATOR);
const leaks = new LeakCollector();

const credential = () => credentialFor(sim, CANARY_CREDENTIALS);

/**
 * Entries the n8n node cannot express, each with why. Everything else in the catalogue must run here.
 */
const NOT_EXPRESSIBLE: Record<number, string> = {
	// The node reads only the fields its UI shows; an unknown key can only travel in Options → Extra Parameters,
	// which are documented as "sent and signed as given" — so there is no way to make the node refuse `deviceId`.
	[BAD_INPUTS.findIndex((b) => b.field === 'deviceId')]: 'n8n has no field for an unknown parameter (Extra Parameters are sent unchecked by design)',
	// Plan → Get Orders walks the pages itself (Return All / Limit); page number is not a field of the node.
	[BAD_INPUTS.findIndex((b) => b.operation === 'plan.getOrders' && b.field === 'page_no')]: 'n8n has no page-number field: Return All / Limit walk the pages',
	// Page size is an option capped by the UI at 100 and clamped to the maximum by the pager, so 1000 cannot arrive.
	[BAD_INPUTS.findIndex((b) => b.operation === 'plan.getOrders' && b.field === 'page_size')]: 'n8n has no page_size field; the Page Size option is capped at the maximum',
	// Node parameters are JSON: there is no way to write a BigInt into one (Node-RED's msg.params can carry one).
	[BAD_INPUTS.findIndex((b) => b.field === 'count')]: 'n8n parameters are JSON and cannot hold a BigInt',
};

/** A value as the builder enters it: text and numbers typed into their fields, anything else from an expression. */
function parameterValue(spec: ParamSpec, value: unknown): unknown {
	if (typeof value === 'string') return value;
	if (typeof value === 'number' && Number.isSafeInteger(Math.trunc(value)) && ['integer', 'digits'].includes(spec.type)) return value;
	// The ICCID list field is text: a list is typed or pasted as comma-separated ICCIDs.
	if (spec.type === 'iccidList' && Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === 'string')) return value.join(',');
	// An empty list: a typed empty field is refused by n8n itself (see below), so it comes from an expression. For
	// Usage → Get Many the node skips an item whose list is empty, so there the expression gives an empty text.
	if (spec.type === 'iccidList' && Array.isArray(value) && value.length === 0) return spec.name === 'device_ids' ? '={{ "" }}' : '={{ [] }}';
	// The JSON field takes JSON text.
	if (spec.type === 'object' && value !== null && typeof value === 'object') return JSON.stringify(value);
	// Wrong types (an object, a list, a number too long to be exact) arrive from an item through an expression.
	return `={{ ${JSON.stringify(value)} }}`;
}

/** n8n parameters for one catalogue entry: resource/operation, top-level fields, Additional Fields. */
function n8nParameters(bad: BadInput): Record<string, unknown> {
	const op = getOperation(bad.operation);
	const parameters: Record<string, unknown> = { resource: op.resource, operation: op.operation };
	const additionalFields: Record<string, unknown> = {};
	if (op.fanOutOf) parameters.source = 'list';
	if (op.paging) parameters.returnAll = true;
	for (const spec of op.params) {
		const value = bad.params[spec.name];
		if (value === undefined || (typeof value === 'string' && value.trim() === '' && isTopLevel(spec))) {
			// Left out or empty: the builder's expression finds nothing on the item. (n8n itself refuses a *typed*
			// empty required field before running — see below; left out, a field with a default such as Renew
			// Period = 1 would send that default.)
			if (isTopLevel(spec)) parameters[spec.name] = value === undefined ? `={{ $json.${spec.name} }}` : `={{ ${JSON.stringify(value)} }}`;
			continue;
		}
		const entered = parameterValue(spec, value);
		if (isTopLevel(spec)) parameters[spec.name] = entered;
		else additionalFields[spec.name] = entered;
	}
	if (Object.keys(additionalFields).length) parameters.additionalFields = additionalFields;
	const options: Record<string, unknown> = {};
	if (bad.extra) options.extraParams = JSON.stringify(bad.extra);
	if (bad.path) options.path = bad.path;
	if (Object.keys(options).length) parameters.options = options;
	return parameters;
}

const cases = BAD_INPUTS.map((bad, index) => ({ index, bad, skip: NOT_EXPRESSIBLE[index] }));

test('only the entries listed with a reason are skipped (and each exists)', () => {
	expect(Object.keys(NOT_EXPRESSIBLE).map(Number).every((i) => i >= 0 && BAD_INPUTS[i] !== undefined)).toBe(true);
	expect(cases.filter((c) => c.skip)).toHaveLength(4);
	expect(cases.filter((c) => !c.skip).length).toBeGreaterThanOrEqual(30);
});

describe('n8n action node refuses each bad input before sending anything', () => {
	for (const { index, bad, skip } of cases) {
		const name = `#${index} ${bad.operation} → "${bad.field}" ${describeInput(bad).slice(0, 70)}`;
		if (skip) {
			test.skip(`${name} — not expressible in n8n: ${skip}`, () => undefined);
			continue;
		}
		test(name, async () => {
			const parameters = n8nParameters(bad);
			const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credential());
			leaks.add(`n8n run of ${name}`, result.run);
			const error = result.error('Cube');
			if (!error) throw new Error(`no error for ${JSON.stringify(parameters)}; output ${JSON.stringify(result.output('Cube')).slice(0, 300)}`);
			leaks.add(`n8n error of ${name}`, error);
			expect(result.run.status).toBe('error');
			expect(error.name).toBe('NodeOperationError');
			expect(error.message).toContain(`"${bad.field}"`);
			expect(error.context).toMatchObject({ itemIndex: 0 });
			expect(sim.admin.requests()).toEqual([]);
		});
	}
});

describe('typed empty required fields', () => {
	// Entered as literally empty, n8n's own parameter check stops the workflow before any node runs, naming the
	// field by its label: still nothing sent.
	const typedEmpty = BAD_INPUTS.filter((b) => Object.values(b.params).some((v) => v === '') || (Array.isArray(b.params.device_ids) && b.params.device_ids.length === 0));
	test.each(typedEmpty.map((b) => [b.operation, b.field, b] as const))('%s with "%s" typed empty: n8n refuses to run, nothing sent', async (_op, _field, bad) => {
		const op = getOperation(bad.operation);
		const parameters: Record<string, unknown> = { ...n8nParameters(bad) };
		for (const [name, value] of Object.entries(bad.params)) if (value === '' || (Array.isArray(value) && value.length === 0)) parameters[name] = '';
		const label = op.params.find((p) => p.name === bad.field.replace(/\[\d+\]$/, ''))!.label;
		const error = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credential()).then(
			() => undefined,
			(e: Error) => e,
		);
		leaks.add(`n8n typed-empty ${bad.operation}`, error);
		expect(error?.name).toBe('WorkflowHasIssuesError');
		expect(error?.message).toContain(`Parameter "${label}" is required`);
		expect(sim.admin.requests()).toEqual([]);
	});
	test('there are such entries', () => expect(typedEmpty.length).toBeGreaterThanOrEqual(3));
});

test('Usage → Get Many with an expression giving an empty list fails naming device_ids, like the core and Node-RED; nothing sent', async () => {
	const result = await runWorkflow(
		withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'usage', operation: 'getMany', source: 'list', device_ids: '={{ [] }}' }),
		credential(),
	);
	leaks.add('n8n getMany empty list', result.run);
	const error = result.error('Cube');
	expect(error?.name).toBe('NodeOperationError');
	expect(error?.message).toContain('"device_ids"');
	expect(sim.admin.requests()).toEqual([]);
});

describe('the same checks can fail', () => {
	test('a valid usage call through the same workflow is signed and logged', async () => {
		const result = await runWorkflow(loadFixture('operation.workflow.json'), credential());
		leaks.add('n8n valid usage run', result.run);
		expect(result.run.status).toBe('success');
		expect(sim.admin.requests()).toHaveLength(1);
		expect(sim.admin.counters().rejectedSignatures).toBe(0);
	});

	test('a business error (unknown SIM) reaches the simulator and comes back as a NodeApiError', async () => {
		const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', { device_id: '89852022018049999999' }), credential());
		leaks.add('n8n business error run', result.run);
		leaks.add('n8n business error', result.error('Cube'));
		expect(result.error('Cube')?.name).toBe('NodeApiError');
		expect(sim.admin.requests()).toHaveLength(1);
	});
});

test('no secret in any n8n error, output or run data of this suite', () => {
	expect(leaks.count).toBeGreaterThanOrEqual(40);
	expect(leaks.leaks()).toEqual([]);
	// The check itself finds a secret where there is one.
	const probe = new LeakCollector();
	probe.add('probe', new Error(`signed with ${CANARY_SECRET}`));
	expect(probe.leaks()).toHaveLength(1);
});
