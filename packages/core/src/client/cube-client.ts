import { baseUrlFor, checkedBaseUrl, type Environment, type Language } from './environments';
import type { CallOptions } from './call-options';
import { currentCallsFor, defaultRatePerSecond, type CurrentCalls, type UsageSweepOptions } from './current-call';
import { CubeApiError, CubeValidationError } from '../results/errors';
import { NAMED_OPERATIONS as NAMED } from '../catalog/named-operations';
import { getOperation, OPERATIONS, operationLookup, overridesPath, type OperationSpec } from '../catalog/operations';
import { RateLimiter } from './rate-limiter';
import type { CanonicalOptions, Params } from '../signing/legacy/sign';
import { LegacyHmacSigner } from '../signing/legacy/legacy-hmac-signer';
import type { SignableRequest, Signer } from '../signing/signer';
import { TransportError, transportErrorFrom, type Transport } from '../transport/transport';
import { withUsageFacts } from '../results/usage';
import { catalogWriteAt } from '../results/repeated-write';
import { timerSleep, type Sleep } from './timer-sleep';
import { checkPath, customCallBody, validateParams, type IccidCheck } from '../catalog/validate';
import { fanOut as runFanOut, type ManyOptions, type ManyResult } from './fan-out';
import { walkPages, type PagesOptions } from './pager';
import { readResponse, type Attempt } from './read-response';
import { DEFAULT_RETRY, outcomeOf, retryDelay, type RetryOptions } from './retry-policy';

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

export interface OrdersQuery {
	device_id?: string;
	order_id?: string;
	order_status?: string;
	order_type?: string;
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

	/**
	 * A signed call to any path (Custom API Call). Not retried unless `idempotent` says it is safe — and never when the
	 * path is a catalog write's (Bulk Order's, say): that call is the write, whatever `idempotent` says.
	 */
	async request<T = unknown>(path: string, params: Params = {}, options: CallOptions = {}): Promise<T> {
		if (this.current) return this.current.request<T>(path, params, options);
		const checkedPath = checkPath(this.customCall, path);
		if (params === null || typeof params !== 'object' || Array.isArray(params)) throw new CubeValidationError(this.customCall, 'params', 'must be a JSON object');
		const body = customCallBody(this.customCall, params, options.extra);
		return (await this.send(this.customCall, checkedPath, body, options.idempotent === true && !catalogWriteAt(checkedPath), options.signal)) as T;
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
	allPages(operationId: string, filter: Params = {}, options: PagesOptions = {}): Promise<Record<string, unknown>[]> {
		if (this.current) return this.current.allPages(operationId, filter, options);
		return walkPages((id, params, o) => this.call(id, params, o), this.operation(operationId), filter, options);
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
	fanOut(operationId: string, entries: unknown, options: ManyOptions = {}): Promise<ManyResult<Record<string, unknown>>[]> {
		const client = { call: (id: string, params: Params, o: CallOptions) => this.call(id, params, o), wait: (ms: number, signal?: AbortSignal) => this.wait(ms, signal, true) };
		return runFanOut(client, this.operation(operationId), entries, options);
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
			const delay = retryDelay(result, attempt, idempotent, this.retry);
			if (delay !== undefined && !combined.aborted) {
				await this.wait(delay, combined);
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
				outcome: outcomeOf(result, idempotent),
				attempts: attempt,
				settings: diagnosis?.settings,
				hint: diagnosis?.hint,
			});
		}
	}
}
