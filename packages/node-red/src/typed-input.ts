import { CubeValidationError } from '@linksfield-cube/core';
import { OPTION_TYPE } from './editor-catalog';
import type { Node, NodeAPI, NodeMessage } from './node-red-api';

/** A TypedInput as the editor stores it. */
export interface TypedValue {
	value: string;
	type: string;
}

/**
 * Evaluates one TypedInput with the callback form of RED.util.evaluateNodeProperty, so flow/global values in
 * asynchronous context stores and JSONata expressions work. An empty number or JSON field means "not set".
 * A failure (bad JSON, JSONata error, missing context store) names the field: nothing is sent.
 */
export function evaluateTypedInput(RED: NodeAPI, node: Node, msg: NodeMessage, operation: string, field: string, input: TypedValue): Promise<unknown> {
	const { value, type } = input;
	// Catalog drop-downs hold the API's value itself.
	if (type === OPTION_TYPE || type === 'str' || !type) return Promise.resolve(value ?? '');
	if ((type === 'num' || type === 'json') && String(value ?? '').trim() === '') return Promise.resolve(undefined);
	// A number field's text goes to the core as typed: Node-RED's own Number() would turn "1e3" into 1000 and
	// "0x10" into 16, where the core's rule is decimal digits only.
	if (type === 'num') return Promise.resolve(String(value).trim());
	return new Promise((resolve, reject) => {
		const fail = (err: unknown) => reject(new CubeValidationError(operation, field, `could not be read from ${type} "${value}": ${(err as Error)?.message ?? err}`));
		try {
			RED.util.evaluateNodeProperty(value, type, node, msg, (err, result) => (err ? fail(err) : resolve(result)));
		} catch (err) {
			fail(err);
		}
	});
}
