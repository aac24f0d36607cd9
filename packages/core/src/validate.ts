import { CubeValidationError } from './errors';
import type { OperationSpec, ParamSpec } from './operations';
import type { Params } from './sign';

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

function kind(v: unknown): string {
	if (v === null) return 'null';
	if (Array.isArray(v)) return 'a list';
	return typeof v === 'object' ? 'an object' : `${typeof v} ${JSON.stringify(v)}`.slice(0, 40);
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

function paramValue(op: string, spec: ParamSpec, v: unknown, options: ValidateOptions): unknown {
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
			const s = typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2).replace(/\.00$/, '') : typeof v === 'string' ? v.trim() : undefined;
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

/**
 * Validates `input` against `op` and returns the body params (without the global ones).
 * Unknown keys are refused (a typo must not silently drop a field); `extra` params pass unchecked,
 * for fields the vendor's docs leave out.
 */
export function validateParams(op: OperationSpec, input: Params, options: ValidateOptions = {}, extra?: Params): Params {
	const known = new Set(op.params.map((p) => p.name));
	for (const key of Object.keys(input)) {
		if (!known.has(key) && input[key] !== undefined)
			throw new CubeValidationError(op.id, key, `is not a parameter of ${op.id} (expected one of: ${[...known].join(', ') || 'none'})`);
	}
	const out: Params = {};
	for (const spec of op.params) {
		const raw = input[spec.name];
		if (blank(raw)) {
			if (spec.required) throw new CubeValidationError(op.id, spec.name, 'is required');
			continue;
		}
		out[spec.name] = paramValue(op.id, spec, raw, options);
	}
	if (extra) {
		for (const key of Object.keys(extra)) {
			if (RESERVED.has(key)) throw new CubeValidationError(op.id, key, 'is set by the signer and cannot be given');
			out[key] = extra[key];
		}
	}
	return out;
}

/** Global params the client sets on every request. */
export const RESERVED = new Set(['access_code', 'timestamp', 'version', 'sign']);
