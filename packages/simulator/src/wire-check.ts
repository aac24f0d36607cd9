import type { OperationSpec, ParamSpec } from '@linksfield-cube/core';
import { SimError } from './messages';

/**
 * What the simulator accepts on the wire, driven by the catalog's ParamSpec types. Unlike the client's
 * validateParams (which converts friendly input), this is strict: the API wants `renew_period` as a JSON
 * integer and `device_id` as a string, so `"1"` or a numeric ICCID is refused the way a real server would.
 * Params the catalog does not list pass through (callers may add fields the vendor docs leave out).
 */

const ICCID = /^\d{19,20}$/;
const DIGITS = /^\d+$/;
const AMOUNT = /^\d+(\.\d{1,2})?$/;

const empty = (v: unknown) => v === undefined || v === null || v === '';
const shown = (v: unknown) => (typeof v === 'string' ? `"${v.length > 30 ? v.slice(0, 27) + '…' : v}"` : Array.isArray(v) ? 'a list' : JSON.stringify(v));

function problem(spec: ParamSpec, value: unknown): string | undefined {
	switch (spec.type) {
		case 'string':
			return typeof value === 'string' ? undefined : `must be a string, got ${shown(value)}`;
		case 'iccid':
			return typeof value === 'string' && ICCID.test(value) ? undefined : `must be an ICCID string of 19–20 digits, got ${shown(value)}`;
		case 'digits': {
			if (typeof value !== 'string' || !DIGITS.test(value)) return `must be a string of digits, got ${shown(value)}`;
			return spec.min !== undefined && Number(value) < spec.min ? `must be at least ${spec.min}` : undefined;
		}
		case 'amount':
			return typeof value === 'string' && AMOUNT.test(value) ? undefined : `must be an amount string with at most two decimals, got ${shown(value)}`;
		case 'integer': {
			if (typeof value !== 'number' || !Number.isInteger(value)) return `must be an integer, got ${shown(value)}`;
			if (spec.min !== undefined && value < spec.min) return `must be at least ${spec.min}`;
			return spec.max !== undefined && value > spec.max ? `must be at most ${spec.max}` : undefined;
		}
		case 'enum': {
			const allowed = (spec.options ?? []).map((o) => o.value);
			return typeof value === 'string' && allowed.includes(value) ? undefined : `must be one of "${allowed.join('", "')}" (a string), got ${shown(value)}`;
		}
		case 'iccidList': {
			if (!Array.isArray(value) || value.length === 0) return `must be a non-empty array of ICCID strings, got ${shown(value)}`;
			if (spec.maxItems !== undefined && value.length > spec.maxItems) return `has ${value.length} items; at most ${spec.maxItems}`;
			const bad = value.findIndex((v) => typeof v !== 'string' || !ICCID.test(v));
			if (bad >= 0) return `[${bad}] must be an ICCID string of 19–20 digits, got ${shown(value[bad])}`;
			return new Set(value).size === value.length ? undefined : 'repeats an ICCID';
		}
		case 'object':
			return value !== null && typeof value === 'object' && !Array.isArray(value) ? undefined : `must be a JSON object, got ${shown(value)}`;
	}
}

/** Throws SimError('badParam') naming the first missing or ill-typed parameter. */
export function checkParams(op: OperationSpec, body: Record<string, unknown>): void {
	for (const spec of op.params) {
		const value = body[spec.name];
		if (empty(value)) {
			if (spec.required) throw new SimError('badParam', `${spec.name} is required`);
			continue;
		}
		const why = problem(spec, value);
		if (why) throw new SimError('badParam', `${spec.name} ${why}`);
	}
}

/** The global params every endpoint wants as strings (spec §2.2); `sign` is the signature check's business. */
export function checkGlobals(body: Record<string, unknown>): void {
	for (const name of ['access_code', 'timestamp', 'version']) {
		const value = body[name];
		if (empty(value)) throw new SimError('badParam', `${name} is required`);
		if (typeof value !== 'string') throw new SimError('badParam', `${name} must be a string, got ${shown(value)}`);
	}
	if (!DIGITS.test(body.timestamp as string)) throw new SimError('badParam', `timestamp must be epoch digits, got ${shown(body.timestamp)}`);
}
