import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

/** `$json.iccid`: one field of the input item, by a plain name. */
const FIELD = /^\$json\.([A-Za-z_$][\w$]*)$/;

/**
 * The fields a parameter's value reads when it is nothing but `={{ $json.a }}` or `={{ $json.a ?? $json.b … }}`
 * (Get Many's default ICCID is such a chain), else undefined.
 */
export function referencedFields(value: unknown): string[] | undefined {
	if (typeof value !== 'string') return undefined;
	const body = /^=\{\{(.*)\}\}$/s.exec(value)?.[1];
	if (body === undefined) return undefined;
	const fields = body.split('??').map((part) => FIELD.exec(part.trim())?.[1]);
	return fields.every((f): f is string => f !== undefined) ? fields : undefined;
}

/** Per node run: the node's raw parameters (getNode() copies the whole node) and what each one references. */
const runs = new WeakMap<IExecuteFunctions, { parameters: IDataObject; fields: Map<string, string[] | undefined> }>();

function fieldsOf(ctx: IExecuteFunctions, name: string): string[] | undefined {
	let run = runs.get(ctx);
	if (!run) {
		run = { parameters: ctx.getNode().parameters as IDataObject, fields: new Map() };
		runs.set(ctx, run);
	}
	if (!run.fields.has(name)) run.fields.set(name, referencedFields(run.parameters[name]));
	return run.fields.get(name);
}

/**
 * A top-level parameter of one item. Where its value is only a reference to the input item's fields and that
 * field holds text, the text is read from the item directly: n8n 2.x evaluates every expression in an
 * isolate, about 1 ms of CPU per item in the bench's 1,000-item runs, as much as the request itself. Anything
 * else (other expressions, a field that is missing or holds no text) goes through n8n's getNodeParameter.
 */
export function itemParameter(ctx: IExecuteFunctions, name: string, itemIndex: number): unknown {
	const fields = fieldsOf(ctx, name);
	const json = fields && ctx.getInputData()[itemIndex]?.json;
	if (fields && json) {
		for (const field of fields) {
			if (!Object.prototype.hasOwnProperty.call(json, field)) {
				if (field in json) break;
				continue;
			}
			const value = json[field];
			if (value === undefined || value === null) continue;
			if (typeof value === 'string') return value;
			break;
		}
	}
	return ctx.getNodeParameter(name, itemIndex);
}
