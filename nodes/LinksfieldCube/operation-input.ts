import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { listOptionDefaults, operationRun, WAIT_FOR_RESULT, ownFields, placementOf, type ExecuteOptions, type Field, type OperationSpec, type Params } from '@linksfield-cube/core';
import { itemParameter } from './item-field-reference';
import { parameterName } from './properties';
import { markedSafeToRetry } from './retry-on-fail';

/**
 * JSON fields arrive as text (typed) or as objects (expressions); either way the core wants an object.
 * A bad one fails like any other invalid field: naming it, before anything is sent.
 */
function jsonObject(ctx: IExecuteFunctions, op: OperationSpec, field: string, value: unknown, itemIndex: number): Params | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	let parsed: unknown = value;
	if (typeof value === 'string') {
		try {
			parsed = JSON.parse(value);
		} catch {
			parsed = undefined;
		}
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
		throw new NodeOperationError(ctx.getNode(), `${op.id}: parameter "${field}" must be a JSON object. Nothing was sent.`, { itemIndex });
	}
	return parsed as Params;
}

function readParam(ctx: IExecuteFunctions, op: OperationSpec, spec: Field, itemIndex: number, additional: IDataObject): unknown {
	// A picker (resource locator) holds { mode, value }; extractValue gives the value of either mode.
	const name = parameterName(spec.name);
	const value = placementOf(spec) !== 'main'
		? additional[name]
		: spec.listedBy
			? ctx.getNodeParameter(name, itemIndex, undefined, { extractValue: true })
			: itemParameter(ctx, name, itemIndex);
	return spec.type === 'object' ? jsonObject(ctx, op, spec.name, value, itemIndex) : value;
}

export interface OperationInput {
	params: Params;
	options: ExecuteOptions;
	/** Records cut down to the operation's simplified fields (on by default where the catalog has them). */
	simplify: boolean;
}

/**
 * The node's fields for one item, turned into the catalog params and execute() options. No checking here
 * beyond JSON parsing: the core validates every value and names the field when one is wrong.
 */
export function readOperationInput(ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number): OperationInput {
	const additional = ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
	const extraOptions = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	const params: Params = {};
	for (const spec of ownFields(op)) {
		const value = readParam(ctx, op, spec, itemIndex, additional);
		if (value !== undefined) params[spec.name] = value;
	}
	const options: ExecuteOptions = {};
	const extra = jsonObject(ctx, op, 'extraParams', extraOptions.extraParams, itemIndex);
	if (extra && Object.keys(extra).length) options.extra = extra;
	if (typeof extraOptions.path === 'string' && extraOptions.path.trim()) options.path = extraOptions.path.trim();
	if (extraOptions.concurrency !== undefined) options.concurrency = Number(extraOptions.concurrency);
	if (extraOptions.ratePerSecond) options.ratePerSecond = Number(extraOptions.ratePerSecond);
	const run = operationRun(op);
	const defaults = listOptionDefaults(op);
	if (run === 'paging' || run === 'list') {
		options.returnAll = ctx.getNodeParameter('returnAll', itemIndex, defaults.returnAll) as boolean;
		if (!options.returnAll) options.limit = ctx.getNodeParameter('limit', itemIndex, defaults.limit) as number;
	}
	if (op.paging && extraOptions.pageSize) params[op.paging.pageSize] = Number(extraOptions.pageSize);
	// Asynchronous writes (current API): the core polls the result by its request id, for at most the bound.
	if (op.async && ctx.getNodeParameter('waitForResult', itemIndex, false) === true) {
		options.waitForResult = { timeoutMs: Number(ctx.getNodeParameter('waitTimeout', itemIndex, WAIT_FOR_RESULT.defaultTimeoutMs / 1000)) * 1000 };
	}
	if (op.retryOptIn) options.idempotent = markedSafeToRetry(ctx, op, itemIndex);
	const simplify = op.simplifiedFields ? (ctx.getNodeParameter('simplify', itemIndex, defaults.simplify) as boolean) : false;
	return { params, options, simplify };
}
