import type { CurrentOperationSpec } from '../catalog/current-operations';
import { CubeValidationError } from '../results/errors';
import type { HttpMethod } from '../catalog/operations';
import type { Params } from '../signing/legacy/sign';
import { queryString } from '../transport/transport';
import { checkPath } from '../catalog/validate';

/**
 * The request a current API operation makes, from its catalog entry and its validated values
 * (validateCurrentParams): the method, the path with its path params filled in and percent-encoded, the query as
 * text (a list comma-joined, as sign v2 signs it — spec current §2.1), the JSON body (a dotted name such as
 * `message.content` nests), and the `X-LF-Api-Version` to send. Pure: the client adds the base URL, signs, sends.
 */

export interface CurrentRequest {
	method: HttpMethod;
	/** Below the base URL, path params filled in and encoded; no query. */
	path: string;
	/** Decoded query values as text; the URL and the signer both take them from here. */
	query: Record<string, string>;
	/** The JSON body of a write ({} when it has no fields); none for a GET. */
	body?: Record<string, unknown>;
	/** `X-LF-Api-Version`, when there is one to send. */
	apiVersion?: string;
}

export interface CurrentRequestOptions {
	/** Another path for an entry whose path is inferred; `{sim_id}` and the like are filled in the same way. */
	pathOverride?: string;
	/** Another `X-LF-Api-Version` (the vendor's values are partly guessed); null sends none. */
	apiVersion?: string | null;
}

const queryText = (v: unknown) => (Array.isArray(v) ? v.map(String).join(',') : String(v));

function fillPath(op: CurrentOperationSpec, template: string, values: Params): string {
	return template.replace(/\{([^{}]*)\}/g, (_whole, name: string) => {
		const spec = op.params.find((p) => p.name === name && p.in === 'path');
		if (!spec) throw new CubeValidationError(op.id, 'path', `names {${name}}, which is not a path parameter of ${op.id}`);
		const value = values[name];
		if (value === undefined || value === null || value === '') throw new CubeValidationError(op.id, name, 'is required');
		return encodeURIComponent(String(value));
	});
}

function setDotted(body: Record<string, unknown>, name: string, value: unknown): void {
	const keys = name.split('.');
	let at = body;
	for (const key of keys.slice(0, -1)) {
		if (at[key] === undefined) at[key] = {};
		at = at[key] as Record<string, unknown>;
	}
	at[keys[keys.length - 1]] = value;
}

export function buildCurrentRequest(op: CurrentOperationSpec, values: Params, options: CurrentRequestOptions = {}): CurrentRequest {
	const override = options.pathOverride?.trim();
	const template = override ? override : op.path;
	// Filled first, checked after: the check takes plain segments only, and an encoded value stays one segment.
	const path = override ? checkPath(op.id, fillPath(op, template, values)) : fillPath(op, template, values);
	const query: Record<string, string> = {};
	const body: Record<string, unknown> = {};
	for (const spec of op.params) {
		const value = values[spec.name];
		if (value === undefined || value === null) continue;
		if (spec.in === 'query') query[spec.name] = queryText(value);
		else if (spec.in === 'body') setDotted(body, spec.name, value);
	}
	const apiVersion = options.apiVersion === undefined ? op.apiVersion : (options.apiVersion ?? undefined);
	return {
		method: op.method,
		path,
		query,
		...(op.method === 'GET' ? {} : { body }),
		...(apiVersion ? { apiVersion } : {}),
	};
}

/** The query as the URL carries it: `?name=value&…` percent-encoded, or '' when there is none. */
export function currentQueryString(query: Record<string, string>): string {
	return queryString(query);
}
