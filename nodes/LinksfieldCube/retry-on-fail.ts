import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import { RESOURCES, type OperationSpec } from '@linksfield-cube/core';

/** A write: the catalog says so, and a Custom API Call unless the user marked it Safe to Retry. */
export function isWrite(ctx: IExecuteFunctions, op: OperationSpec, itemIndex: number): boolean {
	if (op.id === 'custom.call') return ctx.getNodeParameter('safeToRetry', itemIndex, false) !== true;
	return !op.idempotent;
}

export function operationLabel(op: OperationSpec): string {
	const resource = RESOURCES.find((r) => r.value === op.resource)?.name ?? op.resource;
	return resource === op.name ? op.name : `${resource} → ${op.name}`;
}

export const RETRY_ON_FAIL_NOTE =
	'Writes do not run with the node setting "Retry On Fail" on: n8n would run the node again after an error, and a plan whose answer was lost would be ordered or renewed again. The node itself repeats a write only when Linksfield certainly did not receive it.';

/**
 * n8n's Retry On Fail runs execute() again with the same items after it throws (or after a first item that is
 * an error): every write of the run would be sent again, an outcome-unknown one included. So a write refuses
 * to run with the setting on, before anything is sent; reads keep it.
 */
export function retryOnFailRefusal(ctx: IExecuteFunctions, op: OperationSpec, count: number): NodeOperationError | undefined {
	const node = ctx.getNode();
	if (!node.retryOnFail) return undefined;
	const first = Array.from({ length: count }, (_, i) => i).find((i) => isWrite(ctx, op, i));
	if (first === undefined) return undefined;
	return new NodeOperationError(node, `${operationLabel(op)} does not run with "Retry On Fail" on: it is a write and is never sent twice. Nothing was sent.`, {
		itemIndex: first,
		description:
			'Turn off Settings → Retry On Fail for this node. n8n would run the node again after an error, and a write whose answer was lost (outcome unknown) would be carried out again: a plan ordered or renewed twice. The node repeats a write itself only when the request certainly never reached Linksfield.',
	});
}
