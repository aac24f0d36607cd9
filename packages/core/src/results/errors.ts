/**
 * Errors the core raises. Messages name what happened, the vendor code/message and the operation;
 * they never carry the secret or the signed body.
 */

import type { SigningSetting } from '../signing/signer';
import { withoutUndefined } from './without-undefined';

export type Outcome = 'failed' | 'unknown';

export class CubeValidationError extends Error {
	readonly field: string;
	readonly rule: string;
	readonly operation: string;
	/** `message` replaces the standard sentence for a refusal about a setting rather than a parameter. */
	constructor(operation: string, field: string, rule: string, message?: string) {
		super(message ?? `${operation}: parameter "${field}" ${rule}. Nothing was sent.`);
		this.name = 'CubeValidationError';
		this.operation = operation;
		this.field = field;
		this.rule = rule;
	}
}

export type FailureKind =
	| 'business' // envelope code != "0000" or success != true
	| 'validation' // current API: the vendor refused a parameter (CB-99-9400, CB-99-9402, CB-0x-9999, CB-00-000x)
	| 'locked' // current API CB-01-0111: the SIM has an operation still pending
	| 'authentication' // current API: HTTP 401 / 403, CB-99-9401 / CB-99-9403
	| 'server' // current API: CB-99-9500 / CB-99-9999, HTTP 5xx
	| 'http' // non-2xx status
	| 'rate-limited' // 429
	| 'timeout'
	| 'connection' // reset / refused / DNS
	| 'malformed'; // 2xx but not a JSON envelope, or an envelope without what the API documents

export interface CubeApiErrorInit {
	operation: string;
	kind: FailureKind;
	code?: string;
	vendorMessage?: string;
	httpStatus?: number;
	outcome: Outcome;
	attempts?: number;
	detail?: string;
	/** For a signature / timestamp / access-code refusal: the settings to check, most likely first. */
	settings?: SigningSetting[];
	/** The sentence naming them (signing-diagnosis.ts). */
	hint?: string;
	/** A redirect (HTTP 3xx, never followed): where it pointed, without its query. */
	redirectedTo?: string;
}

/** 307 and 308 ask for the same request to be sent to the other address: the one that answered did not carry it out. */
export const sendsThereInstead = (status: number | undefined) => status === 307 || status === 308;

/** The first words on an HTTP failure: a redirect says where it pointed, and that it was not followed. */
function httpWords(init: CubeApiErrorInit): string {
	const status = init.httpStatus ?? 0;
	if (status < 300 || status >= 400) return `HTTP ${init.httpStatus}${init.detail ? `: ${init.detail}` : ''}`;
	const where = init.redirectedTo ? `to ${init.redirectedTo}` : 'without a Location';
	// A redirect would carry the signed body (or at least its signature) to an address nobody configured.
	const words = `redirected (HTTP ${status}) ${where}, not followed — a signed request is sent only to the configured base URL`;
	return sendsThereInstead(status) ? `${words}. Not carried out: HTTP ${status} asks for the same request to be sent there instead, and nothing was sent there` : words;
}

function describe(init: CubeApiErrorInit): string {
	const what =
		init.kind === 'business' || init.kind === 'locked' || (init.code !== undefined && (init.kind === 'validation' || init.kind === 'authentication' || init.kind === 'server'))
			? `${init.vendorMessage || 'request rejected'} (code ${init.code ?? 'none'})`
			: init.kind === 'http' || init.kind === 'validation' || init.kind === 'authentication' || init.kind === 'server'
				? httpWords(init)
				: init.kind === 'rate-limited'
					? `rate limited by the API (HTTP 429${init.detail ? `, ${init.detail}` : ''})`
					: init.kind === 'timeout'
						? 'no answer before the timeout'
						: init.kind === 'connection'
							? `connection failed${init.detail ? ` (${init.detail})` : ''}`
							: `the answer was not what the API documents${init.detail ? ` (${init.detail})` : ''}`;
	const unknown =
		init.outcome === 'unknown'
			? ' Outcome unknown: the request may have been carried out. It was not retried, to avoid a duplicate; check the orders before repeating it.'
			: '';
	const tries = init.attempts && init.attempts > 1 ? ` after ${init.attempts} attempts` : '';
	return `Linksfield Cube ${init.operation} failed${tries}: ${what}.${unknown}${init.hint ? ' ' + init.hint : ''}`;
}

export class CubeApiError extends Error {
	readonly operation: string;
	readonly kind: FailureKind;
	/** Vendor business code ("0000" is success), when the API answered with an envelope. */
	readonly code?: string;
	readonly vendorMessage?: string;
	readonly httpStatus?: number;
	/** 'unknown' when a write may have reached the server and was deliberately not retried. */
	readonly outcome: Outcome;
	readonly attempts: number;
	/** Set when the server refused the signature, timestamp or access code: what to check. */
	readonly settings?: SigningSetting[];
	/** A redirect (never followed): where it pointed, without its query. */
	readonly redirectedTo?: string;
	constructor(init: CubeApiErrorInit) {
		super(describe(init));
		this.name = 'CubeApiError';
		this.operation = init.operation;
		this.kind = init.kind;
		this.code = init.code;
		this.vendorMessage = init.vendorMessage;
		this.httpStatus = init.httpStatus;
		this.outcome = init.outcome;
		this.attempts = init.attempts ?? 1;
		if (init.settings) this.settings = init.settings;
		if (init.redirectedTo) this.redirectedTo = init.redirectedTo;
	}

	get outcomeUnknown(): boolean {
		return this.outcome === 'unknown';
	}

	/** JSON.stringify(error): its name and the fields of toPlainError(). */
	toJSON() {
		return { name: this.name, ...toPlainError(this) };
	}
}

/** A failure class: the core's failure kinds, 'validation' (a parameter refused before anything was sent, or by the current API) or 'error' (any other). */
export type ErrorKind = FailureKind | 'validation' | 'error';

/**
 * An error as a flow sees it: the n8n node's error items and the Node-RED node's msg.error carry these fields
 * with these meanings. Messages come from the core, which never puts the secret or the signed body in them.
 */
export interface PlainError {
	/** What happened, the vendor's code and message, the operation. */
	message: string;
	/** The failure class: business (the vendor refused), http, rate-limited, timeout, connection, malformed, validation, error; current API also locked, authentication, server. */
	kind: ErrorKind;
	/** The vendor's business code, only when Linksfield answered with one ("0000" is success). */
	code?: string;
	vendorMessage?: string;
	operation?: string;
	/** 'failed': not carried out; 'unknown': a write may have been carried out, and was not repeated. */
	outcome?: Outcome;
	httpStatus?: number;
	/** Requests sent, retries included. */
	attempts?: number;
	/** Validation: the parameter at fault. */
	field?: string;
	/** A refused signature, timestamp or access code: the settings to check, most likely first. */
	settings?: SigningSetting[];
	/** A redirect (HTTP 3xx, never followed): where it pointed, without its query. */
	redirectedTo?: string;
	/** The SIM and the order the failed request was about. */
	iccid?: string;
	orderId?: string;
	/** A Custom API Call's failure: the catalog operation whose path it called (Bulk Order's, say), and its SIMs. */
	catalogOperation?: string;
	failedIccids?: string[];
}

/** The SIM (device_id; the current API's sim_id) and order (order_id) a request is about. */
export function targetOf(params: Record<string, unknown>): Pick<PlainError, 'iccid' | 'orderId'> {
	const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined);
	return withoutUndefined({ iccid: text(params.device_id) ?? text(params.sim_id), orderId: text(params.order_id) });
}

/** Any error as a PlainError; `about` names the SIM and order of the request when the error does not. */
export function toPlainError(error: unknown, about: Pick<PlainError, 'iccid' | 'orderId' | 'catalogOperation' | 'failedIccids'> = {}): PlainError {
	if (error instanceof CubeApiError) {
		const { message, kind, code, vendorMessage, operation, outcome, httpStatus, attempts, settings, redirectedTo } = error;
		return withoutUndefined({ message, kind, code, vendorMessage, operation, outcome, httpStatus, redirectedTo, attempts, settings, ...about });
	}
	if (error instanceof CubeValidationError) {
		return withoutUndefined({ message: error.message, kind: 'validation' as const, operation: error.operation, outcome: 'failed' as const, field: error.field, ...about });
	}
	return withoutUndefined({ message: error instanceof Error ? error.message : String(error), kind: 'error' as const, ...about });
}
