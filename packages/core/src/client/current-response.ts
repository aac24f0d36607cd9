import { diagnoseCurrentAuth, type CurrentAuthContext } from '../signing/current/current-auth-diagnosis';
import { header } from '../transport/header';
import { CubeApiError, sendsThereInstead, type CubeApiErrorInit, type FailureKind } from '../results/errors';
import type { TransportResponse } from '../transport/transport';
import { bodyValue, redirectTarget } from './response-body';

/**
 * Reading an answer of the current API (spec §3): the envelope `{data, status: {code, message, detail}}`, success only
 * on HTTP 200 with `CB-00-0000`; every other answer is a failure of one kind, with the vendor's code and message, and
 * for HTTP 401 / 403 what to check. Pure: the client decides on retries and outcome from what this returns.
 */

export const CURRENT_SUCCESS = 'CB-00-0000';
/** The SIM is locked by an operation still pending (spec §6). */
export const SIM_LOCKED = 'CB-01-0111';

/** The vendor refused a parameter: fix the request (spec §3.3). */
const VALIDATION_CODES = new Set(['CB-99-9400', 'CB-99-9402', 'CB-01-9999', 'CB-02-9999', 'CB-04-9999', 'CB-00-0001', 'CB-00-0002', 'CB-00-0003']);
const AUTHENTICATION_CODES = new Set(['CB-99-9401', 'CB-99-9403']);
/** "internal call error / system busy", "internal service error": the server's side, maybe worth another try. */
const SERVER_CODES = new Set(['CB-99-9500', 'CB-99-9999']);

export interface CurrentFailure extends Omit<CubeApiErrorInit, 'operation' | 'outcome' | 'attempts'> {
	kind: FailureKind;
	/** May a read be repeated (after a wait)? */
	transient: boolean;
	/** The server certainly did not carry the request out: a write's outcome is "failed", not "unknown". */
	notProcessed: boolean;
	retryAfterMs?: number;
	/** The vendor's `status.detail`: null or a documentation URL. */
	documentation?: string;
}

export type CurrentReading = { ok: true; data: unknown; /** a list's `total_count`, where the answer has one */ totalCount?: number } | ({ ok: false } & CurrentFailure);

export interface CurrentReadContext extends Omit<CurrentAuthContext, 'httpStatus' | 'code' | 'vendorMessage' | 'serverDate'> {
	/** The SIM the request was about (`sim_id`), named when it is locked. */
	simId?: string;
}

interface Envelope {
	data: unknown;
	code: string;
	message?: string;
	detail?: string;
	totalCount?: number;
}


function parseEnvelope(body: unknown): Envelope | undefined {
	const value = bodyValue(body);
	if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
	const { data, status, total_count } = value as Record<string, unknown>;
	if (status === null || typeof status !== 'object' || typeof (status as Record<string, unknown>).code !== 'string') return undefined;
	const { code, message, detail, total_count: countInStatus } = status as Record<string, unknown>;
	// total_count's place is NOT FOUND (spec §3.1): beside data, else inside status; a number or its text.
	const count = total_count ?? countInStatus;
	const totalCount = typeof count === 'number' || (typeof count === 'string' && /^\d+$/.test(count)) ? Number(count) : undefined;
	return {
		data: data ?? null,
		code: code as string,
		message: typeof message === 'string' ? message : undefined,
		detail: typeof detail === 'string' && /^https?:\/\//.test(detail) ? detail : undefined,
		totalCount: totalCount !== undefined && Number.isSafeInteger(totalCount) ? totalCount : undefined,
	};
}

function retryAfterMs(headers: TransportResponse['headers'], now: number): number | undefined {
	const v = header(headers, 'retry-after');
	if (v === undefined) return undefined;
	const seconds = Number(v);
	if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
	const date = Date.parse(v);
	return Number.isFinite(date) ? Math.max(0, date - now) : undefined;
}

function kindOf(status: number, code: string | undefined): FailureKind {
	// The documented HTTP statuses (spec §3.2) decide first; the code decides for the rest.
	if (status === 401 || status === 403) return 'authentication';
	if (status === 429) return 'rate-limited';
	if (status >= 500) return 'server';
	if (code === SIM_LOCKED) return 'locked';
	if (code !== undefined && AUTHENTICATION_CODES.has(code)) return 'authentication';
	if (code !== undefined && VALIDATION_CODES.has(code)) return 'validation';
	if (code !== undefined && SERVER_CODES.has(code)) return 'server';
	if (code !== undefined) return 'business';
	return status === 400 ? 'validation' : 'http';
}

const LOCKED_WORDS = {
	'en-US': (sim: string) =>
		`${sim} is locked by an operation still pending: wait until it ends (usually seconds, under network congestion tens of minutes) and read its result before trying again. Not retried.`,
	'zh-CN': (sim: string) => `${sim} 有尚未完成的操作,已被锁定:请等待其结束(通常几秒,网络拥塞时可达数十分钟)并确认结果后再试。未自动重试。`,
};

export function readCurrentResponse(res: TransportResponse, context: CurrentReadContext = {}): CurrentReading {
	const now = context.now ?? Date.now();
	const envelope = parseEnvelope(res.body);
	if (res.status === 200 && envelope?.code === CURRENT_SUCCESS) {
		return envelope.totalCount === undefined ? { ok: true, data: envelope.data } : { ok: true, data: envelope.data, totalCount: envelope.totalCount };
	}
	const documentation = envelope?.detail;
	const refusal = envelope !== undefined && envelope.code !== CURRENT_SUCCESS;
	const kind = kindOf(res.status, refusal ? envelope.code : undefined);
	if (res.status >= 200 && res.status < 300 && !refusal) {
		// A 2xx without the envelope (a proxy's page, a cut answer), or the success code on a status other than 200
		// (the spec's rule wants both, §3.2): what the server did is not known.
		return { ok: false, kind: 'malformed', httpStatus: res.status, transient: !envelope, notProcessed: false, detail: envelope ? `HTTP ${res.status} with the success code` : 'not the {data, status} envelope' };
	}
	if (res.status >= 300 && res.status < 400) {
		// Never followed (transports send with redirects off), read as the legacy client reads one: after a 301/302/303
		// (post/redirect/get) a write may have been carried out; a 307/308 asks for it to be sent there instead.
		const redirectedTo = redirectTarget(header(res.headers, 'location'));
		return { ok: false, kind: 'http', httpStatus: res.status, transient: false, notProcessed: sendsThereInstead(res.status), ...(redirectedTo ? { redirectedTo } : {}) };
	}
	const failure: CurrentFailure & { ok: false } = {
		ok: false,
		kind,
		httpStatus: res.status,
		transient: kind === 'rate-limited' || kind === 'server',
		// A refusal in the API's own envelope was decided before anything was done (as the legacy client assumes for
		// 429, README "Errors and retries"); a 5xx, or a 429 without the API's refusal, may follow work.
		notProcessed: kind === 'server' ? false : kind === 'rate-limited' ? refusal : true,
		...(refusal ? { code: envelope.code, vendorMessage: envelope.message } : {}),
		...(documentation ? { documentation } : {}),
	};
	if (kind === 'http' && res.status === 404) failure.detail = 'path not found';
	if (kind === 'rate-limited') {
		const wait = retryAfterMs(res.headers, now);
		if (wait !== undefined) failure.retryAfterMs = wait;
	}
	if (kind === 'authentication') {
		const diagnosis = diagnoseCurrentAuth({ ...context, now, httpStatus: res.status, code: envelope?.code, vendorMessage: envelope?.message, serverDate: header(res.headers, 'date') });
		failure.settings = diagnosis.settings;
		failure.hint = diagnosis.hint;
	}
	if (kind === 'locked') failure.hint = LOCKED_WORDS[context.language === 'zh-CN' ? 'zh-CN' : 'en-US'](context.simId ? `SIM ${context.simId}` : 'The SIM');
	if (documentation) failure.hint = `${failure.hint ? failure.hint + ' ' : ''}${context.language === 'zh-CN' ? '说明' : 'See'}: ${documentation}`;
	return failure;
}

export interface CurrentErrorContext {
	operation: string;
	attempts?: number;
	/** A write whose failure did not certainly stop it has the outcome "unknown". */
	idempotent: boolean;
}

/** The CubeApiError a failure ends in: outcome "unknown" for a write the server may have carried out. */
export function currentApiError(failure: CurrentFailure, context: CurrentErrorContext): CubeApiError {
	const { ok: _ok, transient: _transient, notProcessed, retryAfterMs: _retry, documentation: _doc, ...init } = failure as CurrentFailure & { ok?: false };
	return new CubeApiError({ ...init, operation: context.operation, attempts: context.attempts, outcome: !context.idempotent && !notProcessed ? 'unknown' : 'failed' });
}
