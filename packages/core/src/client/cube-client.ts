import { baseUrlFor, checkedBaseUrl, type Environment, type Language } from './environments';
import { currentCallsFor, defaultRatePerSecond, type CurrentCallOptions, type CurrentCalls, type UsageSweepOptions } from './current-call';
import { CubeApiError, CubeValidationError, sendsThereInstead, type FailureKind } from '../results/errors';
import { NAMED_OPERATIONS as NAMED } from '../catalog/named-operations';
import { getOperation, OPERATIONS, operationLookup, overridesPath, type OperationSpec } from '../catalog/operations';
import { RateLimiter } from './rate-limiter';
import type { CanonicalOptions, Params } from '../signing/legacy/sign';
import { LegacyHmacSigner } from '../signing/legacy/legacy-hmac-signer';
import type { SignableRequest, Signer } from '../signing/signer';
import { TransportError, transportErrorFrom, type Transport, type TransportResponse } from '../transport/transport';
import { withUsageFacts } from '../results/usage';
import { timerSleep, type Sleep } from './timer-sleep';
import { checkPath, customCallBody, toList, validateParams, type IccidCheck } from '../catalog/validate';

export interface RetryOptions {
	/** Extra attempts for reads (and for writes that certainly never reached the server). */
	retries: number;
	baseDelayMs: number;
	maxDelayMs: number;
	/** Longest Retry-After honoured; a longer one fails at once instead of stalling a flow. */
	maxRetryAfterMs: number;
}

export interface CubeClientOptions {
	environment?: Environment;
	baseUrl?: string;
	/**
	 * How each request is signed: a scheme's signer (legacyHmacSigner(), SignV2Signer). Without one, `accessCode`,
	 * `secret` and the settings below make the legacy one; without a secret either, the client sends unsigned params
	 * and the transport must sign.
	 */
	signer?: Signer;
	accessCode?: string;
	secret?: string;
	language?: Language;
	timeoutMs?: number;
	timestampUnit?: 's' | 'ms';
	version?: string;
	canonical?: CanonicalOptions;
	iccidCheck?: IccidCheck;
	retry?: Partial<RetryOptions>;
	/** Requests per second shared by every call of this client (0 = unlimited); a sign v2 client's default is the current API's 10. */
	ratePerSecond?: number;
	/** Sign v2 client: requests waiting for their answer at once, at most (default the current API's 3). */
	maxInFlight?: number;
	/** How requests are sent: n8n's HTTP helper, or the axios transport the Node entry (node.ts) gives by default. */
	transport: Transport;
	/** Waits for rate limits and retry backoff; n8n passes n8n-workflow's sleep (its nodes may not use timers). */
	sleep?: Sleep;
	now?: () => number;
	/** The operation catalog the client serves (default: the core's own); tests give a small one. */
	operations?: OperationSpec[];
}

export interface CallOptions extends CurrentCallOptions {
	/** Params the catalog does not know, sent (and signed) as given. */
	extra?: Params;
	/** Replace the catalog's path (inferred endpoints). */
	path?: string;
	signal?: AbortSignal;
	/** Custom API Call only: the caller says repeating it is harmless, so it may be retried. */
	idempotent?: boolean;
}

export interface OrdersQuery {
	device_id?: string;
	order_id?: string;
	order_status?: string;
	order_type?: string;
}

export type ManyResult<T> = { iccid: string; index: number; ok: true; data: T } | { iccid: string; index: number; ok: false; error: Error };

export interface ManyOptions {
	concurrency?: number;
	/** Extra cap for this sweep, on top of the client's own rate. */
	ratePerSecond?: number;
	/** After each SIM, with its result: a caller that stops at the first failure aborts `signal` from here. */
	onProgress?: (done: number, total: number, result: ManyResult<Record<string, unknown>>) => void;
	signal?: AbortSignal;
}

/** Page options of a walk through a paging operation's pages. */
export interface PagesOptions extends CallOptions {
	/** At most this many records. */
	limit?: number;
	pageSize?: number;
}

/** The value at a dotted path ("page.total_pages") of an answer's data. */
function valueAt(data: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), data);
}

const DEFAULT_RETRY: RetryOptions = { retries: 3, baseDelayMs: 250, maxDelayMs: 8000, maxRetryAfterMs: 60000 };

interface Attempt {
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

/** A redirect's Location, resolved against the request's URL, without query or fragment (a server may reflect the signature there). */
function redirectTarget(headers: TransportResponse['headers'], requestUrl: string | undefined): string | undefined {
	const raw = headers.location ?? headers.Location;
	const location = Array.isArray(raw) ? raw[0] : raw;
	if (!location) return undefined;
	let target: string;
	try {
		const u = new URL(location, requestUrl);
		target = `${u.protocol}//${u.host}${u.pathname}`;
	} catch {
		target = location.split(/[?#]/)[0];
	}
	return target.length > 200 ? `${target.slice(0, 200)}…` : target;
}

function parseEnvelope(body: unknown): Record<string, unknown> | undefined {
	let value = body;
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			value = JSON.parse(body.toString());
		} catch {
			return undefined;
		}
	}
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
	if (res.status >= 300 && res.status < 400) return { ok: false, kind: 'http', httpStatus: res.status, notProcessed: sendsThereInstead(res.status), redirectedTo: redirectTarget(res.headers, requestUrl) };
	if (res.status < 200 || res.status >= 300) return { ok: false, kind: 'http', httpStatus: res.status, notProcessed: true, detail: res.status === 404 ? 'path not found' : undefined };
	const envelope = parseEnvelope(res.body);
	if (!envelope) return { ok: false, kind: 'malformed', httpStatus: res.status, transient: true, detail: 'invalid JSON' };
	const code = String(envelope.code);
	if (code !== '0000' || envelope.success !== true) {
		return { ok: false, kind: 'business', code, vendorMessage: typeof envelope.message === 'string' ? envelope.message : undefined, httpStatus: res.status, notProcessed: true };
	}
	return { ok: true, data: stripSign(envelope.data) };
}

/**
 * CubeClient: validate → sign → send → parse. Reads are retried on 429 / 5xx / timeouts / resets with
 * capped, jittered backoff; writes are retried only when the request certainly never reached the server,
 * otherwise they fail with outcome "unknown" — a repeated order costs the user money.
 */
export class CubeClient {
	readonly baseUrl: string;
	private readonly options: CubeClientOptions;
	private readonly transport: Transport;
	private readonly retry: RetryOptions;
	private readonly limiter: RateLimiter;
	private readonly closing = new AbortController();
	private readonly sleep: Sleep;
	private readonly headers: Record<string, string>;
	private readonly signer?: Signer;
	/** The base URL's own path (`/cube/v4`): a signer signs the path as sent. */
	private readonly basePath: string;
	/** A signed request was accepted: a later signature refusal is about the request, not the secret. */
	private signatureAccepted = false;
	/** The catalog entry of an operation id (the client's catalog). */
	readonly operation: (id: string) => OperationSpec;
	/** The catalog's custom call: its id labels request()'s errors. */
	private readonly customCall: string;
	/** With a sign v2 signer: the current API's calls (client/current-call.ts), which call() and allPages() hand over to. */
	private readonly current?: CurrentCalls;

	constructor(options: CubeClientOptions) {
		this.options = options;
		this.baseUrl = options.baseUrl ? checkedBaseUrl(options.baseUrl) : baseUrlFor(options.environment ?? 'production');
		if (options.secret !== undefined && !options.accessCode) throw new Error('CubeClient needs an access code with its secret');
		if (typeof options.transport !== 'function') throw new Error('CubeClient needs a transport: pass one, or take CubeClient from @linksfield-cube/core/node, which sends through axios by default');
		this.transport = options.transport;
		this.retry = { ...DEFAULT_RETRY, ...options.retry };
		this.limiter = new RateLimiter(options.ratePerSecond ?? defaultRatePerSecond(options.signer));
		this.sleep = options.sleep ?? timerSleep;
		this.headers = { 'Content-Type': 'application/json', 'Accept-Language': options.language ?? 'en-US' };
		this.signer = options.signer ?? (options.secret === undefined ? undefined : new LegacyHmacSigner({ accessCode: options.accessCode!, secret: options.secret, version: options.version, timestampUnit: options.timestampUnit, canonical: options.canonical, now: options.now }));
		this.basePath = new URL(this.baseUrl).pathname.replace(/\/$/, '');
		const operations = options.operations ?? OPERATIONS;
		if (this.signer?.scheme === 'sign-v2') {
			const { transport, retry, limiter, sleep, signer, basePath, baseUrl } = this;
			const now = options.now ?? Date.now;
			this.current = currentCallsFor({ baseUrl, basePath, transport, signer, retry, limiter, sleep, now, language: options.language ?? 'en-US', timeoutMs: options.timeoutMs ?? 30000, closing: this.closing.signal, iccidCheck: options.iccidCheck, maxInFlight: options.maxInFlight, ratePerSecond: options.ratePerSecond ?? defaultRatePerSecond(signer) });
		}
		const current = this.current;
		this.operation = current ? (id) => current.operation(id) : options.operations ? operationLookup(options.operations) : getOperation;
		this.customCall = operations.find((op) => op.custom)?.id ?? 'request';
	}

	/** Validates, signs and sends a catalog operation; returns the envelope's `data` (usage with derived facts). */
	async call<T = Record<string, unknown>>(operationId: string, params: Params = {}, options: CallOptions = {}): Promise<T> {
		if (this.current) return this.current.call<T>(operationId, params, options);
		const op = this.operation(operationId);
		if (op.fanOut) throw new Error(`${op.id} is not one request; use fanOut()`);
		if (op.custom) {
			const { path, params: body, ...rest } = params as { path?: unknown; params?: Params };
			if (Object.keys(rest).length) throw new CubeValidationError(op.id, Object.keys(rest)[0], `is not a parameter of ${op.id} (put body fields in "params")`);
			return this.request<T>(String(path ?? ''), (body as Params) ?? {}, options);
		}
		const body = validateParams(op, this.withPagingDefaults(op, params), { iccidCheck: this.options.iccidCheck }, options.extra);
		const path = options.path === undefined ? op.path! : checkPath(op.id, options.path);
		// Another path may be another endpoint — a renewal's, say: its effects are unknown, so it is never repeated.
		const data = await this.send(op.id, path, body, op.idempotent && !overridesPath(op, path), options.signal);
		return (op.usageFacts && data && typeof data === 'object' ? withUsageFacts(data as Record<string, unknown>) : data) as T;
	}

	/** A signed call to any path (Custom API Call). Not retried unless `idempotent` says it is safe. */
	async request<T = unknown>(path: string, params: Params = {}, options: CallOptions = {}): Promise<T> {
		if (this.current) return this.current.request<T>(path, params, options);
		const checkedPath = checkPath(this.customCall, path);
		if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new CubeValidationError(this.customCall, 'params', 'must be a JSON object');
		const body = customCallBody(this.customCall, params, options.extra);
		return (await this.send(this.customCall, checkedPath, body, options.idempotent === true, options.signal)) as T;
	}

	getUsage(iccid: string, options?: CallOptions) {
		return this.call<ReturnType<typeof withUsageFacts>>(NAMED.getUsage, { device_id: iccid }, options);
	}
	getSim(iccid: string, options?: CallOptions) {
		return this.call(NAMED.getSim, { device_id: iccid }, options);
	}
	getSimsInUse(options?: CallOptions) {
		return this.call<Array<Record<string, unknown>>>(NAMED.getSimsInUse, {}, options);
	}
	renewPlan(orderId: string, periods = 1, options?: CallOptions) {
		return this.call(NAMED.renewPlan, { order_id: orderId, renew_period: periods }, options);
	}
	orderPlan(params: Params, options?: CallOptions) {
		return this.call(NAMED.orderPlan, params, options);
	}
	bulkOrderPlan(params: Params, options?: CallOptions) {
		return this.call(NAMED.bulkOrderPlan, params, options);
	}
	queryOrders(params: Params = {}, options?: CallOptions) {
		return this.call(NAMED.queryOrders, params, options);
	}

	/** Every order matching the filter, walking pages until the last one (or `limit` orders). */
	queryAllOrders(filter: OrdersQuery = {}, options: PagesOptions = {}) {
		return this.allPages(NAMED.queryOrders, { ...filter }, options);
	}

	/**
	 * Every record of a paging operation matching `filter`, walking its pages until the last one (or `limit`
	 * records). Where the page fields, the records and the page count are comes from the operation's catalog entry.
	 */
	async allPages(operationId: string, filter: Params = {}, options: PagesOptions = {}): Promise<Record<string, unknown>[]> {
		if (this.current) return this.current.allPages(operationId, filter, options);
		const op = this.operation(operationId);
		const paging = op.paging;
		if (!paging) throw new Error(`${op.id} does not page`);
		const pageSize = Math.min(options.pageSize ?? paging.maxPageSize, paging.maxPageSize);
		const limit = options.limit ?? Infinity;
		const records: Record<string, unknown>[] = [];
		for (let pageNo = 1; records.length < limit; pageNo++) {
			const data = await this.call<Record<string, unknown>>(op.id, { ...filter, [paging.pageNo]: pageNo, [paging.pageSize]: pageSize }, options);
			const items = (data?.[paging.items] as Record<string, unknown>[]) ?? [];
			records.push(...items.slice(0, limit - records.length));
			if (items.length === 0 || records.length >= limit) break;
			const totalPages = Number(valueAt(data, paging.totalPages));
			if (Number.isInteger(totalPages)) {
				if (pageNo >= totalPages) break;
				continue;
			}
			// No page object: a short page is the last one, but after a full page more may follow. Failing is
			// better than a list that looks complete and is not.
			if (items.length < pageSize) break;
			throw new CubeApiError({
				operation: op.id,
				kind: 'malformed',
				detail: `page ${pageNo} has ${items.length} ${paging.itemsName} and no ${paging.totalPages}, so it cannot be told whether more pages follow; rather than a silently cut list, nothing is returned — use a limit of at most ${pageSize}, or a filter`,
				outcome: 'failed',
			});
		}
		return records;
	}

	/**
	 * Usage of many SIMs: bounded concurrency, the client's rate limit (plus an optional one for this sweep),
	 * results in input order, exactly one result or one error per ICCID.
	 */
	getUsageMany(iccids: unknown, options: ManyOptions = {}): Promise<ManyResult<ReturnType<typeof withUsageFacts>>[]> {
		return this.fanOut(NAMED.getUsageMany, iccids, options) as Promise<ManyResult<ReturnType<typeof withUsageFacts>>[]>;
	}

	/**
	 * A fan-out operation: its catalog entry's endpoint operation once per entry of `list`, with bounded
	 * concurrency and the client's rate limit (plus an optional one for this sweep); results in input order,
	 * exactly one result or one error per entry.
	 */
	async fanOut(operationId: string, entries: unknown, options: ManyOptions = {}): Promise<ManyResult<Record<string, unknown>>[]> {
		const op = this.operation(operationId);
		const spec = op.fanOut;
		if (!spec) throw new Error(`${op.id} is not a fan-out`);
		const list = toList(entries);
		if (!list) throw new CubeValidationError(op.id, spec.list, 'must be a list of ICCIDs');
		if (list.length === 0) throw new CubeValidationError(op.id, spec.list, 'is an empty list');
		const max = op.params.find((p) => p.name === spec.list)?.maxItems ?? Infinity;
		if (list.length > max) throw new CubeValidationError(op.id, spec.list, `has ${list.length} ICCIDs; at most ${max} are allowed`);
		const { default: initial, max: maxWorkers } = op.concurrency!;
		const concurrency = options.concurrency ?? initial;
		if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxWorkers) {
			throw new CubeValidationError(op.id, 'concurrency', `must be a whole number from 1 to ${maxWorkers}, got ${concurrency}`);
		}
		const sweepLimiter = options.ratePerSecond ? new RateLimiter(options.ratePerSecond) : undefined;
		const results = new Array<ManyResult<Record<string, unknown>>>(list.length);
		let next = 0;
		let done = 0;
		const worker = async () => {
			while (next < list.length) {
				const index = next++;
				const iccid = typeof list[index] === 'string' ? (list[index] as string).trim() : String(list[index]);
				try {
					if (options.signal?.aborted) throw new TransportError('aborted', 'sweep aborted');
					const wait = sweepLimiter?.reserve() ?? 0;
					if (wait > 0) await this.wait(wait, options.signal, true);
					const data = await this.call<Record<string, unknown>>(spec.of, { [spec.each]: list[index] }, { signal: options.signal });
					results[index] = { iccid, index, ok: true, data };
				} catch (error) {
					results[index] = { iccid, index, ok: false, error: error as Error };
				}
				options.onProgress?.(++done, list.length, results[index]);
			}
		};
		const workers = Math.min(concurrency, list.length);
		await Promise.all(Array.from({ length: workers }, worker));
		return results;
	}

	/**
	 * Current API: a fleet's usage from SIM list pages of 100 — per SIM used, total, remaining, percent used and the
	 * bundle in use; 10,000 SIMs in at most 101 requests.
	 */
	sweepUsage(options?: UsageSweepOptions) {
		return this.currentOnly('sweepUsage').sweepUsage(options);
	}

	/** Current API: polls an asynchronous write's result by its request id until it is final or `timeoutMs` (default 2 minutes, at most 30) runs out. */
	waitForResult(requestId: string, options?: { timeoutMs?: number; signal?: AbortSignal }) {
		return this.currentOnly('waitForResult').waitForResult(requestId, options);
	}

	private currentOnly(method: string): CurrentCalls {
		if (!this.current) throw new Error(`${method}() is the current API's: build the client with a sign v2 signer (createCurrentClient)`);
		return this.current;
	}

	/** Cancels waits and in-flight calls (they fail with an "aborted" error). */
	close(): void {
		this.closing.abort();
	}

	/**
	 * Waits on a signal of its own, so the many waits of a wide sweep do not all listen on close()'s signal
	 * (Node warns past 10 listeners; raising that limit needs node:events, which n8n's rules forbid).
	 * An abort ends the wait early; the caller checks the signal afterwards unless `rethrow`.
	 */
	private async wait(ms: number, signal: AbortSignal | undefined, rethrow = false): Promise<void> {
		try {
			await this.sleep(ms, signal ? AbortSignal.any([signal]) : undefined);
		} catch (error) {
			if (rethrow) throw signal?.aborted ? new TransportError('aborted', 'sweep aborted') : error;
		}
	}

	private withPagingDefaults(op: OperationSpec, params: Params): Params {
		if (!op.paging) return params;
		const { pageNo, pageSize, defaultPageSize } = op.paging;
		return { [pageNo]: 1, [pageSize]: defaultPageSize, ...Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== '')) };
	}

	private async send(operation: string, path: string, params: Params, idempotent: boolean, signal?: AbortSignal): Promise<unknown> {
		const below = path.startsWith('/') ? path : '/' + path;
		const url = this.baseUrl + below;
		// Every legacy call is a POST of a JSON body.
		const method = 'POST';
		const request: SignableRequest = { method, path: this.basePath + below, headers: this.headers, body: params };
		const combined = signal ? AbortSignal.any([signal, this.closing.signal]) : this.closing.signal;
		// The transport gets close()'s signal only through a caller's one: the Node entry's close() ends its sockets
		// itself, and a listener per in-flight request on close()'s signal would pass Node's limit in a sweep.
		const requestSignal = signal ? combined : undefined;
		for (let attempt = 1; ; attempt++) {
			if (combined.aborted) throw new CubeApiError({ operation, kind: 'connection', detail: 'aborted', outcome: 'failed', attempts: attempt - 1 || 1 });
			const wait = this.limiter.reserve();
			if (wait > 0) await this.wait(wait, combined);
			if (combined.aborted) throw new CubeApiError({ operation, kind: 'connection', detail: 'aborted', outcome: 'failed', attempts: attempt - 1 || 1 });
			let result: Attempt;
			try {
				// Signed per attempt: a retry carries a fresh timestamp.
				const signed = this.signer ? this.signer.sign(request) : { headers: {}, body: params };
				const headers = Object.keys(signed.headers).length ? { ...this.headers, ...signed.headers } : this.headers;
				const res = await this.transport({ method, url, headers, body: signed.body, timeoutMs: this.options.timeoutMs ?? 30000, signal: requestSignal });
				result = readResponse(res, url);
			} catch (err) {
				if (err instanceof CubeApiError || err instanceof CubeValidationError) throw err;
				const t = transportErrorFrom(err);
				result = {
					ok: false,
					kind: t.failure === 'timeout' ? 'timeout' : 'connection',
					detail: t.detail,
					transient: t.retryable,
					notProcessed: !t.maybeSent,
				};
			}
			if (result.ok) {
				this.signatureAccepted = true;
				return result.data;
			}
			if (result.kind === 'rate-limited' && result.retryAfterMs) this.limiter.pause(Math.min(result.retryAfterMs, this.retry.maxRetryAfterMs));
			const mayRepeat = idempotent ? result.transient : result.transient && result.notProcessed;
			const retryAfter = result.retryAfterMs ?? 0;
			if (mayRepeat && attempt <= this.retry.retries && retryAfter <= this.retry.maxRetryAfterMs && !combined.aborted) {
				const backoff = Math.min(this.retry.maxDelayMs, this.retry.baseDelayMs * 2 ** (attempt - 1));
				await this.wait(Math.max(retryAfter, backoff / 2 + Math.random() * (backoff / 2)), combined);
				continue;
			}
			// The signer's scheme knows its settings: it says whether a refusal is about them, and what to check.
			const diagnosis =
				result.kind === 'business' || result.kind === 'http' ? this.signer?.diagnose?.(result, { request, language: this.options.language, acceptedBefore: this.signatureAccepted }) : undefined;
			throw new CubeApiError({
				operation,
				kind: result.kind!,
				code: result.code,
				vendorMessage: result.vendorMessage,
				httpStatus: result.httpStatus,
				detail: result.detail,
				redirectedTo: result.redirectedTo,
				// A write that may have reached the server and got no clear answer: we do not know what happened.
				outcome: !idempotent && !result.notProcessed && result.kind !== 'business' ? 'unknown' : 'failed',
				attempts: attempt,
				settings: diagnosis?.settings,
				hint: diagnosis?.hint,
			});
		}
	}
}
