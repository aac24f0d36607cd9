import { CURRENT_OPERATIONS } from '../catalog/current-operations';
import { OPERATIONS, type OperationSpec, type ParamSpec } from '../catalog/operations';
import type { Api } from './args';

/**
 * `operations`: what `call` can run, straight from the catalog — id, method, path and parameters by the API's own
 * names, which are the names `call` takes.
 */

/** Each API's catalog: the legacy one the UIs are generated from, and the current API's, kept apart (ids `current.…`). */
export function catalogOf(api: Api): OperationSpec[] {
	return api === 'legacy' ? OPERATIONS : CURRENT_OPERATIONS;
}

export const APIS: Api[] = ['legacy', 'current'];

/** The operation of either API with this id. */
export function findOperation(id: string): { api: Api; op: OperationSpec } | undefined {
	for (const api of APIS) {
		const op = catalogOf(api).find((o) => o.id === id);
		if (op) return { api, op };
	}
	return undefined;
}

export interface ListedParam {
	name: string;
	type: ParamSpec['type'];
	required: boolean;
	/** Where it travels: the legacy API's all go in the signed body. */
	in: NonNullable<ParamSpec['in']>;
	description: string;
	default?: string | number;
	options?: string[];
	min?: number;
	max?: number;
	maxItems?: number;
	inferred?: boolean;
}

export interface ListedOperation {
	id: string;
	api: Api;
	name: string;
	description: string;
	method: string;
	/** Below the base URL; null for an operation that is not one endpoint (a fan-out, the custom call). */
	path: string | null;
	params: ListedParam[];
	/** Safe to repeat; a write is never retried. */
	idempotent: boolean;
	/** `call --all` walks its pages. */
	pages: boolean;
	/** `call --wait` waits for its result. */
	async: boolean;
	/** The endpoint operation a fan-out repeats, once per entry of its list. */
	fanOutOf?: string;
	docStatus: OperationSpec['docStatus'];
	docNote?: string;
	deprecated?: boolean;
}

const pages = (op: OperationSpec) => Boolean(op.paging ?? (op as { listPaging?: unknown }).listPaging);

function listedParam(p: ParamSpec): ListedParam {
	const listed: ListedParam = { name: p.name, type: p.type, required: p.required, in: p.in ?? 'body', description: p.description };
	if (p.default !== undefined) listed.default = p.default;
	if (p.options) listed.options = p.options.map((o) => o.value);
	if (p.min !== undefined) listed.min = p.min;
	if (p.max !== undefined) listed.max = p.max;
	if (p.maxItems !== undefined) listed.maxItems = p.maxItems;
	if (p.inferred) listed.inferred = true;
	return listed;
}

export function listedOperation(api: Api, op: OperationSpec): ListedOperation {
	const listed: ListedOperation = {
		id: op.id,
		api,
		name: op.action,
		description: op.description,
		method: op.method ?? 'POST',
		path: op.path,
		params: op.params.map(listedParam),
		idempotent: op.idempotent,
		pages: pages(op),
		async: op.async !== undefined,
		docStatus: op.docStatus,
	};
	if (op.fanOutOf) listed.fanOutOf = op.fanOutOf;
	if (op.docNote) listed.docNote = op.docNote;
	if (op.deprecated) listed.deprecated = true;
	return listed;
}

const HEADINGS: Record<Api, string> = {
	legacy: 'Legacy API (LINKSFIELD_ACCESS_CODE + LINKSFIELD_SECRET; every call a signed POST)',
	current: 'Current API (LINKSFIELD_KEY_ID + LINKSFIELD_PRIVATE_KEY, sign v2)',
};

function paramLine(p: ListedParam): string {
	const facts = [p.type, p.required ? 'required' : 'optional', ...(p.in === 'body' ? [] : [`in ${p.in}`]), ...(p.default !== undefined ? [`default ${p.default}`] : []), ...(p.options ? [`one of ${p.options.join('|')}`] : [])];
	return `      ${p.name} (${facts.join(', ')})${p.description ? ` — ${p.description}` : ''}\n`;
}

function where(op: ListedOperation): string {
	if (op.fanOutOf) return `${op.fanOutOf} once per entry (client-side)`;
	if (op.path === null) return 'any path (the "path" parameter)';
	return `${op.method} ${op.path}`;
}

/** The listing as text, or as JSON (an array, one object per operation) for scripts. */
export function operationsReport(apis: Api[], json: boolean): string {
	const listed = apis.flatMap((api) => catalogOf(api).map((op) => listedOperation(api, op)));
	if (json) return `${JSON.stringify(listed, null, 2)}\n`;
	let text = '';
	for (const api of apis) {
		const ops = listed.filter((op) => op.api === api);
		text += `${HEADINGS[api]}\n`;
		if (ops.length === 0) text += '  (none in this version of the core)\n';
		for (const op of ops) {
			const flags = [...(op.pages ? ['--all walks its pages'] : []), ...(op.async ? ['--wait waits for its result'] : []), ...(op.idempotent ? [] : ['write, never retried']), ...(op.docStatus === 'inferred' ? ['inferred'] : [])];
			text += `  ${op.id}  ${where(op)}${flags.length ? `  [${flags.join('; ')}]` : ''}\n      ${op.name}\n`;
			text += op.params.map(paramLine).join('');
		}
		text += '\n';
	}
	return `${text}Run one: npx @linksfield-cube/core call <id> name=value … (a value like [..] or {..} is read as JSON)\n`;
}
