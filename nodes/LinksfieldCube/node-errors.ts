import { NodeApiError, NodeOperationError, type IDataObject, type IExecuteFunctions, type INode, type INodeExecutionData, type JsonObject } from 'n8n-workflow';
import { CubeApiError, CubeValidationError } from '@linksfield-cube/core';

/**
 * Core errors as n8n errors. Messages come from the core, which never puts the secret or the signed body
 * in them; the vendor code travels as `vendorCode` because NodeApiError reads a `code` key as an HTTP status.
 */
export function toNodeError(node: INode, error: unknown, itemIndex: number): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) return error;
	if (error instanceof CubeValidationError) {
		return new NodeOperationError(node, error.message, { itemIndex, description: `Check the field "${error.field}".` });
	}
	if (error instanceof CubeApiError) {
		const response: JsonObject = {
			message: error.message,
			operation: error.operation,
			kind: error.kind,
			outcome: error.outcome,
			...(error.code !== undefined ? { vendorCode: error.code } : {}),
			...(error.vendorMessage !== undefined ? { vendorMessage: error.vendorMessage } : {}),
		};
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

/** The json of an error item (Continue On Fail): what failed and why, in fields a Switch node can test. */
export function errorItemJson(error: unknown): IDataObject {
	if (error instanceof CubeApiError) {
		// JSON round trip drops the undefined fields (no vendor code on a timeout, …).
		const fields = JSON.parse(JSON.stringify(error.toJSON())) as IDataObject;
		delete fields.name;
		return { error: error.message, ...fields };
	}
	if (error instanceof CubeValidationError) return { error: error.message, field: error.field, operation: error.operation };
	return { error: error instanceof Error ? error.message : String(error) };
}

/**
 * An error item (Continue On Fail). n8n's error output ("On Error: Continue (using error output)") takes only
 * items whose json holds nothing but error / message / details, so there the fields travel under `details`;
 * otherwise a failure would reach the success branch.
 */
export function errorItem(ctx: IExecuteFunctions, error: unknown, itemIndex: number, fields: IDataObject = {}): INodeExecutionData {
	const { error: message, ...details } = { ...fields, ...errorItemJson(error) };
	const json = ctx.getNode().onError === 'continueErrorOutput' ? { error: message, details } : { error: message, ...details };
	return { json, pairedItem: { item: itemIndex } };
}
