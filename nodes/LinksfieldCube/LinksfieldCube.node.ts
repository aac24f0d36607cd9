import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { type CubeClient, execute, type ManyResult, OPERATIONS, type OperationSpec, resultSummary } from '@linksfield-cube/core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { cubeClientFor } from './client';
import { readsConcurrently } from './concurrent-reads';
import { errorItemJson, toNodeError } from './node-errors';
import { readOperationInput } from './operation-input';
import { listSearch } from './plan-search';
import { resultItems } from './output-items';
import { nodeProperties } from './properties';

function operationFor(ctx: IExecuteFunctions): OperationSpec {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS.find((o) => o.resource === resource && o.operation === operation);
	if (!op) throw toNodeError(ctx.getNode(), new Error(`Unknown operation "${resource} → ${operation}"`), 0);
	return op;
}

export class LinksfieldCube implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linksfield Cube',
		name: 'linksfieldCube',
		icon: { light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Check IoT SIM data usage and order, renew and manage data plans on the Linksfield Cube API',
		defaults: { name: 'Linksfield Cube' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest' }],
		properties: nodeProperties,
	};

	/**
	 * The credential's Test (n8n looks it up through `testedBy` on any node that uses the credential), and the
	 * plan picker's list.
	 */
	methods = { credentialTest: { linksfieldCubeApiTest }, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const op = operationFor(this);
		// A missing credential or custom base URL is a setup error of the whole node, not of an item.
		const client = await cubeClientFor(this).catch((error: unknown) => {
			throw toNodeError(this.getNode(), error, 0);
		});
		try {
			if (op.fanOutOf) return [await usageOfMany(this, client, op, items.length)];
			return [op.idempotent ? await readsConcurrently(this, client, op, items.length) : await perItem(this, client, op, items.length)];
		} finally {
			client.close();
		}
	}
}

/** One catalog operation per input item; a failing item fails the node unless Continue On Fail. */
async function perItem(ctx: IExecuteFunctions, client: CubeClient, op: OperationSpec, count: number): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	for (let i = 0; i < count; i++) {
		try {
			const { params, options } = readOperationInput(ctx, op, i);
			const result = await execute(client, op.id, params, options);
			if (result.kind === 'many') perSimItems(ctx, result.results, () => i, out);
			else out.push(...resultItems(result, i));
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, i);
			out.push({ json: errorItemJson(error), pairedItem: { item: i } });
		}
	}
	return out;
}

/**
 * Usage → Get Many: one sweep with bounded concurrency. "Input Items" makes one sweep of every item's SIM;
 * "ICCID List" one sweep per item's list. One output item per SIM; a failed SIM is its own error.
 */
async function usageOfMany(ctx: IExecuteFunctions, client: CubeClient, op: OperationSpec, count: number): Promise<INodeExecutionData[]> {
	const source = ctx.getNodeParameter('source', 0) as string;
	const batches =
		source === 'items'
			? [{ iccids: Array.from({ length: count }, (_, i) => ctx.getNodeParameter('iccid', i)), itemOf: (index: number) => index }]
			: Array.from({ length: count }, (_, i) => ({ iccids: ctx.getNodeParameter('device_ids', i), itemOf: () => i }));
	const out: INodeExecutionData[] = [];
	for (const batch of batches) {
		const batchItem = batch.itemOf(0);
		let results;
		try {
			const { options } = readOperationInput(ctx, op, batchItem);
			const result = await execute(client, op.id, { device_ids: batch.iccids }, options);
			results = result.kind === 'many' ? result.results : [];
		} catch (error) {
			if (!ctx.continueOnFail()) throw toNodeError(ctx.getNode(), error, batchItem);
			out.push({ json: errorItemJson(error), pairedItem: { item: batchItem } });
			continue;
		}
		perSimItems(ctx, results, batch.itemOf, out);
	}
	return out;
}

/**
 * One item per SIM (Get Many, Bulk Order). A failed SIM is an error item with Continue On Fail; otherwise it
 * stops the node, and the error's description lists every SIM that did succeed — a bulk order's completed
 * purchases must not vanish with the error.
 */
function perSimItems(ctx: IExecuteFunctions, results: ManyResult<Record<string, unknown>>[], itemOf: (index: number) => number, out: INodeExecutionData[]): void {
	for (const r of results) {
		const pairedItem = { item: itemOf(r.index) };
		if (r.ok) out.push({ json: r.data as IDataObject, pairedItem });
		else if (ctx.continueOnFail()) out.push({ json: { iccid: r.iccid, ...errorItemJson(r.error) }, pairedItem });
		else {
			const error = toNodeError(ctx.getNode(), r.error, pairedItem.item);
			error.description = [error.description, resultSummary(results)].filter(Boolean).join(' ');
			throw error;
		}
	}
}
