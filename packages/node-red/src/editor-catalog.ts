import {
	ENVIRONMENTS,
	EVENT_TYPES,
	LANGUAGES,
	OPERATIONS,
	ORDER_STATUS_CODES,
	RESOURCES,
	WARNING_CODES,
	catalogText,
	fieldsFor,
	operationName,
	type Field,
	type Language,
	type OperationSpec,
	type ParamType,
} from '@linksfield-cube/core';

/**
 * The core's operation catalog reshaped for the Node-RED editor: the editor HTML embeds this JSON and draws
 * the operation picker and one TypedInput per field of the core's fieldsFor() (the list the n8n node draws
 * too), so the editor cannot drift from the catalog.
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
	placeholder?: string;
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
	/** Fan-out: requests in flight at once, by default and at most. */
	concurrency?: { default: number; max: number };
	/** One result per SIM (fan-out, or a bulk order's per-SIM answer): one message each, or one array. */
	perSim: boolean;
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

function editorParam(field: Field): EditorParam {
	const types = TYPED_INPUT_TYPES[field.type];
	const defaultType = field.type === 'enum' ? (field.default === undefined ? 'str' : OPTION_TYPE) : typeof field.default === 'number' ? 'num' : types[0];
	return {
		name: field.name,
		label: field.label,
		description: field.description,
		required: field.required,
		inferred: field.inferred,
		types,
		defaultType,
		defaultValue: field.default === undefined ? '' : String(field.default),
		...(field.options ? { options: field.options.map((o) => ({ value: o.value, label: o.name })) } : {}),
		...(field.placeholder ? { placeholder: field.placeholder } : {}),
	};
}

function editorOperation(op: OperationSpec, lang: Language): EditorOperation {
	return {
		id: op.id,
		name: operationName(op, lang),
		action: catalogText(op.action, lang),
		description: catalogText(op.description, lang),
		inferred: op.docStatus === 'inferred',
		...(op.docNote ? { docNote: catalogText(op.docNote, lang) } : {}),
		pathOverridable: op.pathOverridable,
		paging: op.paging !== undefined,
		fanOut: op.fanOutOf !== undefined,
		...(op.concurrency ? { concurrency: op.concurrency } : {}),
		perSim: op.fanOutOf !== undefined || op.itemResults !== undefined,
		custom: op.custom === true,
		params: fieldsFor(op, lang).map(editorParam),
	};
}

const translatedCodes = (codes: Record<string, string>, lang: Language) =>
	Object.fromEntries(Object.entries(codes).map(([code, meaning]) => [code, catalogText(meaning, lang)]));

/** The catalog with its texts in `lang` (values, ids and types are the same in every language). */
export function editorCatalog(lang: Language = 'en-US'): EditorCatalog {
	const t = (text: string) => catalogText(text, lang);
	return {
		resources: RESOURCES.map((r) => ({
			value: r.value,
			name: t(r.name),
			operations: OPERATIONS.filter((op) => op.resource === r.value).map((op) => editorOperation(op, lang)),
		})),
		environments: ENVIRONMENTS.map((e) => ({ ...e, name: t(e.name), description: t(e.description) })),
		languages: LANGUAGES.map((l) => ({ ...l, name: t(l.name) })),
		eventTypes: EVENT_TYPES.map((e) => ({ ...e, name: t(e.name), description: t(e.description) })),
		warningCodes: translatedCodes(WARNING_CODES, lang),
		orderStatusCodes: translatedCodes(ORDER_STATUS_CODES, lang),
	};
}

/** The languages the editor and help are written in. */
export const EDITOR_LANGUAGES: Language[] = ['en-US', 'zh-CN'];
