import { CubeValidationError, type Field, type ParamType } from '@linksfield-cube/core';
import type { Node, NodeAPI, NodeMessage } from './node-red-api';

/** TypedInput type of catalog enums: a drop-down of the catalog's options. The runtime reads its value as text. */
export const OPTION_TYPE = 'cube-option';

const DYNAMIC = ['msg', 'flow', 'global', 'env', 'jsonata'];

/** Which TypedInput sources make sense for each catalog type (values are converted by the core's validation). */
export const TYPED_INPUT_TYPES: Record<ParamType, string[]> = {
	string: ['str', ...DYNAMIC],
	iccid: ['str', ...DYNAMIC],
	digits: ['num', 'str', ...DYNAMIC],
	amount: ['num', 'str', ...DYNAMIC],
	integer: ['num', ...DYNAMIC],
	iccidList: ['str', 'json', ...DYNAMIC],
	// 'str' too: an optional enum left empty must not be sent (a drop-down always has a value).
	enum: [OPTION_TYPE, 'str', ...DYNAMIC],
	object: ['json', ...DYNAMIC],
};

/** The core's default of a field as its TypedInput holds it: what the editor starts it at, and what a node without the field reads. */
export function defaultInput(field: Pick<Field, 'type' | 'default'>): TypedValue {
	const type = field.type === 'enum' ? (field.default === undefined ? 'str' : OPTION_TYPE) : typeof field.default === 'number' ? 'num' : TYPED_INPUT_TYPES[field.type][0];
	return { value: field.default === undefined ? '' : String(field.default), type };
}

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
