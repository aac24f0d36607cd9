import {
	NodeConnectionTypes,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { type CubeClient, execute, failureAbout, type ManyResult, operationRun, type OperationSpec, type PlainError, resultSummary } from '@linksfield-cube/core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { linksfieldCubeKeyPairApiTest } from '../../credentials/key-pair-test';
import { KEY_PAIR_CREDENTIAL_TYPE } from '../../credentials/key-pair-settings';
import { clientFor } from './client';
import { CompletedWrites, describeFurther } from './completed-writes';
import { readsConcurrently } from './concurrent-reads';
import { itemParameter } from './item-field-reference';
import { errorItem, toNodeError } from './node-errors';
import { readOperationInput } from './operation-input';
import { listSearch } from './plan-search';
import { resultItems } from './output-items';
import { findOperation, nodeProperties, type Api } from './properties';
import { isWriteItem, itemWrite, retryOnFailRefusal } from './retry-on-fail';

/** The node's API; a version-1 node has none saved and stays on the legacy API (its parameter's default there). */
const apiOf = (ctx: IExecuteFunctions): Api => (ctx.getNodeParameter('api', 0, 'legacy') === 'current' ? 'current' : 'legacy');

function operationFor(ctx: IExecuteFunctions, api: Api): OperationSpec {
	const resource = ctx.getNodeParameter('resource', 0) as string;
	const operation = ctx.getNodeParameter('operation', 0) as string;
	const op = findOperation(api, resource, operation);
	if (!op) throw toNodeError(ctx.getNode(), new Error(`Unknown operation "${resource} → ${operation}"`), 0);
	return op;
}

export class LinksfieldCube implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linksfield Cube',
		name: 'linksfieldCube',
		icon: { light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' },
		group: ['transform'],
		// 2: the API parameter, whose default is the current API; version-1 nodes keep the legacy API.
		version: [1, 2],
		defaultVersion: 2,
		// The current API's resources are currentSim, currentBundle…: the canvas shows them as the legacy ones read (sim, bundle).
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"].replace("current", "").toLowerCase() }}',
		description: 'Check IoT SIM data usage and order, renew and manage data plans on the Linksfield Cube API',
		defaults: { name: 'Linksfield Cube' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } },
			{ name: KEY_PAIR_CREDENTIAL_TYPE, required: true, testedBy: 'linksfieldCubeKeyPairApiTest', displayOptions: { show: { api: ['current'] } } },
		],
		properties: nodeProperties,
	};

	/**
	 * The credential's Test (n8n looks it up through `testedBy` on any node that uses the credential), and the
	 * plan picker's list.
	 */
	methods = { credentialTest: { linksfieldCubeApiTest, linksfieldCubeKeyPairApiTest }, listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = this.getInputData();
		const api = apiOf(this);
		const op = operationFor(this, api);
		const refusal = retryOnFailRefusal(this, op, items.length);
		if (refusal) {
			if (!this.continueOnFail()) throw refusal.error;
			return [items.map((_, i) => errorItem(this, refusal.validation, i))];
		}
		// A missing credential or custom base URL is a setup error of the whole node, not of an item.
		const client = await clientFor(this, api).catch((error: unknown) => {
			throw toNodeError(this.getNode(), error, 0);
		});
		try {
			// How the operation runs is the core's one decision (execute() takes the same); a fan-out's SIMs come from
			// the items or a list, every other operation runs once per item.
			if (operationRun(op) === 'fanOut') return [await usageOfMany(this, client, op, items.length)];
			// A read sent to an overridden path may be a write: one item after the other, as writes go.
			const reads = op.idempotent && !(op.pathOverridable && items.some((_, i) => isWriteItem(this, op, i)));
			return [reads ? await readsConcurrently(this, client, op, items.length) : await perItem(this, client, op, items.length)];
		} finally {
			client.close();
		}
	}
}

/**
 * One catalog operation per input item. A failing item fails the node unless Continue On Fail; its error then
 * names the writes already carried out, whose output n8n drops with the failing node's.
 */
async function perItem(ctx: IExecuteFunctions, client: CubeClient, op: OperationSpec, count: number): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const written = new CompletedWrites();
	// Custom API Calls whose Safe to Retry was not honoured (their path is a catalog write's), said once a run.
	const overruled = new Set<string>();
	for (let i = 0; i < count; i++) {
		// The SIM and order of the item (a Custom API Call's catalog operation and SIMs too), for its error item.
		let about: Pick<PlainError, 'iccid' | 'orderId' | 'catalogOperation' | 'failedIccids'> = {};
		try {
			const { params, options } = readOperationInput(ctx, op, i);
			about = failureAbout(op, params);
			const write = itemWrite(ctx, op, i);
			if (op.retryOptIn) options.idempotent = !write.write;
			if (write.overruled && !overruled.has(write.overruled.id)) {
				overruled.add(write.overruled.id);
				ctx.addExecutionHints({
					type: 'warning',
					location: 'outputPane',
					message: `Safe to Retry is not honoured: this Custom API Call posts to ${String(params.path).trim()}, the endpoint of ${write.overruled.id}, a write. It is never retried once it may have been sent.`,
				});
			}
			const result = await execute(client, op.id, params, options);
			if (write.write) written.add(i, params, result);
			if (result.kind === 'many') perSimItems(ctx, result.results, () => i, out);
			else out.push(...resultItems(result, i));
		} catch (error) {
			if (!ctx.continueOnFail()) throw written.explain(toNodeError(ctx.getNode(), error, i), i, count);
			out.push(errorItem(ctx, error, i, about));
		}
	}
	return out;
}

/**
 * Usage → Get Many: one sweep with bounded concurrency. "Input Items" makes one sweep of every item's SIM;
 * "ICCID List" one sweep per item's list. One output item per SIM; a failed SIM is its own error item with
 * Continue On Fail. Without it the node fails, so the sweep stops at the first failed SIM instead of querying
 * every other SIM for results n8n would drop.
 */
async function usageOfMany(ctx: IExecuteFunctions, client: CubeClient, op: OperationSpec, count: number): Promise<INodeExecutionData[]> {
	const source = ctx.getNodeParameter('source', 0) as string;
	const list = op.fanOut!.list;
	const batches =
		source === 'items'
			? [{ iccids: Array.from({ length: count }, (_, i) => itemParameter(ctx, 'iccid', i)), itemOf: (index: number) => index }]
			: Array.from({ length: count }, (_, i) => ({ iccids: ctx.getNodeParameter(list, i), itemOf: () => i }));
	const continueOnFail = ctx.continueOnFail();
	const out: INodeExecutionData[] = [];
	for (const batch of batches) {
		const batchItem = batch.itemOf(0);
		const stop = new AbortController();
		let failed: Extract<ManyResult<unknown>, { ok: false }> | undefined;
		let results;
		try {
			const { options } = readOperationInput(ctx, op, batchItem);
			const onProgress = (_done: number, _total: number, r: ManyResult<unknown>) => {
				if (continueOnFail || r.ok || failed) return;
				failed = r;
				stop.abort();
			};
			const result = await execute(client, op.id, { [list]: batch.iccids }, { ...options, signal: stop.signal, onProgress });
			results = result.kind === 'many' ? result.results : [];
		} catch (error) {
			if (!continueOnFail) throw toNodeError(ctx.getNode(), error, batchItem);
			out.push(errorItem(ctx, error, batchItem));
			continue;
		}
		if (failed) {
			const answered = results.filter((r) => r.ok).length;
			const error = toNodeError(ctx.getNode(), failed.error, batch.itemOf(failed.index));
			throw describeFurther(
				error,
				`Stopped at the first SIM that failed (${failed.iccid}): ${answered} of ${results.length} SIMs had answered, the others were not queried. Turn on Continue On Fail (Settings → On Error) for one result or error item per SIM.`,
			);
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
		else if (ctx.continueOnFail()) out.push(errorItem(ctx, r.error, pairedItem.item, { iccid: r.iccid }));
		else {
			const error = toNodeError(ctx.getNode(), r.error, pairedItem.item);
			error.description = [error.description, resultSummary(results)].filter(Boolean).join(' ');
			throw error;
		}
	}
}
