import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import { CubeApiError, CubeValidationError, toPlainError, type PlainError } from '@linksfield-cube/core';

/**
 * Core errors as n8n errors. Messages come from the core, which never puts the secret or the signed body
 * in them; inside NodeApiError the vendor code travels as `vendorCode` because it reads a `code` key as an HTTP
 * status (error items keep the core's `code`).
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof CubeValidationError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Check the field "${error.field}".` });
	}
	if (error instanceof CubeApiError) {
		const { code, ...plain } = toPlainError(error);
		const response = { ...plain, ...(code !== undefined ? { vendorCode: code } : {}) } as unknown as JsonObject;
		const description =
			error.kind === 'business'
				? `Linksfield answered code ${error.code ?? 'none'}: ${error.vendorMessage ?? 'no message'}`
				: error.outcomeUnknown
					? 'The request may have been carried out. Check the orders before repeating it.'
					: undefined;
		const nodeError = new NodeApiError(node, response, {
			message: error.message,
			description,
			itemIndex,
			...(error.httpStatus && error.kind !== 'business' ? { httpCode: String(error.httpStatus) } : {}),
		});
		// NodeApiError swaps a message that mentions ECONNRESET & co. for a generic text, which would drop the
		// operation and, worse, "outcome unknown" on a write. The core's message already says it plainly.
		nodeError.message = error.message;
		return nodeError;
	}
	return new NodeOperationError(node, error instanceof Error ? error.message : String(error), { itemIndex });
}

/**
 * The json of an error item (Continue On Fail): n8n's `error` text, and the core's plain error — the fields
 * Node-RED's msg.error carries, with the same meanings — for a Switch node to test.
 */
export function errorItemJson(error: unknown, about: Pick<PlainError, 'iccid' | 'orderId' | 'catalogOperation' | 'failedIccids'> = {}): IDataObject {
	const plain = toPlainError(error, about);
	return { error: plain.message, ...(plain as unknown as IDataObject) };
}

/**
 * An error item (Continue On Fail). n8n's error output ("On Error: Continue (using error output)") takes only
 * items whose json holds nothing but error / message / details, so there the fields travel under `details`;
 * otherwise a failure would reach the success branch.
 */
export function errorItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number, about: Pick<PlainError, 'iccid' | 'orderId' | 'catalogOperation' | 'failedIccids'> = {}): INodeExecutionData {
	const { error: message, ...details } = errorItemJson(error, about);
	const json = ctx.getNode().onError === 'continueErrorOutput' ? { error: message, details } : { error: message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}
