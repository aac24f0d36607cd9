/**
 * Errors the core raises. Messages name what happened, the vendor code/message and the operation;
 * they never carry the secret or the signed body.
 */

import type { SigningSetting } from './signing-diagnosis';

export type Outcome = 'failed' | 'unknown';

export class CubeValidationError extends Error {
	readonly field: string;
	readonly rule: string;
	readonly operation: string;
	constructor(operation: string, field: string, rule: string) {
		super(`${operation}: parameter "${field}" ${rule}. Nothing was sent.`);
		this.name = 'CubeValidationError';
		this.operation = operation;
		this.field = field;
		this.rule = rule;
	}
}

export type FailureKind =
	| 'business' // envelope code != "0000" or success != true
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
}

function describe(init: CubeApiErrorInit): string {
	const what =
		init.kind === 'business'
			? `${init.vendorMessage || 'request rejected'} (code ${init.code ?? 'none'})`
			: init.kind === 'http'
				? `HTTP ${init.httpStatus}${init.detail ? `: ${init.detail}` : ''}`
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
	}

	get outcomeUnknown(): boolean {
		return this.outcome === 'unknown';
	}

	/** A plain object for node output (msg.error / n8n error item). */
	toJSON() {
		return {
			name: this.name,
			message: this.message,
			operation: this.operation,
			kind: this.kind,
			code: this.code,
			vendorMessage: this.vendorMessage,
			httpStatus: this.httpStatus,
			outcome: this.outcome,
			attempts: this.attempts,
			settings: this.settings,
		};
	}
}
