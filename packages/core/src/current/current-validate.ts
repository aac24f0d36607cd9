import { USAGE_WINDOWS, type CurrentCheck, type CurrentOperationSpec } from '../catalog/current-operations';
import { CubeValidationError } from '../results/errors';
import type { ParamSpec } from '../catalog/operations';
import type { Params } from '../signing/legacy/sign';
import { kind, paramValue, refuseUnknownParams, toList, type ValidateOptions } from '../catalog/validate';

/**
 * Turns user input into the values a current API operation sends, or throws CubeValidationError naming the
 * field — before anything is signed or sent. Each field is checked by the legacy rules where they fit (ICCIDs,
 * lists, whole numbers, options), then by what the current API adds: enums sent as numbers or booleans, lists
 * of options, text length and shape, and the rules across fields the catalog names (usage windows, cancel modes,
 * time ranges).
 */

export interface CurrentValidateOptions extends ValidateOptions {
	/** The time the usage windows count back from (epoch ms); default now. */
	now?: number;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);
const clip = (s: string) => (s.length > 30 ? s.slice(0, 27) + '…' : s);
/** Characters as a person counts them: code points, so an emoji is one (the simulator counts the same way). */
export const characterCount = (s: string) => [...s].length;

function optionValue(op: string, spec: ParamSpec, v: unknown, options: ValidateOptions): unknown {
	// Booleans come as booleans from expressions and msg properties; the options are their text.
	const given = spec.sendAs === 'boolean' && typeof v === 'boolean' ? String(v) : v;
	const text = paramValue(op, spec, given, options) as string;
	if (spec.sendAs === 'integer') return Number(text);
	if (spec.sendAs === 'boolean') return text === 'true';
	return text;
}

function textValue(op: string, spec: ParamSpec, v: unknown, options: ValidateOptions): string {
	let s: string;
	if (spec.verbatim) {
		if (typeof v === 'string') s = v;
		else if (typeof v === 'number' && Number.isFinite(v)) s = String(v);
		else throw new CubeValidationError(op, spec.name, `must be text, got ${kind(v)}`);
	} else s = paramValue(op, spec, v, options) as string;
	const length = characterCount(s);
	if (spec.maxLength !== undefined && length > spec.maxLength) throw new CubeValidationError(op, spec.name, `has ${length} characters; at most ${spec.maxLength} are allowed`);
	if (spec.pattern !== undefined && !new RegExp(spec.pattern).test(s)) throw new CubeValidationError(op, spec.name, `is not valid, got "${clip(s)}" (${spec.description})`);
	return s;
}

function fieldValue(op: string, spec: ParamSpec, v: unknown, options: ValidateOptions): unknown {
	if (spec.type === 'enum' && spec.multiple) {
		const list = toList(v);
		if (!list) throw new CubeValidationError(op, spec.name, `must be a list of options, got ${kind(v)}`);
		const values = list.map((item, i) => optionValue(op, { ...spec, name: `${spec.name}[${i}]` }, item, options));
		return [...new Set(values)];
	}
	if (spec.type === 'enum') return optionValue(op, spec, v, options);
	if (spec.type === 'string') return textValue(op, spec, v, options);
	return paramValue(op, spec, v, options);
}

const DAY_MS = 86_400_000;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH = /^(\d{4})-(\d{2})$/;
const pad = (n: number) => String(n).padStart(2, '0');
const dayText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const monthText = (index: number) => `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`;

/** A day as epoch ms (UTC midnight), or undefined when the text is no real day. */
function dayOf(text: string): number | undefined {
	const m = DAY.exec(text);
	if (!m) return undefined;
	const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
	return dayText(ms) === text ? ms : undefined;
}

/** A month as year × 12 + month − 1, or undefined. */
function monthOf(text: string): number | undefined {
	const m = MONTH.exec(text);
	if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return undefined;
	return Number(m[1]) * 12 + Number(m[2]) - 1;
}

/**
 * Spec current §5.4: daily usage at most 60 days back, monthly at most 6 months back, nothing before 2023-01-01; the
 * vendor refuses a start after the end (CB-00-0001). Days and months count in UTC, as the API's times do.
 */
function usageWindow(op: string, out: Params, now: number): void {
	const daily = out.period_type === 1;
	const parse = daily ? dayOf : monthOf;
	const shape = daily ? 'a day as YYYY-MM-DD for daily usage' : 'a month as YYYY-MM for monthly usage';
	const at = (field: 'begin_from' | 'end_by') => {
		const text = out[field] as string;
		const value = parse(text);
		if (value === undefined) throw new CubeValidationError(op, field, `must be ${shape}, got "${clip(text)}"`);
		return value;
	};
	const begin = at('begin_from');
	const end = at('end_by');
	if (begin > end) throw new CubeValidationError(op, 'begin_from', `is after end_by (${out.begin_from} > ${out.end_by})`);
	const floor = daily ? dayOf(USAGE_WINDOWS.earliest)! : monthOf(USAGE_WINDOWS.earliest.slice(0, 7))!;
	const show = daily ? dayText : monthText;
	if (begin < floor) throw new CubeValidationError(op, 'begin_from', `is before ${show(floor)}: the API has no usage before ${USAGE_WINDOWS.earliest}`);
	if (daily) {
		const earliest = Math.floor(now / DAY_MS) * DAY_MS - USAGE_WINDOWS.dailyDaysBack * DAY_MS;
		if (begin < earliest) throw new CubeValidationError(op, 'begin_from', `is more than ${USAGE_WINDOWS.dailyDaysBack} days back; daily usage goes back to ${dayText(earliest)}`);
	} else {
		const today = new Date(now);
		const earliest = today.getUTCFullYear() * 12 + today.getUTCMonth() - USAGE_WINDOWS.monthlyMonthsBack;
		if (begin < earliest) throw new CubeValidationError(op, 'begin_from', `is more than ${USAGE_WINDOWS.monthlyMonthsBack} months back; monthly usage goes back to ${monthText(earliest)}`);
	}
}

/**
 * Spec current §5.7's three modes, chosen explicitly: without an order ID the vendor ends every bundle and suspends
 * the SIM, so an order ID left empty by accident must not quietly become "end all".
 */
function cancelMode(op: string, out: Params): void {
	const { mode, order_id: orderId, keep_alive: keepAlive } = out;
	if (mode === 'all') {
		if (orderId !== undefined) throw new CubeValidationError(op, 'order_id', 'must be empty when Mode is End All Bundles (with an order ID only that bundle ends)');
		if (keepAlive === true) throw new CubeValidationError(op, 'keep_alive', 'goes only with an order ID; End All Bundles starts none');
		delete out.keep_alive;
		return;
	}
	if (orderId === undefined) throw new CubeValidationError(op, 'order_id', `is required when Mode is ${mode === 'bundle' ? 'End One Bundle' : 'End One Bundle and Start the Next'}`);
	if (mode === 'bundle') {
		if (keepAlive === true) throw new CubeValidationError(op, 'keep_alive', 'must not be Yes when Mode is End One Bundle; choose End One Bundle and Start the Next');
		delete out.keep_alive;
		return;
	}
	if (keepAlive === false) throw new CubeValidationError(op, 'keep_alive', 'must not be No when Mode is End One Bundle and Start the Next');
	out.keep_alive = true;
}

function timeRange(op: string, out: Params): void {
	const { begin_from: from, end_by: to } = out;
	if (typeof from === 'number' && typeof to === 'number' && from > to) throw new CubeValidationError(op, 'begin_from', `is after end_by (${from} > ${to})`);
}

const CHECKS: Record<CurrentCheck, (op: string, out: Params, now: number) => void> = { usageWindow, cancelMode, timeRange };

/**
 * Validates `input` against `op` and returns the values by param name (local ones included; the request builder
 * sends only path, query and body params). Unknown keys are refused: a typo must not silently drop a field.
 * A blank field is left out, or refused when required; the UIs fill in the catalog defaults.
 */
export function validateCurrentParams(op: CurrentOperationSpec, input: Params, options: CurrentValidateOptions = {}): Params {
	refuseUnknownParams(op.id, op.params, input);
	const out: Params = {};
	for (const spec of op.params) {
		const raw = input[spec.name];
		if (blank(raw)) {
			if (spec.required) throw new CubeValidationError(op.id, spec.name, 'is required');
			continue;
		}
		out[spec.name] = fieldValue(op.id, spec, raw, options);
	}
	const now = options.now ?? Date.now();
	for (const check of op.checks ?? []) CHECKS[check](op.id, out, now);
	return out;
}
