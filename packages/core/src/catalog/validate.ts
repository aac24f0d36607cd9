import { CubeValidationError } from '../results/errors';
import type { OperationSpec, ParamSpec } from './operations';
import type { Params } from '../signing/legacy/sign';

/**
 * Turns user input into the exact body params an operation wants, or throws CubeValidationError naming the
 * field — before anything is signed or sent. Values arrive from n8n expressions, Node-RED TypedInputs and
 * msg properties, so numbers-as-strings and strings-as-numbers are normal and converted where lossless.
 */

export type IccidCheck = 'strict' | 'digits' | 'off';

export interface ValidateOptions {
	/** strict: 19–20 digits (default); digits: any run of 10–24 digits; off: any non-empty text. */
	iccidCheck?: IccidCheck;
}

const blank = (v: unknown) => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');

function iccidValue(op: string, field: string, v: unknown, check: IccidCheck): string {
	let s: string;
	if (typeof v === 'string') s = v.trim();
	else if (typeof v === 'number' && Number.isSafeInteger(v)) s = String(v);
	else if (typeof v === 'number') throw new CubeValidationError(op, field, 'is a number too long to be exact; pass the ICCID as text');
	else throw new CubeValidationError(op, field, `must be an ICCID as text, got ${kind(v)}`);
	if (s === '') throw new CubeValidationError(op, field, 'is empty');
	if (check === 'strict' && !/^\d{19,20}$/.test(s))
		throw new CubeValidationError(op, field, `must be an ICCID of 19–20 digits, got "${clip(s)}" (${s.length} characters)`);
	if (check === 'digits' && !/^\d{10,24}$/.test(s)) throw new CubeValidationError(op, field, `must be 10–24 digits, got "${clip(s)}"`);
	return s;
}

/** What a value is, for a refusal ("a list", "string \"x\""). */
export function kind(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	if (typeof v === 'bigint') return `bigint ${String(v)}`.slice(0, 40);
	if (typeof v === 'function' || typeof v === 'symbol' || v === undefined) return typeof v;
	return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`.slice(0, 40);
}

/** Keys n8n's HTTP helper drops when it copies the body (after it was signed), so the signature would not match. */
const DROPPED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isPlainObject = (v: object) => {
	const proto = Object.getPrototypeOf(v);
	return proto === Object.prototype || proto === null;
};

/**
 * A value that goes on the wire as given (extra params, the custom call's body): it must be plain JSON that
 * signs and sends the same, or the server sees something else than what was signed. Names the exact place.
 * `ancestors`: the objects and lists that contain it, so a circular one is named where it refers back.
 */
export function checkJsonValue(op: string, field: string, v: unknown, ancestors: object[] = []): void {
	if (v === null || typeof v === 'string' || typeof v === 'boolean') return;
	if (typeof v === 'number') {
		if (!Number.isFinite(v)) throw new CubeValidationError(op, field, `must be a finite number, got ${v}`);
		return;
	}
	if (typeof v === 'object' && ancestors.includes(v)) throw new CubeValidationError(op, field, 'refers back to an object that contains it (a circular object), which JSON cannot carry');
	if (ancestors.length > 32) throw new CubeValidationError(op, field, 'is nested too deeply (more than 32 levels)');
	const inside = typeof v === 'object' ? [...ancestors, v] : ancestors;
	if (Array.isArray(v)) {
		v.forEach((item, i) => {
			if (item === undefined) throw new CubeValidationError(op, `${field}[${i}]`, 'is undefined, which JSON cannot carry');
			checkJsonValue(op, `${field}[${i}]`, item, inside);
		});
		return;
	}
	if (typeof v === 'object' && isPlainObject(v)) {
		for (const key of Object.keys(v)) {
			if (DROPPED_KEYS.has(key)) throw new CubeValidationError(op, `${field}.${key}`, 'is a key HTTP clients drop (__proto__, constructor, prototype): it would be signed but not sent');
			const item = (v as Params)[key];
			if (item !== undefined) checkJsonValue(op, `${field}.${key}`, item, inside);
		}
		return;
	}
	throw new CubeValidationError(op, field, `cannot be sent as JSON, got ${typeof v === 'object' ? (v.constructor?.name ?? 'an object') : kind(v)}`);
}

/** The top-level keys of a body given as is, checked the same way. */
function checkJsonParams(op: string, params: Params): void {
	for (const key of Object.keys(params)) {
		if (DROPPED_KEYS.has(key)) throw new CubeValidationError(op, key, 'is a key HTTP clients drop (__proto__, constructor, prototype): it would be signed but not sent');
		if (RESERVED.has(key)) throw new CubeValidationError(op, key, 'is set by the signer and cannot be given');
		if (params[key] !== undefined) checkJsonValue(op, key, params[key], [params]);
	}
}

/**
 * A path below the base URL (path override, custom call): plain segments only. A "." or ".." segment would
 * leave the API's base path (https://host/cube/v4/../x is https://host/cube/x).
 */
export function checkPath(op: string, path: unknown): string {
	const p = typeof path === 'string' ? path.trim() : '';
	if (!/^\/[\w\-./]*$/.test(p)) throw new CubeValidationError(op, 'path', 'must be a path starting with "/", e.g. /flow/queryDeviceFlowUsage');
	if (p.split('/').some((segment) => segment === '.' || segment === '..'))
		throw new CubeValidationError(op, 'path', `must not contain "." or ".." segments (they would leave the API's base path), got "${clip(p)}"`);
	return p;
}

/** The same value in two places is fine; two different values are refused, naming both places. */
const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/**
 * The custom call's body: its params and the extra params together, every value plain JSON. A key in both with
 * different values is refused rather than one silently winning.
 */
export function customCallBody(op: string, params: Params, extra: Params = {}): Params {
	checkJsonParams(op, params);
	checkJsonParams(op, extra);
	for (const key of Object.keys(extra)) {
		if (params[key] !== undefined && extra[key] !== undefined && !sameValue(params[key], extra[key]))
			throw new CubeValidationError(op, key, `is given twice, in the parameters and in the extra parameters, with different values; set it in one place`);
	}
	return { ...params, ...extra };
}

const clip = (s: string) => (s.length > 30 ? s.slice(0, 27) + '…' : s);

function wholeNumber(op: string, spec: ParamSpec, v: unknown): number {
	let n: number;
	if (typeof v === 'number') n = v;
	else if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) n = Number(v);
	else throw new CubeValidationError(op, spec.name, `must be a whole number, got ${kind(v)}`);
	if (!Number.isSafeInteger(n)) throw new CubeValidationError(op, spec.name, `must be a whole number, got ${kind(v)}`);
	if (spec.min !== undefined && n < spec.min) throw new CubeValidationError(op, spec.name, `must be at least ${spec.min}, got ${n}`);
	if (spec.max !== undefined && n > spec.max) throw new CubeValidationError(op, spec.name, `must be at most ${spec.max}, got ${n}`);
	return n;
}

/** A list from an array, or from text separated by commas, semicolons, spaces or new lines. */
export function toList(v: unknown): unknown[] | undefined {
	if (Array.isArray(v)) return v;
	if (typeof v === 'string') return v.split(/[\s,;]+/).filter((s) => s !== '');
	return undefined;
}

/** The ICCIDs in a list field as the nodes accept it (an array, or text separated by commas, spaces or new lines). */
export function iccidsFromText(v: unknown): string[] {
	return (toList(v) ?? []).map((s) => String(s).trim()).filter((s) => s !== '');
}

/** One field by its own rules (no cross-field rules): the value to send, or CubeValidationError naming it. */
export function paramValue(op: string, spec: ParamSpec, v: unknown, options: ValidateOptions): unknown {
	const check = options.iccidCheck ?? 'strict';
	switch (spec.type) {
		case 'iccid':
			return iccidValue(op, spec.name, v, check);
		case 'iccidList': {
			const list = toList(v);
			if (!list) throw new CubeValidationError(op, spec.name, `must be a list of ICCIDs, got ${kind(v)}`);
			if (list.length === 0) throw new CubeValidationError(op, spec.name, 'is an empty list');
			if (spec.maxItems !== undefined && list.length > spec.maxItems)
				throw new CubeValidationError(op, spec.name, `has ${list.length} ICCIDs; at most ${spec.maxItems} are allowed`);
			const seen = new Set<string>();
			return list.map((item, i) => {
				const value = iccidValue(op, `${spec.name}[${i}]`, item, check);
				if (seen.has(value)) throw new CubeValidationError(op, `${spec.name}[${i}]`, `repeats ICCID ${value}`);
				seen.add(value);
				return value;
			});
		}
		case 'integer':
			return wholeNumber(op, spec, v);
		case 'digits':
			return String(wholeNumber(op, { ...spec, min: spec.min ?? 0 }, v));
		case 'amount': {
			// A number is taken as JavaScript writes it: 12.5 becomes "12.50", 1.005 stays 1.005 and is refused —
			// never rounded to an amount the user did not give.
			const written = typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined;
			const s = written !== undefined ? (/^\d+(\.\d{1,2})?$/.test(written) ? (v as number).toFixed(2).replace(/\.00$/, '') : written) : typeof v === 'string' ? v.trim() : undefined;
			if (s === undefined || !/^\d+(\.\d{1,2})?$/.test(s))
				throw new CubeValidationError(op, spec.name, `must be an amount with at most two decimals, got ${kind(v)}`);
			return s;
		}
		case 'enum': {
			const s = typeof v === 'number' ? String(v) : typeof v === 'string' ? v.trim() : undefined;
			const allowed = spec.options ?? [];
			if (s === undefined || !allowed.some((o) => o.value === s))
				throw new CubeValidationError(op, spec.name, `must be one of ${allowed.map((o) => `${o.value} (${o.name.replace(/ \(\d+\)$/, '')})`).join(', ')}; got ${kind(v)}`);
			return s;
		}
		case 'object':
			if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new CubeValidationError(op, spec.name, `must be a JSON object, got ${kind(v)}`);
			return v;
		case 'string':
			if (typeof v === 'string') return v.trim();
			if (typeof v === 'number' && Number.isSafeInteger(v)) return String(v);
			throw new CubeValidationError(op, spec.name, `must be text, got ${kind(v)}`);
	}
}

/** Refuses a key of `input` that is not one of `params` (a typo must not silently drop a field); an undefined value is no key. */
export function refuseUnknownParams(opId: string, params: readonly { name: string }[], input: Params): void {
	const known = new Set(params.map((p) => p.name));
	for (const key of Object.keys(input)) {
		if (!known.has(key) && input[key] !== undefined)
			throw new CubeValidationError(opId, key, `is not a parameter of ${opId} (expected one of: ${[...known].join(', ') || 'none'})`);
	}
}

/**
 * Validates `input` against `op` and returns the body params (without the global ones).
 * Unknown keys are refused (a typo must not silently drop a field). `extra` params are for fields the vendor's
 * docs leave out: sent as given (plain JSON only). A catalog field given as extra is checked by its own rules;
 * given in both places with different values, it is refused naming both — one must never silently replace
 * the other (a different order renewed than the one shown).
 */
export function validateParams(op: OperationSpec, input: Params, options: ValidateOptions = {}, extra?: Params): Params {
	refuseUnknownParams(op.id, op.params, input);
	const out: Params = {};
	for (const spec of op.params) {
		const raw = input[spec.name];
		const again = extra?.[spec.name];
		if (!blank(again)) {
			const fromExtra = paramValue(op.id, { ...spec, name: `extra.${spec.name}` }, again, options);
			if (!blank(raw) && !sameValue(paramValue(op.id, spec, raw, options), fromExtra))
				throw new CubeValidationError(op.id, spec.name, `is given twice with different values, in its field (${describeValue(raw)}) and in the extra parameters (${describeValue(again)}); set it in one place`);
			out[spec.name] = fromExtra;
			continue;
		}
		if (blank(raw)) {
			if (spec.required) throw new CubeValidationError(op.id, spec.name, 'is required');
			continue;
		}
		out[spec.name] = paramValue(op.id, spec, raw, options);
	}
	if (extra) {
		const known = new Set(op.params.map((p) => p.name));
		const rest = Object.fromEntries(Object.entries(extra).filter(([key]) => !known.has(key)));
		checkJsonParams(op.id, rest);
		for (const [key, value] of Object.entries(rest)) if (value !== undefined) out[key] = value;
	}
	return out;
}

const describeValue = (v: unknown) => (typeof v === 'string' ? `"${clip(v)}"` : kind(v));

/** Global params the client sets on every request. */
export const RESERVED = new Set(['access_code', 'timestamp', 'version', 'sign']);
