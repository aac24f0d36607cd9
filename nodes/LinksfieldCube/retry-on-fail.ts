import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { CubeValidationError, CURRENT_RESOURCES, isCurrentOperation, RESOURCES, writeDecision, type OperationSpec, type WriteDecision } from '@linksfield-cube/core';
import { itemParameter } from './item-field-reference';

/** The item's Safe to Retry, on operations that offer it. */
export const markedSafeToRetry = (ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number): boolean =>
	op.retryOptIn === true && ctx.getNodeParameter('safeToRetry', itemIndex, false) === true;

/** The item's Options → Path Override, as readOperationInput reads it. */
const pathOverride = (ctx: IExecuteFunctions, itemIndex: number): string | undefined => {
	const path = (ctx.getNodeParameter('options', itemIndex, {}) as IDataObject).path;
	return typeof path === 'string' ? path : undefined;
};

/** A Custom API Call's Path, as readOperationInput reads it: the decision below looks it up in the catalog. */
const customPath = (ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number): unknown => (op.custom ? itemParameter(ctx, 'path', itemIndex) : undefined);

/**
 * Whether the item's call is a write — the core's one decision (writeDecision), the one the client's retries take:
 * the catalog says so (an opt-in operation unless the user marked it Safe to Retry, and a Custom API Call to a
 * catalog write's path whatever Safe to Retry says), or the item sends it to another path than the catalog's.
 */
export const itemWrite = (ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number, withOverride = true): WriteDecision =>
	writeDecision(op, { path: customPath(ctx, op, itemIndex) }, { safeToRetry: markedSafeToRetry(ctx, op, itemIndex), path: withOverride ? pathOverride(ctx, itemIndex) : undefined });

export const isWriteItem = (ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number): boolean => itemWrite(ctx, op, itemIndex).write;

export function operationLabel(op: OperationSpec): string {
	const resource = (isCurrentOperation(op) ? CURRENT_RESOURCES : RESOURCES).find((r) => r.value === op.resource)?.name ?? op.resource;
	return resource === op.name ? op.name : `${resource} → ${op.name}`;
}

export const RETRY_ON_FAIL_NOTE =
	'Writes do not run with the node setting "Retry On Fail" on: n8n would run the node again after an error, and a plan whose answer was lost would be ordered or renewed again. The node itself repeats a write only when Linksfield certainly did not receive it.';

/** The refusal as the node throws it, and as its error items carry it (kind "validation", outcome "failed"). */
export interface RetryOnFailRefusal {
	error: NodeOperationError;
	validation: CubeValidationError;
}

/**
 * n8n's Retry On Fail runs execute() again with the same items after it throws (or after a first item that is
 * an error): every write of the run would be sent again, an outcome-unknown one included. So a write refuses
 * to run with the setting on, before anything is sent; reads keep it.
 */
export function retryOnFailRefusal(ctx: IExecuteFunctions, op: OperationSpec, count: number): RetryOnFailRefusal | undefined {
	const node = ctx.getNode();
	if (!node.retryOnFail) return undefined;
	const first = Array.from({ length: count }, (_, i) => i).find((i) => isWriteItem(ctx, op, i));
	if (first === undefined) return undefined;
	const why = itemWrite(ctx, op, first, false).write
		? 'it is a write, and'
		: `its path is overridden (${pathOverride(ctx, first)!.trim()}), so it may be a write, and`;
	const message = `${operationLabel(op)} does not run with "Retry On Fail" on: ${why} is never sent twice. Nothing was sent.`;
	return {
		error: new NodeOperationError(node, message, {
			itemIndex: first,
			description:
				'Turn off Settings → Retry On Fail for this node. n8n would run the node again after an error, and a write whose answer was lost (outcome unknown) would be carried out again: a plan ordered or renewed twice. The node repeats a write itself only when the request certainly never reached Linksfield.',
		}),
		validation: new CubeValidationError(op.id, 'retryOnFail', 'is on', message),
	};
}
