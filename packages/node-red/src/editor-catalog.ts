import {
	ENVIRONMENTS,
	EVENT_TYPES,
	LANGUAGES,
	OPERATIONS,
	ORDER_STATUS_CODES,
	RESOURCES,
	WARNING_CODES,
	type OperationSpec,
	type ParamSpec,
	type ParamType,
} from '@linksfield-cube/core';

/**
 * The core's operation catalog reshaped for the Node-RED editor: the editor HTML embeds this JSON and draws
 * the operation picker and one TypedInput per parameter from it, so the editor cannot drift from the catalog.
 */

/** TypedInput type of catalog enums: a drop-down of the catalog's options. The runtime reads its value as text. */
export const OPTION_TYPE = 'cube-option';

const DYNAMIC = ['msg', 'flow', 'global', 'env', 'jsonata'];

/** Which TypedInput sources make sense for each catalog type (values are converted by the core's validation). */
const TYPED_INPUT_TYPES: Record<ParamType, string[]> = {
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

export interface EditorParam {
	name: string;
	label: string;
	description: string;
	required: boolean;
	inferred: boolean;
	types: string[];
	defaultType: string;
	defaultValue: string;
	options?: { value: string; label: string }[];
}

export interface EditorOperation {
	id: string;
	name: string;
	action: string;
	description: string;
	inferred: boolean;
	docNote?: string;
	/** Inferred endpoints: the user may replace the path. */
	pathOverridable: boolean;
	paging: boolean;
	fanOut: boolean;
	custom: boolean;
	params: EditorParam[];
}

export interface EditorCatalog {
	resources: { value: string; name: string; operations: EditorOperation[] }[];
	environments: { value: string; name: string; baseUrl: string; description: string }[];
	languages: { value: string; name: string }[];
	eventTypes: { value: string; name: string; description: string }[];
	warningCodes: Record<string, string>;
	orderStatusCodes: Record<string, string>;
}

function editorParam(spec: ParamSpec): EditorParam {
	const types = TYPED_INPUT_TYPES[spec.type];
	const defaultType = spec.type === 'enum' ? (spec.default === undefined ? 'str' : OPTION_TYPE) : typeof spec.default === 'number' ? 'num' : types[0];
	return {
		name: spec.name,
		label: spec.label,
		description: spec.description,
		required: spec.required,
		inferred: spec.inferred === true,
		types,
		defaultType,
		defaultValue: spec.default === undefined ? '' : String(spec.default),
		...(spec.options ? { options: spec.options.map((o) => ({ value: o.value, label: o.name })) } : {}),
	};
}

function editorOperation(op: OperationSpec): EditorOperation {
	return {
		id: op.id,
		name: op.name,
		action: op.action,
		description: op.description,
		inferred: op.docStatus === 'inferred',
		...(op.docNote ? { docNote: op.docNote } : {}),
		pathOverridable: op.docStatus === 'inferred' && op.path !== null,
		paging: op.paging !== undefined,
		fanOut: op.fanOutOf !== undefined,
		custom: op.id === 'custom.call',
		params: op.params.map(editorParam),
	};
}

export function editorCatalog(): EditorCatalog {
	return {
		resources: RESOURCES.map((r) => ({ value: r.value, name: r.name, operations: OPERATIONS.filter((op) => op.resource === r.value).map(editorOperation) })),
		environments: ENVIRONMENTS.map((e) => ({ ...e })),
		languages: LANGUAGES.map((l) => ({ ...l })),
		eventTypes: EVENT_TYPES.map((e) => ({ ...e })),
		warningCodes: { ...WARNING_CODES },
		orderStatusCodes: { ...ORDER_STATUS_CODES },
	};
}
