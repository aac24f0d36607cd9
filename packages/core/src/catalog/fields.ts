import { catalogText } from './catalog-zh-cn';
import type { Language } from '../client/language';
import type { OperationSpec, ParamOption, ParamSpec, ParamType } from './operations';

/**
 * The fields a user fills in for one operation, as every UI shows them: the n8n node's properties and the
 * Node-RED editor's rows are both drawn from this list, so a param added to the catalog shows up in both with
 * the same label, help text, default, options and example. What stays with each UI is its own widgets.
 */
export interface Field {
	/** The param's name as the API spells it. */
	name: string;
	label: string;
	/** The catalog's description; an inferred field says so and asks to verify it. */
	description: string;
	type: ParamType;
	required: boolean;
	/** The catalog default; none = the field starts empty (an optional field is then not sent). */
	default?: string | number;
	options?: ParamOption[];
	/** An enum of which several values may be chosen (a list is sent). */
	multiple?: boolean;
	min?: number;
	max?: number;
	/** "e.g. …" from the catalog's example. */
	placeholder?: string;
	/** Where users stumble, said next to the field. */
	hint?: string;
	/** The field's name or meaning is a deduction. */
	inferred: boolean;
	/** A list to pick the value from (Plan Code: Plan → Get Plans). */
	listedBy?: ParamSpec['listedBy'];
	/** 'main': on the node (required fields, and a JSON body); 'additional': under Additional Fields. */
	placement: 'main' | 'additional';
	/**
	 * When it applies: 'pageByPage' only when the user pages by hand (a UI that walks every page sets it itself);
	 * 'listSource' only when a fan-out's SIMs come from this list (not one SIM per input item).
	 */
	shownWhen?: 'pageByPage' | 'listSource';
}

/** Where users stumble: the ICCID is the SIM's 19–20 digit number, not its IMSI or phone number. */
export const ICCID_HINT = 'The 19–20 digit number printed on the SIM card (not the IMSI or the phone number)';
export const INFERRED_FIELD_NOTE = 'Field inferred — verify on UAT.';

const EXAMPLE: Record<Language, (example: string) => string> = { 'en-US': (e) => `e.g. ${e}`, 'zh-CN': (e) => `例如 ${e}` };
const withNote: Record<Language, (description: string, note: string) => string> = { 'en-US': (d, n) => `${d}. ${n}`, 'zh-CN': (d, n) => `${d}。${n}` };

/** Required params, and a JSON body (the custom call's whole point), sit on the node; the rest are optional extras. */
export const placementOf = (spec: Pick<ParamSpec, 'required' | 'type'>): Field['placement'] => (spec.required || spec.type === 'object' ? 'main' : 'additional');

function shownWhen(op: OperationSpec, spec: ParamSpec): Field['shownWhen'] {
	if (op.paging && (spec.name === op.paging.pageNo || spec.name === op.paging.pageSize)) return 'pageByPage';
	if (op.fanOutOf && spec.type === 'iccidList') return 'listSource';
	return undefined;
}

function field(op: OperationSpec, spec: ParamSpec, lang: Language): Field {
	const t = (text: string) => catalogText(text, lang);
	const description = spec.inferred && !/inferred/i.test(spec.description) ? withNote[lang](t(spec.description), t(INFERRED_FIELD_NOTE)) : t(spec.description);
	const when = shownWhen(op, spec);
	return {
		name: spec.name,
		label: t(spec.label),
		description,
		type: spec.type,
		required: spec.required,
		...(spec.default !== undefined ? { default: spec.default } : {}),
		...(spec.options ? { options: spec.options.map((o) => ({ value: o.value, name: t(o.name) })) } : {}),
		...(spec.multiple ? { multiple: true } : {}),
		...(spec.min !== undefined ? { min: spec.min } : {}),
		...(spec.max !== undefined ? { max: spec.max } : {}),
		...(spec.example !== undefined ? { placeholder: EXAMPLE[lang](spec.example) } : {}),
		...(spec.type === 'iccid' ? { hint: t(ICCID_HINT) } : {}),
		inferred: spec.inferred === true,
		...(spec.listedBy ? { listedBy: spec.listedBy } : {}),
		placement: placementOf(spec),
		...(when ? { shownWhen: when } : {}),
	};
}

/** The operation's fields in catalog order, their texts in `lang`. */
export function fieldsFor(op: OperationSpec, lang: Language = 'en-US'): Field[] {
	return op.params.map((spec) => field(op, spec, lang));
}

const OWN_FIELDS = new WeakMap<OperationSpec, readonly Field[]>();

/**
 * The fields a node has for the operation, in English: all but the page fields (Return All / Limit walk the pages)
 * and a fan-out's list (its node chooses where the SIMs come from). Made once per operation: a run reads them for
 * every item.
 */
export function ownFields(op: OperationSpec): readonly Field[] {
	let fields = OWN_FIELDS.get(op);
	if (!fields) OWN_FIELDS.set(op, (fields = Object.freeze(fieldsFor(op).filter((f) => f.shownWhen === undefined))));
	return fields;
}

/**
 * Return All, Limit and Simplify as a node starts them, and as a run takes them when they are not set. Lists that
 * always came whole (SIMs, plans) return all: a workflow saved before the Limit existed must not start checking only
 * the first 50 SIMs of a fleet. Paged order lists keep the usual Limit.
 */
export function listOptionDefaults(op: OperationSpec): { returnAll: boolean; limit: number; simplify: boolean } {
	return { returnAll: !op.paging && op.returnsList === true, limit: 50, simplify: true };
}
