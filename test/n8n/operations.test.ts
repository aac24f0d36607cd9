import { OPERATIONS, placementOf, type OperationSpec } from '@linksfield-cube/core';
import { runWorkflow, withParameters, credentialFor, SECRETS, workflowLoader, useTestSimulator } from '@linksfield-cube/testkit/n8n-engine';
import { OPERATION_CASES } from '@linksfield-cube/testkit/operation-cases';
import { join } from 'node:path';

const loadFixture = workflowLoader(join(__dirname, 'fixtures'));

/**
 * Every catalog operation, run as workflow JSON by n8n-core's engine against the simulator, signed by the
 * real credential: the testkit's operation cases, each hitting its path as often as it says.
 */

const sim = useTestSimulator();

async function runOperation(parameters: Record<string, unknown>) {
	const result = await runWorkflow(withParameters(loadFixture('operation.workflow.json'), 'Cube', parameters), credentialFor(sim));
	const text = JSON.stringify(result.run);
	for (const secret of SECRETS) expect(text).not.toContain(secret);
	return result;
}

/**
 * A case's catalog params as the node's parameters: required fields on the node, optional ones under Additional
 * Fields, JSON as text; a fan-out's list from "ICCID List"; lists whole; records as the API gives them (Simplify
 * off, as the other runtimes hand them on).
 */
function nodeParameters(op: OperationSpec, params: Record<string, unknown>): Record<string, unknown> {
	const parameters: Record<string, unknown> = { resource: op.resource, operation: op.operation };
	const additionalFields: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(params)) {
		const spec = op.params.find((p) => p.name === name)!;
		const text = spec.type === 'object' ? JSON.stringify(value) : value;
		if (placementOf(spec) === 'main' || op.fanOut) parameters[name] = text;
		else additionalFields[name] = text;
	}
	if (Object.keys(additionalFields).length) parameters.additionalFields = additionalFields;
	if (op.fanOut) parameters.source = 'list';
	if (op.paging || op.returnsList) parameters.returnAll = true;
	if (op.simplifiedFields) parameters.simplify = false;
	if (op.retryOptIn) parameters.safeToRetry = true;
	return parameters;
}

test('every catalog operation has a case here', () => {
	expect(OPERATION_CASES.map((c) => c.id).sort()).toEqual(OPERATIONS.map((o) => o.id).sort());
});

test.each(OPERATION_CASES)('$id → $path', async ({ id, path, requests, params, before, check }) => {
	const op = OPERATIONS.find((o) => o.id === id)!;
	const parameters = nodeParameters(op, params(sim));
	const remembered = before?.(sim);
	sim.admin.resetCounters();
	const { run, output } = await runOperation(parameters);
	expect(run.data.resultData.error?.message).toBeUndefined();
	expect(run.status).toBe('success');
	const counters = sim.admin.counters();
	expect(counters.requestsByPath[path]).toBe(requests ?? 1);
	expect(counters.rejectedSignatures).toBe(0);
	check(output('Cube'), sim, remembered);
});
