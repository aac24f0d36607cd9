import { API_LIMITS } from '../catalog/api-limits';
import { CURRENT_CUSTOM_CALL as CUSTOM_CALL } from '../catalog/named-operations';
import { CURRENT_MAX_PAGE_SIZE, CURRENT_OPERATIONS, getCurrentOperation, type CurrentOperationSpec, type CurrentPagingSpec } from '../catalog/current-operations';
import { signedContentTraits } from '../signing/current/current-auth-diagnosis';
import { currentApiError, readCurrentResponse, type CurrentFailure, type CurrentReading } from './current-response';
import { buildCurrentRequest, type CurrentRequest } from '../current/current-request';
import { currentUsageFacts, type CurrentUsageFacts } from '../current/current-usage-facts';
import { validateCurrentParams } from '../current/current-validate';
import { mayResendWithSameNonce } from '../current/same-nonce-resend';
import { nextSweepPage } from '../current/usage-sweep-plan';
import { checkWaitTimeout, waitForResult, WAIT_FOR_RESULT } from '../current/wait-for-result';
import { acknowledgeWrite, type WriteAcknowledgement } from '../current/write-acknowledgement';
import type { Language } from './language';
import { CubeApiError, CubeValidationError } from '../results/errors';
import { catalogWriteAt } from '../results/repeated-write';
import { InFlightLimiter } from './in-flight-limiter';
import { SendWindow } from './send-window';
import type { RateLimiter } from './rate-limiter';
import type { Params } from '../signing/legacy/sign';
import type { SignableRequest, Signer } from '../signing/signer';
import type { Sleep } from './timer-sleep';
import { transportErrorFrom, type Transport } from '../transport/transport';
import { overridesPath, type HttpMethod } from '../catalog/operations';
import { checkPath, customCallBody, type IccidCheck } from '../catalog/validate';

/**
 * The current API (REST under /cube/v4, sign v2) through a CubeClient that holds a sign v2 signer: validate against
 * the current catalog → build the request → rate limit (10 a second) and in-flight limit (3 at once) → sign →
 * send → read the `{data, status}` envelope. Reads are retried on 429 (Retry-After honoured), server errors,
 * timeouts and resets with the client's backoff; a write never is — a repeated add-bundle may cost money and a
 * repeated suspend meets the SIM's lock — except an SMS send, re-sent once with the same nonce while the vendor's
 * 10-second window makes it the same request (spec current §5.13). The daily quota is said as such and not waited on.
 */

export interface CurrentRetry {
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	maxRetryAfterMs: number;
}

/** What the CubeClient shares with its current-API calls. */
export interface CurrentCallContext {
	/** Ends in /cube/v4 (or wherever the current API sits), without a trailing slash. */
	baseUrl: string;
	/** The base URL's own path: sign v2 signs the full path (`x-sign-uri`). */
	basePath: string;
	transport: Transport;
	signer: Signer;
	language: Language;
	timeoutMs: number;
	retry: CurrentRetry;
	/** Requests started per second, shared with every call of the client. */
	limiter: RateLimiter;
	/** Requests waiting for their answer, shared with every call of the client. */
	inFlight: InFlightLimiter;
	/** Requests leaving in any second, counted as they leave (none: no limit). */
	window?: SendWindow;
	sleep: Sleep;
	/** close()'s signal. */
	closing: AbortSignal;
	now: () => number;
	iccidCheck?: IccidCheck;
}

export interface CurrentCallOptions {
	signal?: AbortSignal;
	/** Another path for an entry whose path is inferred (suspend, status). */
	path?: string;
	/** Another `X-LF-Api-Version` (the vendor's values are partly guessed); null sends none. */
	apiVersion?: string | null;
	/**
	 * Asynchronous writes: poll the async result until it is final, for at most the bound (default 2 minutes, at
	 * most 30). When the time runs out the result is still `pending`, with its request id.
	 */
	waitForResult?: boolean | { timeoutMs?: number };
	/** request() (custom call) only: the HTTP method, GET by default. */
	method?: HttpMethod;
	/** request() only: the caller says repeating it is harmless, so it may be retried. */
	idempotent?: boolean;
}

export interface CurrentPagesOptions extends CurrentCallOptions {
	/** At most this many records. */
	limit?: number;
	/** Records a request, 1–100 (default 100: the fewest requests). */
	pageSize?: number;
}

type PendingWrite = Extract<WriteAcknowledgement, { status: 'pending' }>;

/** A write's result after Wait for Result: final success, or still pending when the bound ran out. */
export type WaitedWrite = Omit<PendingWrite, 'status'> & {
	status: 'succeeded' | 'pending';
	/** The async result as last read. */
	result?: unknown;
	polls: number;
	waitedMs: number;
};

export type CurrentWriteResult = WriteAcknowledgement | WaitedWrite;

export interface UsageSweepOptions {
	/** Only SIMs in this status (10, 23, 30, 40, 50). */
	status?: number | string;
	signal?: AbortSignal;
	/** After each page, in page order, with its SIMs' facts: a caller that streams them passes keep: false. */
	onPage?: (sims: CurrentUsageFacts[], page: { pageNo: number; totalCount: number | null }) => void;
	/** Keep every SIM's facts in the result (default true). */
	keep?: boolean;
}

export interface UsageSweepResult {
	/** One entry per SIM in list order (empty with keep: false). */
	sims: CurrentUsageFacts[];
	/** The fleet's `total_count`, when the answers carry it. */
	totalCount: number | null;
	/** Requests made: pages read (retries not counted). */
	pages: number;
}

/** The vendor's quota answer is not documented (spec current §4): its words, or a wait no retry could sit out. */
const QUOTA_WORDS = /quota|daily|per day|配额|每日|每天/i;
const QUOTA_RETRY_AFTER_MS = 10 * 60_000;
const DAILY_QUOTA = API_LIMITS.current.requestsPerDay ?? 5000;

function dailyQuota(failure: CurrentFailure): boolean {
	if (failure.kind !== 'rate-limited') return false;
	return QUOTA_WORDS.test(`${failure.code === 'CB-99-9430' ? 'quota' : ''} ${failure.vendorMessage ?? ''}`) || (failure.retryAfterMs ?? 0) > QUOTA_RETRY_AFTER_MS;
}

function quotaWords(language: Language, retryAfterMs: number | undefined): string {
	const minutes = retryAfterMs === undefined ? undefined : Math.max(1, Math.round(retryAfterMs / 60_000));
	const when = minutes === undefined ? '' : minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
	const limit = DAILY_QUOTA.toLocaleString('en-US');
	return language === 'zh-CN'
		? `当前版 API 每个 IP 地址每天最多 ${limit} 次请求,由其后的所有工作流共用;未重试。${when ? `服务器建议约 ${when} 后再试。` : ''}`
		: `The current API allows ${limit} requests a day per IP address, shared by every workflow behind it; not retried.${when ? ` The server says to try again in about ${when}.` : ''}`;
}

const aborted = (operation: string, attempts: number) => new CubeApiError({ operation, kind: 'connection', detail: 'aborted', outcome: 'failed', attempts });

/** The client's default rate: the current API's vendor limit for a sign v2 client, none for a legacy one (it documents none). */
export function defaultRatePerSecond(signer: Signer | undefined): number {
	return signer?.scheme === 'sign-v2' ? (API_LIMITS.current.requestsPerSecond ?? 0) : 0;
}

/** The calls of a sign v2 client, with its in-flight limit (default the vendor's 3). */
export function currentCallsFor(context: Omit<CurrentCallContext, 'inFlight' | 'window'> & { maxInFlight?: number; ratePerSecond: number }): CurrentCalls {
	const { maxInFlight, ratePerSecond, ...rest } = context;
	// A whole number of requests a second is also kept per second as they leave; a fractional rate only by spacing.
	const window = Number.isInteger(ratePerSecond) && ratePerSecond > 0 ? new SendWindow(ratePerSecond) : undefined;
	return new CurrentCalls({ ...rest, inFlight: new InFlightLimiter(maxInFlight ?? API_LIMITS.current.maxInFlight ?? 3), ...(window ? { window } : {}) });
}

const HTTP_METHODS: HttpMethod[] = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH'];
/** The message's own keys (spec current §2.1): a param of the same name would be signed as the header's value. */
const SIGNED_KEYS = new Set(['timestamp', 'nonce', 'x-sign-uri']);

const LEGACY_HINT = ' — this client signs for the current API (sign v2); a legacy operation needs a client built with the access code and secret';

export class CurrentCalls {
	/** A request of this client was accepted: a later 403 is about that request, not the key. */
	private accepted = false;

	constructor(private readonly ctx: CurrentCallContext) {}

	/** The current catalog's entry, or an error saying which client a legacy id needs. */
	operation(id: string): CurrentOperationSpec {
		if (!CURRENT_OPERATIONS.some((op) => op.id === id)) throw new Error(`Unknown Linksfield Cube current API operation "${id}"${id.startsWith('current.') ? '' : LEGACY_HINT}`);
		return getCurrentOperation(id);
	}

	/**
	 * One operation: a read's `data` (a list's records; SIM records with their usage facts), a write's
	 * acknowledgement (pending with its request id, or done), or with Wait for Result its final result.
	 */
	async call<T = unknown>(operationId: string, params: Params = {}, options: CurrentCallOptions = {}): Promise<T> {
		const op = this.operation(operationId);
		if (options.waitForResult && !op.async) throw new CubeValidationError(op.id, 'waitForResult', 'applies to asynchronous writes only; this operation answers at once');
		const timeoutMs = options.waitForResult ? checkWaitTimeout(typeof options.waitForResult === 'object' ? (options.waitForResult.timeoutMs ?? WAIT_FOR_RESULT.defaultTimeoutMs) : WAIT_FOR_RESULT.defaultTimeoutMs, op.id) : 0;
		const values = validateCurrentParams(op, params, { iccidCheck: this.ctx.iccidCheck, now: this.ctx.now() });
		const request = buildCurrentRequest(op, values, { pathOverride: options.path, apiVersion: options.apiVersion });
		const { data } = await this.send(retryPolicy(op, options.path), request, values, options.signal);
		if (op.idempotent) return withFacts(op, data) as T;
		const ack = acknowledgeWrite(op, values, data);
		if (!timeoutMs || ack.status !== 'pending' || ack.requestId === null || ack.followWith !== 'asyncResult') return ack as T;
		return (await this.waitFor(ack, timeoutMs, options.signal)) as T;
	}

	/**
	 * A signed request to any path below the base URL, for an endpoint the catalog lacks (Custom API Call): a GET's
	 * params travel in the query, other methods' as the JSON body. Not retried unless `idempotent` says it is harmless,
	 * and never when the method and path are a catalog write's (POST /sims/{sim_id}/bundle, say).
	 */
	async request<T = unknown>(path: string, params: Params = {}, options: CurrentCallOptions = {}): Promise<T> {
		const checkedPath = checkPath(CUSTOM_CALL, path);
		if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new CubeValidationError(CUSTOM_CALL, 'params', 'must be a JSON object');
		const method = options.method ?? 'GET';
		if (!HTTP_METHODS.includes(method)) throw new CubeValidationError(CUSTOM_CALL, 'method', `must be one of ${HTTP_METHODS.join(', ')}`);
		const values = customCallBody(CUSTOM_CALL, params);
		const signedKey = Object.keys(values).find((key) => SIGNED_KEYS.has(key));
		if (signedKey) throw new CubeValidationError(CUSTOM_CALL, signedKey, 'is set by the signer (sign v2 signs it from the headers) and cannot be given');
		const query: Record<string, string> = {};
		if (method === 'GET') {
			for (const [key, value] of Object.entries(values)) {
				if (value === undefined || value === null) continue;
				if (typeof value === 'object' && !(Array.isArray(value) && value.every((v) => v === null || typeof v !== 'object')))
					throw new CubeValidationError(CUSTOM_CALL, key, 'must be text, a number, true / false or a list of them: a GET sends its params in the query');
				query[key] = Array.isArray(value) ? value.map(String).join(',') : String(value);
			}
		}
		// A call to a catalog write's endpoint (method and path) is that write, whatever `idempotent` says.
		const op = { id: CUSTOM_CALL, idempotent: options.idempotent === true && !catalogWriteAt(checkedPath, method) } as CurrentOperationSpec;
		const request: CurrentRequest = { method, path: checkedPath, query, ...(method === 'GET' ? {} : { body: values }), ...(options.apiVersion ? { apiVersion: options.apiVersion } : {}) };
		return (await this.send(op, request, values, options.signal)).data as T;
	}

	/** Polls a request's async result (GET /sims/async_result/{id}) until it is final or the bound runs out. */
	async waitForResult(requestId: string, options: { timeoutMs?: number; signal?: AbortSignal } = {}) {
		return waitForResult({
			requestId,
			fetchResult: (id) => this.call('current.sim.getAsyncResult', { request_id: id }, { signal: options.signal }),
			sleep: (ms, signal) => this.wait(ms, signal, true),
			now: this.ctx.now,
			timeoutMs: options.timeoutMs,
			signal: options.signal,
		});
	}

	/** Every record of a current list (walking its pages), or the first `limit`. */
	async allPages(operationId: string, filter: Params = {}, options: CurrentPagesOptions = {}): Promise<Record<string, unknown>[]> {
		const op = this.operation(operationId);
		const records: Record<string, unknown>[] = [];
		await this.walk(op, filter, options, (page) => {
			for (const record of page) records.push(withFacts(op, record) as Record<string, unknown>);
		});
		return records;
	}

	/**
	 * A fleet's usage from SIM list pages of 100 (spec current §4): per SIM used, total, remaining, percent used and
	 * the bundle in use — ⌈SIMs / 100⌉ requests when the answers carry `total_count`, one more at most when not. Only
	 * the facts are kept: a page's records are dropped once read.
	 */
	async sweepUsage(options: UsageSweepOptions = {}): Promise<UsageSweepResult> {
		const op = this.operation('current.sim.getMany');
		const keep = options.keep !== false;
		const sims: CurrentUsageFacts[] = [];
		const filter: Params = options.status === undefined ? {} : { status: options.status };
		const walked = await this.walk(op, filter, { pageSize: CURRENT_MAX_PAGE_SIZE, signal: options.signal }, (page, pageNo, totalCount) => {
			const facts = page.map(currentUsageFacts);
			if (keep) for (const f of facts) sims.push(f);
			options.onPage?.(facts, { pageNo, totalCount });
		});
		return { sims, totalCount: walked.totalCount, pages: walked.pages };
	}

	/**
	 * Reads a list's pages and hands each to `take` in page order. Once the first page gives `total_count`, the
	 * others are read by as many workers as the client may have in flight (3), so the sweep runs at the rate limit
	 * rather than at one round trip a page; without it, page after page until a short one.
	 */
	private async walk(
		op: CurrentOperationSpec,
		filter: Params,
		options: CurrentPagesOptions,
		take: (records: Record<string, unknown>[], pageNo: number, totalCount: number | null) => void,
	): Promise<{ pages: number; totalCount: number | null }> {
		const paging = op.listPaging;
		if (!paging) throw new Error(`${op.id} does not page`);
		const pageSize = options.pageSize ?? paging.maxPageSize;
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > paging.maxPageSize)
			throw new CubeValidationError(op.id, paging.pageSize, `must be a whole number from 1 to ${paging.maxPageSize}, got ${String(pageSize)}`);
		const limit = options.limit ?? Infinity;
		if (limit !== Infinity && (!Number.isInteger(limit) || limit < 1)) throw new CubeValidationError(op.id, 'limit', `must be a whole number of at least 1, got ${String(limit)}`);
		let taken = 0;
		const deliver = (records: Record<string, unknown>[], pageNo: number, totalCount: number | null) => {
			const page = records.length > limit - taken ? records.slice(0, limit - taken) : records;
			taken += page.length;
			take(page, pageNo, totalCount);
		};
		const first = await this.page(op, paging, filter, 1, pageSize, options);
		deliver(first.records, 1, first.totalCount);
		let pages = 1;
		if (first.totalCount !== null) {
			const wanted = Math.min(first.totalCount, limit);
			const last = Math.max(1, Math.ceil(wanted / pageSize));
			if (last > 1 && first.records.length >= pageSize && taken < limit) pages += await this.readInParallel(op, paging, filter, pageSize, last, options, deliver);
			return { pages, totalCount: first.totalCount };
		}
		let pageNo = nextSweepPage({ pageNo: 1, pageSize, received: first.records.length });
		while (pageNo !== null && taken < limit) {
			const next = await this.page(op, paging, filter, pageNo, pageSize, options);
			pages++;
			deliver(next.records, pageNo, next.totalCount);
			pageNo = nextSweepPage({ pageNo, pageSize, received: next.records.length, totalCount: next.totalCount ?? undefined });
		}
		return { pages, totalCount: null };
	}

	/** Pages 2…last by the client's in-flight number of workers, delivered in order; resolves with the pages read. */
	private async readInParallel(
		op: CurrentOperationSpec,
		paging: CurrentPagingSpec,
		filter: Params,
		pageSize: number,
		last: number,
		options: CurrentPagesOptions,
		deliver: (records: Record<string, unknown>[], pageNo: number, totalCount: number | null) => void,
	): Promise<number> {
		const ready = new Map<number, { records: Record<string, unknown>[]; totalCount: number | null }>();
		let next = 2;
		let due = 2;
		let read = 0;
		let failed = false;
		const worker = async () => {
			while (!failed && next <= last) {
				const pageNo = next++;
				try {
					ready.set(pageNo, await this.page(op, paging, filter, pageNo, pageSize, options));
				} catch (error) {
					failed = true;
					throw error;
				}
				read++;
				// Once a page failed the walk has failed: nothing more reaches the caller.
				if (failed) return;
				// Out-of-order pages wait here (at most the workers' number), so records reach the caller in list order.
				for (let page = ready.get(due); page; page = ready.get(due)) {
					ready.delete(due);
					deliver(page.records, due++, page.totalCount);
				}
			}
		};
		await Promise.all(Array.from({ length: Math.min(this.ctx.inFlight.max, last - 1) }, worker));
		return read;
	}

	private async page(op: CurrentOperationSpec, paging: CurrentPagingSpec, filter: Params, pageNo: number, pageSize: number, options: CurrentCallOptions) {
		const values = validateCurrentParams(op, { ...filter, [paging.pageNo]: pageNo, [paging.pageSize]: pageSize }, { iccidCheck: this.ctx.iccidCheck, now: this.ctx.now() });
		const { data, totalCount } = await this.send(retryPolicy(op, options.path), buildCurrentRequest(op, values, { pathOverride: options.path, apiVersion: options.apiVersion }), values, options.signal);
		if (!Array.isArray(data)) throw new CubeApiError({ operation: op.id, kind: 'malformed', detail: `page ${pageNo} has no list of ${paging.itemsName}`, outcome: 'failed' });
		return { records: data as Record<string, unknown>[], totalCount: totalCount ?? null };
	}

	private async waitFor(ack: PendingWrite, timeoutMs: number, signal?: AbortSignal): Promise<WaitedWrite> {
		const outcome = await this.waitForResult(ack.requestId!, { timeoutMs, signal });
		if (outcome.status === 'failed') throw this.jobFailure(ack, outcome.result);
		return { ...ack, status: outcome.status, ...(outcome.result === undefined ? {} : { result: outcome.result }), polls: outcome.polls, waitedMs: outcome.waitedMs };
	}

	/** A job that ended in failure: its code read as any answer's (locked, business…); not carried out, so it may be sent again (spec current §6 rule 5). */
	private jobFailure(ack: PendingWrite, result: unknown): CubeApiError {
		const error = (result as { error?: { code?: unknown; message?: unknown } } | null)?.error;
		const code = typeof error?.code === 'string' ? error.code : 'CB-99-9999';
		const message = typeof error?.message === 'string' ? error.message : 'the asynchronous result failed';
		const reading = readCurrentResponse({ status: 200, headers: {}, body: { data: null, status: { code, message } } }, { language: this.ctx.language, simId: ack.simIds[0] });
		const failure = (reading.ok ? { kind: 'business', transient: false, notProcessed: true } : reading) as CurrentFailure;
		const zh = this.ctx.language === 'zh-CN';
		const words = zh ? `请求 ${ack.requestId} 的异步结果为失败;该操作未生效,可以重新发送。` : `The asynchronous result of request ${ack.requestId} is a failure: the write did not take effect and may be sent again.`;
		return currentApiError({ ...failure, notProcessed: true, hint: failure.hint ? `${words} ${failure.hint}` : words }, { operation: ack.operation, idempotent: false });
	}

	/** Validated, built request → the answer's data, or the CubeApiError it ends in. */
	private async send(op: CurrentOperationSpec, request: CurrentRequest, values: Params, signal?: AbortSignal): Promise<{ data: unknown; totalCount?: number }> {
		const { ctx } = this;
		const url = ctx.baseUrl + request.path;
		const headers: Record<string, string> = { 'Accept-Language': ctx.language, ...(request.body ? { 'Content-Type': 'application/json' } : {}) };
		const signable: SignableRequest = { method: request.method, path: ctx.basePath + request.path, query: request.query, headers, ...(request.body ? { body: request.body } : {}), ...(request.apiVersion ? { apiVersion: request.apiVersion } : {}) };
		const simId = typeof values.sim_id === 'string' ? values.sim_id : undefined;
		const combined = signal ? AbortSignal.any([signal, ctx.closing]) : ctx.closing;
		const requestSignal = signal ? combined : undefined;
		// The one write that may go again: an SMS send, with the first attempt's nonce, inside the vendor's window.
		const sameNonce = op.sameNonceWindowMs !== undefined;
		let nonce: number | undefined;
		let firstSentAt = 0;
		// A resent write whose first attempt may have been carried out stays "unknown" whatever the resend meets.
		let maybeDoneBefore = false;
		for (let attempt = 1; ; attempt++) {
			if (combined.aborted) throw aborted(op.id, attempt - 1 || 1);
			let release: () => void;
			try {
				// A signal of its own per waiting call: many waiting calls each listening on close()'s signal pass Node's limit of 10.
				// A free slot is taken at once, and the signal only checked: no signal of its own then.
				release = await ctx.inFlight.acquire(ctx.inFlight.active < ctx.inFlight.max ? combined : AbortSignal.any([combined]));
			} catch {
				throw aborted(op.id, attempt - 1 || 1);
			}
			let reading: CurrentReading;
			try {
				const wait = ctx.limiter.reserve();
				if (wait > 0) await this.wait(wait, combined);
				for (let late = ctx.window?.take(Date.now()) ?? 0; late > 0 && !combined.aborted; late = ctx.window!.take(Date.now())) await this.wait(late, combined);
				if (combined.aborted) throw aborted(op.id, attempt - 1 || 1);
				const signed = ctx.signer.sign(nonce === undefined ? signable : { ...signable, nonce });
				if (sameNonce && nonce === undefined) {
					nonce = Number(signed.headers.nonce);
					firstSentAt = ctx.now();
				}
				try {
					const res = await ctx.transport({ method: request.method, url, query: request.query, headers: { ...headers, ...signed.headers }, body: signed.body, timeoutMs: ctx.timeoutMs, signal: requestSignal });
					const context = { language: ctx.language, now: ctx.now(), simId, acceptedBefore: this.accepted };
					reading = readCurrentResponse(res, context);
					// What the signed content holds (spaces, non-ASCII) only words a refused signature's hint: read again
					// with it then, rather than stringifying every request's parameters for it.
					if (!reading.ok && reading.kind === 'authentication') reading = readCurrentResponse(res, { ...context, ...signedContentTraits(request) });
				} catch (err) {
					if (err instanceof CubeApiError || err instanceof CubeValidationError) throw err;
					const t = transportErrorFrom(err, { url });
					reading = { ok: false, kind: t.failure === 'timeout' ? 'timeout' : 'connection', detail: t.detail, transient: t.retryable, notProcessed: !t.maybeSent };
				}
			} finally {
				release();
			}
			if (reading.ok) {
				this.accepted = true;
				return reading;
			}
			const failure = reading;
			if (dailyQuota(failure)) {
				// Hours away: no retry sits that out, and a paused limiter would stall every other call of the client.
				throw currentApiError({ ...failure, detail: 'daily request quota used up', hint: quotaWords(ctx.language, failure.retryAfterMs) }, { operation: op.id, attempts: attempt, idempotent: op.idempotent });
			}
			if (failure.kind === 'rate-limited' && failure.retryAfterMs) ctx.limiter.pause(Math.min(failure.retryAfterMs, ctx.retry.maxRetryAfterMs));
			const retryAfter = failure.retryAfterMs ?? 0;
			const mayRepeat = failure.transient && attempt <= ctx.retry.retries && retryAfter <= ctx.retry.maxRetryAfterMs && !combined.aborted;
			if (op.idempotent ? mayRepeat : sameNonce && attempt === 1 && mayRepeat) {
				const backoff = Math.min(ctx.retry.maxDelayMs, ctx.retry.baseDelayMs * 2 ** (attempt - 1));
				await this.wait(Math.max(retryAfter, backoff / 2 + Math.random() * (backoff / 2)), combined);
				// After the wait the vendor's window must still be open, with a margin for the time on the wire.
				if (op.idempotent || mayResendWithSameNonce(op, firstSentAt, ctx.now())) {
					maybeDoneBefore ||= !failure.notProcessed;
					continue;
				}
			}
			throw currentApiError({ ...failure, notProcessed: failure.notProcessed && !maybeDoneBefore }, { operation: op.id, attempts: attempt, idempotent: op.idempotent });
		}
	}

	/** Waits; an abort ends the wait early (the caller checks the signal) unless `rethrow`. */
	private async wait(ms: number, signal: AbortSignal | undefined, rethrow = false): Promise<void> {
		const combined = signal ? AbortSignal.any([signal, this.ctx.closing]) : this.ctx.closing;
		try {
			await this.ctx.sleep(ms, AbortSignal.any([combined]));
		} catch (error) {
			if (rethrow) throw combined.aborted ? aborted('waitForResult', 1) : error;
		}
	}
}

/** Another path may be another endpoint's — a write's: a call sent to an overridden path is never repeated, as in the legacy client. */
function retryPolicy(op: CurrentOperationSpec, path: string | undefined): CurrentOperationSpec {
	return op.idempotent && overridesPath(op, path) ? { ...op, idempotent: false } : op;
}

/** A read's data with the usage facts of its SIM records (SIM list, SIM detail). */
function withFacts(op: CurrentOperationSpec, data: unknown): unknown {
	if (!op.bundleFacts) return data;
	// The records are the answer's own, parsed for this call: the facts are added to them rather than to copies.
	const add = (v: unknown) => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.assign(v, currentUsageFacts(v as Record<string, unknown>)) : v);
	return Array.isArray(data) ? data.map(add) : add(data);
}
