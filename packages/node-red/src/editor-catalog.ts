import {
	CURRENT_ENVIRONMENTS,
	CURRENT_OPERATIONS,
	CURRENT_RESOURCES,
	ENVIRONMENTS,
	EVENT_TYPES,
	LANGUAGES,
	OPERATIONS,
	ORDER_STATUS_CODES,
	RESOURCES,
	WARNING_CODES,
	catalogText,
	fieldsFor,
	isCurrentOperation,
	operationName,
	operationRun,
	type Field,
	type Language,
	type OperationSpec,
} from '@linksfield-cube/core';
import { defaultInput, OPTION_TYPE, TYPED_INPUT_TYPES } from './typed-input';

/**
 * The core's operation catalog reshaped for the Node-RED editor: the editor HTML embeds this JSON and draws
 * the operation picker and one TypedInput per field of the core's fieldsFor() (the list the n8n node draws
 * too), so the editor cannot drift from the catalog.
 */

export { OPTION_TYPE };

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
	/** Current API lists: the page fields, shown for "One page" only (Return All / Up to read 100 a request). */
	pageFields?: string[];
	/** Current API, asynchronous writes: Wait for Result applies. */
	async: boolean;
	/** Fan-out: requests in flight at once, by default and at most. */
	concurrency?: { default: number; max: number };
	/** One result per SIM (fan-out, or a bulk order's per-SIM answer): one message each, or one array. */
	perSim: boolean;
	custom: boolean;
	params: EditorParam[];
}

type EditorResource = { value: string; name: string; operations: EditorOperation[] };
type EditorEnvironment = { value: string; name: string; baseUrl: string; description: string };

export interface EditorCatalog {
	/** The legacy API's operations and environments (a config node without an API is legacy). */
	resources: EditorResource[];
	environments: EditorEnvironment[];
	/** The current API's: the action node lists these when its config node speaks the current API. */
	current: { resources: EditorResource[]; environments: EditorEnvironment[] };
	languages: { value: string; name: string }[];
	eventTypes: { value: string; name: string; description: string }[];
	warningCodes: Record<string, string>;
	orderStatusCodes: Record<string, string>;
}

function editorParam(field: Field): EditorParam {
	const types = TYPED_INPUT_TYPES[field.type];
	const { type: defaultType } = defaultInput(field);
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
		paging: operationRun(op) === 'paging',
		async: op.async !== undefined,
		...(isCurrentOperation(op) && op.listPaging ? { pageFields: [op.listPaging.pageNo, op.listPaging.pageSize] } : {}),
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
	const resources = (list: { value: string; name: string }[], operations: OperationSpec[]): EditorResource[] =>
		list.map((r) => ({ value: r.value, name: t(r.name), operations: operations.filter((op) => op.resource === r.value).map((op) => editorOperation(op, lang)) }));
	const environments = (list: EditorEnvironment[]): EditorEnvironment[] => list.map((e) => ({ ...e, name: t(e.name), description: t(e.description) }));
	return {
		resources: resources(RESOURCES, OPERATIONS),
		environments: environments(ENVIRONMENTS),
		current: { resources: resources(CURRENT_RESOURCES, CURRENT_OPERATIONS), environments: environments(CURRENT_ENVIRONMENTS) },
		languages: LANGUAGES.map((l) => ({ ...l, name: t(l.name) })),
		eventTypes: EVENT_TYPES.map((e) => ({ ...e, name: t(e.name), description: t(e.description) })),
		warningCodes: translatedCodes(WARNING_CODES, lang),
		orderStatusCodes: translatedCodes(ORDER_STATUS_CODES, lang),
	};
}

/** The languages the editor and help are written in. */
export const EDITOR_LANGUAGES: Language[] = ['en-US', 'zh-CN'];
