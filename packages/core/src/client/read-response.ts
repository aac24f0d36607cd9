import { sendsThereInstead, type FailureKind } from '../results/errors';
import type { TransportResponse } from '../transport/transport';
import { bodyValue, redirectTarget } from './response-body';

/** What one attempt came to: the answer's data, or a classified failure and what it says about repeating it. */
export interface Attempt {
	ok: boolean;
	data?: unknown;
	kind?: FailureKind;
	code?: string;
	vendorMessage?: string;
	httpStatus?: number;
	detail?: string;
	/** Would repeating it be safe for a write? (the request certainly did nothing) */
	notProcessed?: boolean;
	/** May a read be repeated? */
	transient?: boolean;
	retryAfterMs?: number;
	redirectedTo?: string;
}

function retryAfterMs(headers: TransportResponse['headers']): number | undefined {
	const raw = headers['retry-after'] ?? headers['Retry-After'];
	const v = Array.isArray(raw) ? raw[0] : raw;
	if (v === undefined) return undefined;
	const seconds = Number(v);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(v);
	return Number.isFinite(date) ? Math.max(0, date - Date.now()) : undefined;
}

/** A redirect's Location header, as the server wrote it. */
function location(headers: TransportResponse['headers']): string | undefined {
	const raw = headers.location ?? headers.Location;
	return Array.isArray(raw) ? raw[0] : raw;
}

function parseEnvelope(body: unknown): Record<string, unknown> | undefined {
	const value = bodyValue(body);
	if (value === null || typeof value !== 'object' || Array.isArray(value) || !('code' in value)) return undefined;
	return value as Record<string, unknown>;
}

function stripSign(data: unknown): unknown {
	if (data && typeof data === 'object' && !Array.isArray(data) && 'sign' in data) {
		const { sign: _opaque, ...rest } = data as Record<string, unknown>;
		return rest;
	}
	return data;
}

/** Reads the vendor envelope: success data, or a classified failure. Shared by every transport. */
export function readResponse(res: TransportResponse, requestUrl?: string): Attempt {
	if (res.status === 429) {
		// Assumption (README, "Errors and retries"): a 429 carrying the API's own refusal envelope comes from its
		// rate limiter, before the request is processed — so even a write may be repeated. Any other 429 (a
		// success envelope, a gateway's page, no body) may follow a request that was carried out.
		const envelope = parseEnvelope(res.body);
		const refused = envelope !== undefined && envelope.success !== true && String(envelope.code) !== '0000';
		return { ok: false, kind: 'rate-limited', httpStatus: 429, transient: true, notProcessed: refused, retryAfterMs: retryAfterMs(res.headers), detail: refused ? undefined : 'without the API\'s refusal' };
	}
	if (res.status >= 500) return { ok: false, kind: 'http', httpStatus: res.status, transient: true };
	// Every transport sends with redirects off: following one would hand the signed body (or, for a GET, its
	// signature) to another address, repeat a write, or report another request's answer as this one's. A 307/308
	// asks for this very request to be sent there, so it was not carried out here; after a 301/302/303 (which
	// clients follow with a GET, so servers answer a carried-out POST with them) it may have been.
	if (res.status >= 300 && res.status < 400) return { ok: false, kind: 'http', httpStatus: res.status, notProcessed: sendsThereInstead(res.status), redirectedTo: redirectTarget(location(res.headers), requestUrl) };
	if (res.status < 200 || res.status >= 300) return { ok: false, kind: 'http', httpStatus: res.status, notProcessed: true, detail: res.status === 404 ? 'path not found' : undefined };
	const envelope = parseEnvelope(res.body);
	if (!envelope) return { ok: false, kind: 'malformed', httpStatus: res.status, transient: true, detail: 'invalid JSON' };
	const code = String(envelope.code);
	if (code !== '0000' || envelope.success !== true) {
		return { ok: false, kind: 'business', code, vendorMessage: typeof envelope.message === 'string' ? envelope.message : undefined, httpStatus: res.status, notProcessed: true };
	}
	return { ok: true, data: stripSign(envelope.data) };
}
