import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import { CURRENT_OPERATIONS, CURRENT_RESOURCES, fieldsFor, isCurrentOperation, listOptionDefaults, OPERATIONS, ownFields, placementOf, RESOURCES, WAIT_FOR_RESULT, type Field, type OperationSpec, type ParamSpec, type Resource } from '@linksfield-cube/core';
import { RETRY_ON_FAIL_NOTE } from './retry-on-fail';

/**
 * The node's whole UI, generated from the core's operation catalog: resource → operation → one n8n property
 * per field of the core's fieldsFor() (the list the Node-RED editor draws too). Nothing here names an endpoint
 * or a field by hand, so a new catalog entry shows up as is.
 */

/** Which API an operation belongs to: the node's first parameter, which also picks the credential. */
export type Api = 'current' | 'legacy';
export const apiOf = (op: OperationSpec): Api => (isCurrentOperation(op) ? 'current' : 'legacy');

/**
 * The node's Resource value for a catalog resource. n8n's node creator builds one action group per Resource *value*
 * (from the first Operation property shown for it, whatever the API) and names the group after the option's name, so
 * the current API's resources get values and names of their own — `currentSim`, "SIM (Current API)" — where the
 * legacy API's keep the catalog's. The catalog, the runtime and Node-RED know only the catalog's values.
 */
export const resourceValue = (api: Api, resource: string): string => (api === 'current' ? `current${resource[0].toUpperCase()}${resource.slice(1)}` : resource);
/** The catalog resource a node's Resource value names (resourceValue's inverse). */
export const catalogResource = (api: Api, value: string): string | undefined => {
	if (api === 'legacy') return value;
	const rest = /^current([A-Z].*)$/.exec(value)?.[1];
	return rest && `${rest[0].toLowerCase()}${rest.slice(1)}`;
};
/** The name of a Resource option, marked by API when the current API's (see resourceValue). */
export const resourceName = (api: Api, name: string): string => (api === 'current' ? `${name} (Current API)` : name);

const showFor = (op: OperationSpec, extra: Record<string, unknown[]> = {}) => ({
	show: { api: [apiOf(op)], resource: [resourceValue(apiOf(op), op.resource)], operation: [op.operation], ...extra },
});

/**
 * A field's n8n parameter name: the catalog's name, with a dot (the current API's `message.content`) made an
 * underscore — n8n reads a dotted parameter name as a path into nested parameters.
 */
export const parameterName = (name: string): string => name.replace(/\./g, '_');

/**
 * The fields on the node: page number and size are left to Return All and Limit, which walk the pages, and a
 * fan-out's SIM list has its own "SIMs From" choice (fanOutProperties).
 */
export const fieldParams = (op: OperationSpec): readonly Field[] => ownFields(op);

/** Fields the user always sees; the rest sit under Additional Fields. */
export const isTopLevel = (spec: Pick<ParamSpec, 'required' | 'type'>) => placementOf(spec) === 'main';

/** One n8n property for one field; the core validates and converts, so the property type is a convenience. */
export function paramProperty(spec: Field): Omit<INodeProperties, 'displayOptions'> {
	const base = { displayName: spec.label, name: parameterName(spec.name), description: spec.description, required: spec.required || undefined };
	if (spec.listedBy) return pickerProperty(spec, base);
	const help = { ...(spec.placeholder ? { placeholder: spec.placeholder } : {}), ...(spec.hint ? { hint: spec.hint } : {}) };
	switch (spec.type) {
		case 'iccid':
			return { ...base, type: 'string', default: '', ...help };
		case 'iccidList':
			return { ...base, type: 'string', default: '', typeOptions: { rows: 3 }, ...help };
		case 'integer':
		case 'digits':
			return {
				...base,
				type: 'number',
				default: Number(spec.default ?? spec.min ?? 0),
				typeOptions: { minValue: spec.min ?? 0, ...(spec.max !== undefined ? { maxValue: spec.max } : {}), numberPrecision: 0 },
			};
		case 'enum': {
			const options: INodePropertyOptions[] = (spec.options ?? []).map((o) => ({ name: o.name, value: o.value }));
			if (spec.multiple) return { ...base, type: 'multiOptions', options: byName(options), default: [] };
			// An optional enum needs a way to send nothing at all.
			return spec.required
				? { ...base, type: 'options', options: byName(options), default: String(spec.default ?? options[0]?.value ?? '') }
				: { ...base, type: 'options', options: byName([{ name: 'Not Sent', value: '' }, ...options]), default: '' };
		}
		case 'object':
			return { ...base, type: 'json', default: '{}' };
		case 'amount':
		case 'string':
			return { ...base, type: 'string', default: spec.default === undefined ? '' : String(spec.default), ...help };
	}
}

/** n8n lists options alphabetically (its UX guidelines); the catalog keeps its own, documentation order. */
const byName = <T extends { name: string }>(options: T[]): T[] => [...options].sort((a, b) => a.name.localeCompare(b.name));

/** The listSearch method of the node that lists a picker's values (plan-search.ts). */
export const searchMethodName = (listedBy: NonNullable<Field['listedBy']>) => `search_${listedBy.operation.replace(/\W/g, '_')}`;

/** A field with a list to pick from (Plan Code: the plans of Plan → Get Plans), or a code / expression typed in. */
function pickerProperty(spec: Field, base: Pick<INodeProperties, 'displayName' | 'name' | 'description' | 'required'>): Omit<INodeProperties, 'displayOptions'> {
	return {
		...base,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: searchMethodName(spec.listedBy!), searchable: true } },
			{ displayName: 'By Code', name: 'id', type: 'string', placeholder: spec.placeholder },
		],
	};
}

interface Catalog {
	api: Api;
	resources: { value: Resource; name: string; description: string }[];
	operations: OperationSpec[];
	defaultResource: Resource;
}

const LEGACY: Catalog = { api: 'legacy', resources: RESOURCES, operations: OPERATIONS, defaultResource: 'usage' };
const CURRENT: Catalog = { api: 'current', resources: CURRENT_RESOURCES, operations: CURRENT_OPERATIONS, defaultResource: 'sim' };

/** The operation a node's api / resource / operation parameters name (resource: the node's value, resourceValue). */
export function findOperation(api: Api, resource: string, operation: string): OperationSpec | undefined {
	const catalogValue = catalogResource(api, resource);
	return (api === 'current' ? CURRENT : LEGACY).operations.find((o) => o.resource === catalogValue && o.operation === operation);
}

/**
 * The first parameter: which API, as n8n's own nodes offer two authentication methods. Nodes saved before it existed
 * are version 1 and stay on the legacy API (n8n gives an old node a new parameter's default); new nodes are version
 * 2 and start on the current one.
 */
export function apiProperties(): INodeProperties[] {
	const options = [
		{ name: 'Current (Key Pair)', value: 'current', description: 'The current Cube API (/cube/v4), signed with an API key pair' },
		{ name: 'Legacy (Access Code)', value: 'legacy', description: 'The legacy Cube API, signed with the access code and secret' },
	];
	return [
		{ displayName: 'API', name: 'api', type: 'options', noDataExpression: true, options, default: 'legacy', displayOptions: { show: { '@version': [1] } } },
		{ displayName: 'API', name: 'api', type: 'options', noDataExpression: true, options, default: 'current', displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } } },
	];
}

function resourceProperty({ api, resources, defaultResource }: Catalog): INodeProperties {
	return {
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		default: resourceValue(api, defaultResource),
		displayOptions: { show: { api: [api] } },
		options: byName(resources.map((r) => ({ name: resourceName(api, r.name), value: resourceValue(api, r.value), description: r.description }))),
	};
}

/**
 * Each resource's Operation property. Shown by the Resource value alone (each API's are its own, resourceValue): the
 * API condition lists both APIs. n8n's node creator adds an action's node with its resource and operation only, on
 * the node's default API (a new node: the current API), and names it from the parameters then shown — a legacy
 * action's operation would be hidden there, and the node named "Linksfield Cube". It then sets the first value of
 * each of the Operation property's conditions, so this API comes first: picking the action sets the node's API.
 */
function operationProperties({ api, resources, operations }: Catalog): INodeProperties[] {
	const apis: Api[] = api === 'current' ? ['current', 'legacy'] : ['legacy', 'current'];
	return resources.map((r) => {
		const ops = operations.filter((op) => op.resource === r.value);
		const first = ops[0].operation;
		return {
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { api: apis, resource: [resourceValue(api, r.value)] } },
			default: first,
			options: byName(ops.map((op) => ({ name: op.name, value: op.operation, description: op.description, action: op.action }))),
		};
	});
}

/** Usage → Get Many: ICCIDs from a list field, or one SIM per input item. */
function fanOutProperties(op: OperationSpec): INodeProperties[] {
	const list = fieldsFor(op).find((f) => f.shownWhen === 'listSource')!;
	return [
		{
			displayName: 'SIMs From',
			name: 'source',
			type: 'options',
			default: 'list',
			displayOptions: showFor(op),
			options: [
				{ name: 'ICCID List', value: 'list', description: 'A list of ICCIDs in one field; one output item per SIM' },
				{ name: 'Input Items', value: 'items', description: 'One SIM per input item, e.g. the output of SIM → Get In Use' },
			],
		},
		{ ...paramProperty(list), displayOptions: showFor(op, { source: ['list'] }) },
		{
			displayName: 'ICCID',
			name: 'iccid',
			type: 'string',
			required: true,
			default: '={{ $json.iccid ?? $json.assetId ?? $json.device_id }}',
			description: 'ICCID of the SIM of each input item',
			displayOptions: showFor(op, { source: ['items'] }),
		},
	];
}

function pagingProperties(op: OperationSpec): INodeProperties[] {
	const returnAll: INodeProperties = {
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
		displayOptions: showFor(op),
	};
	const defaults = listOptionDefaults(op);
	if (defaults.returnAll) returnAll.default = true;
	return [
		returnAll,
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			// Literal, as n8n's lint rule wants it: the same as listOptionDefaults(op).limit, which a run reads.
			default: 50,
			typeOptions: { minValue: 1 },
			description: 'Max number of results to return',
			displayOptions: showFor(op, { returnAll: [false] }),
		},
	];
}

/** A fan-out's Concurrency option, from the catalog's default and cap (Get Many, the usage trigger). */
export function concurrencyProperty({ default: initial, max }: { default: number; max: number }): INodeProperties {
	return { displayName: 'Concurrency', name: 'concurrency', type: 'number', default: initial, typeOptions: { minValue: 1, maxValue: max }, description: 'How many SIMs are queried at the same time' };
}

/** A fan-out's Requests per Second option; `scope` names what one limiter covers ("this sweep", "each poll"). */
export function ratePerSecondProperty(scope: string): INodeProperties {
	return { displayName: 'Requests per Second', name: 'ratePerSecond', type: 'number', default: 0, typeOptions: { minValue: 0 }, description: `Upper bound on the request rate of ${scope}; 0 = no limit` };
}

function optionFields(op: OperationSpec): INodeProperties[] {
	const fields: INodeProperties[] = [];
	if (op.fanOutOf) {
		fields.push(
			concurrencyProperty(op.concurrency!),
			ratePerSecondProperty('this sweep'),
		);
	}
	if (op.paging) {
		const { maxPageSize } = op.paging;
		fields.push({
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			default: maxPageSize,
			typeOptions: { minValue: 1, maxValue: maxPageSize },
			description: 'Records fetched per request while walking the pages',
		});
	}
	if (op.pathOverridable) {
		fields.push({ displayName: 'Path Override', name: 'path', type: 'string', default: '', placeholder: `e.g. ${op.path}`, description: `Path below the base URL to use instead of the inferred ${op.path}. Another path may be a write's endpoint, so the call is then never retried and does not run with Retry On Fail on.` });
	}
	if (op.path && !isCurrentOperation(op)) {
		fields.push({ displayName: 'Extra Parameters (JSON)', name: 'extraParams', type: 'json', default: '{}', description: "Body fields the catalog does not know, sent and signed as given. A field of this operation given here is checked by its own rules and must match the node's field." });
	}
	return fields;
}

function operationFields(op: OperationSpec): INodeProperties[] {
	const props: INodeProperties[] = [];
	if (op.docNote) props.push({ displayName: op.docNote, name: 'docNotice', type: 'notice', default: '', displayOptions: showFor(op) });
	if (!op.idempotent) {
		const shown = op.retryOptIn ? showFor(op, { safeToRetry: [false] }) : showFor(op);
		props.push({ displayName: RETRY_ON_FAIL_NOTE, name: 'retryOnFailNotice', type: 'notice', default: '', displayOptions: shown });
	}
	if (op.fanOutOf) {
		props.push({
			displayName: 'Without "Continue On Fail" the node stops at the first SIM that fails and queries no more; with it every SIM gets a result or an error item',
			name: 'stopNotice',
			type: 'notice',
			default: '',
			displayOptions: showFor(op),
		});
		props.push(...fanOutProperties(op));
	}
	const fields = fieldParams(op);
	for (const spec of fields.filter(isTopLevel)) props.push({ ...paramProperty(spec), displayOptions: showFor(op) });
	if (op.retryOptIn) {
		props.push({
			displayName: 'Safe to Retry',
			name: 'safeToRetry',
			type: 'boolean',
			default: false,
			description: 'Whether repeating this call is harmless (a read). Only then is it retried after a timeout or a server error.',
			displayOptions: showFor(op),
		});
	}
	if (op.paging || op.returnsList) props.push(...pagingProperties(op));
	if (op.async) props.push(...waitProperties(op));
	if (op.simplifiedFields) {
		props.push({
			displayName: 'Simplify',
			name: 'simplify',
			type: 'boolean',
			default: true,
			description: `Whether to return a simplified version of the response instead of the raw data (${op.simplifiedFields.length} fields)`,
			displayOptions: showFor(op),
		});
	}
	const optional = fields.filter((p) => !isTopLevel(p));
	if (optional.length) {
		props.push({
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			displayOptions: showFor(op),
			// Alphabetical, as n8n lists a collection's fields.
			options: [...optional.map(paramProperty)].sort((a, b) => a.displayName.localeCompare(b.displayName)) as INodeProperties[],
		});
	}
	const options = optionFields(op);
	if (options.length) {
		props.push({ displayName: 'Options', name: 'options', type: 'collection', placeholder: 'Add Option', default: {}, displayOptions: showFor(op), options });
	}
	return props;
}

/**
 * Wait for Result on an asynchronous write (current API): its answer only acknowledges the request; waiting polls the
 * result by its request id for at most the time given, then returns it — or, when the time runs out, the write as
 * pending with its request id (neither an error nor "outcome unknown").
 */
function waitProperties(op: OperationSpec): INodeProperties[] {
	return [
		{
			displayName: 'Wait for Result',
			name: 'waitForResult',
			type: 'boolean',
			default: false,
			description: 'Whether to wait for the final result of the request instead of its acknowledgement; when the time runs out the result is "pending" with its request ID',
			displayOptions: showFor(op),
		},
		{
			displayName: 'Wait at Most (Seconds)',
			name: 'waitTimeout',
			type: 'number',
			// Literal, as n8n's lint rule wants it: the core's default bound (WAIT_FOR_RESULT.defaultTimeoutMs), 2 minutes.
			default: 120,
			typeOptions: { minValue: 1, maxValue: WAIT_FOR_RESULT.maxTimeoutMs / 1000 },
			description: 'How long to wait for the result; every check is a request against the daily quota',
			displayOptions: showFor(op, { waitForResult: [true] }),
		},
	];
}

const catalogProperties = (catalog: Catalog): INodeProperties[] => [resourceProperty(catalog), ...operationProperties(catalog)];

/** Legacy first: version-1 nodes and their tests find the legacy resource and operations where they always were. */
export const nodeProperties: INodeProperties[] = [
	...apiProperties(),
	...catalogProperties(LEGACY),
	...catalogProperties(CURRENT),
	...OPERATIONS.flatMap(operationFields),
	...CURRENT_OPERATIONS.flatMap(operationFields),
];
