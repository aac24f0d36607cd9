import type http from 'node:http';
import type { KeyObject } from 'node:crypto';
import { pickLanguage, SimError, type Language } from '../messages';
import { readBody } from '../read-body';
import type { Runtime } from '../runtime';
import { ClientLimiter } from './client-limits';
import { CURRENT_CODES, CurrentError, currentCodeOfLegacy, currentMessage } from './codes';
import { DEFAULT_ASYNC_DELAY_MS, type CurrentOptions } from './current-options';
import { injureCurrent, statusEnvelope } from './fault-answer';
import { FleetView } from './fleet-view';
import { Jobs } from './jobs';
import { defaultStateDir, keyTable, loadOrCreateDemoKey, publicKeyObject, type DemoKey } from './keys';
import { DEFAULT_NOTIFICATION_KEY, Notifications } from './notifications';
import { findRoute, type Query, type RouteContext, type RouteResult } from './routes';
import { SimWrites } from './sim-writes';
import { SmsStore } from './sms-store';
import { DEFAULT_USAGE_THRESHOLDS, USAGE_EVENT, UsageAlerts, usageAlertBody } from './usage-alerts';
import { verifyRequest } from './verify-request';

/**
 * The current API (spec §2–§7) on the simulator's one port and one fleet: per-IP limits, routing, sign v2
 * verification, the `{data, status}` envelope, asynchronous jobs, SMS and signed notifications. Requests are
 * recorded in the same request log as the legacy API's, and the simulator's fault rules apply to them too.
 */

const MAX_BODY_BYTES = 1024 * 1024;

interface Answer {
	httpStatus: number;
	code: string;
	body: string;
	headers?: Record<string, string>;
}

function answerOf(err: unknown, language: Language): Answer {
	if (err instanceof SimError) err = new CurrentError(currentCodeOfLegacy(err.codeName), err.detail);
	if (err instanceof CurrentError) {
		const info = CURRENT_CODES[err.codeName];
		return { httpStatus: info.http, code: info.code, body: statusEnvelope(info.code, currentMessage(err.codeName, language, err.detail)), headers: err.headers };
	}
	const { code, http: status } = CURRENT_CODES.internal;
	return { httpStatus: status, code, body: statusEnvelope(code, currentMessage('internal', language, (err as Error).message)) };
}

function success(result: RouteResult, language: Language): Answer {
	const status = { code: CURRENT_CODES.success.code, message: currentMessage('success', language), detail: null };
	const body = result.totalCount === undefined ? { data: result.data, status } : { data: result.data, total_count: result.totalCount, status };
	return { httpStatus: 200, code: status.code, body: JSON.stringify(body) };
}

function queryOf(search: URLSearchParams): Query {
	const query: Query = {};
	for (const [name, value] of search) {
		const seen = query[name];
		query[name] = seen === undefined ? value : Array.isArray(seen) ? [...seen, value] : [seen, value];
	}
	return query;
}

function parseBody(raw: string): Record<string, unknown> {
	if (raw.trim() === '') return {};
	let body: unknown;
	try {
		body = JSON.parse(raw);
	} catch {
		throw new CurrentError('invalidParameter', 'the body is not JSON');
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new CurrentError('invalidParameter', 'the body must be a JSON object');
	return body as Record<string, unknown>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class CurrentApi {
	readonly keys: Map<string, KeyObject>;
	readonly demoKey?: DemoKey;
	/** Why the demo key could not be loaded or made (a read-only temp folder): the API then accepts only given keys. */
	readonly demoKeyError?: string;
	readonly stateDir: string;
	readonly fleet: FleetView;
	readonly jobs: Jobs;
	readonly writes: SimWrites;
	readonly sms = new SmsStore();
	readonly limiter: ClientLimiter;
	readonly notifications: Notifications;
	readonly alerts: UsageAlerts;
	private readonly context: RouteContext;
	rejectedAuthorization = 0;
	rejectedSignatures = 0;

	constructor(
		private readonly rt: Runtime,
		private readonly options: CurrentOptions = {},
	) {
		this.keys = keyTable(options.keys ?? []);
		this.stateDir = options.stateDir ?? defaultStateDir();
		if (options.demoKey ?? !options.keys?.length) {
			try {
				this.demoKey = loadOrCreateDemoKey(this.stateDir);
				if (!this.keys.has(this.demoKey.keyId)) this.keys.set(this.demoKey.keyId, publicKeyObject(this.demoKey.publicKeyPem));
			} catch (err) {
				this.demoKeyError = (err as Error).message;
			}
		}
		this.fleet = new FleetView(rt);
		this.jobs = new Jobs(options.asyncDelayMs ?? DEFAULT_ASYNC_DELAY_MS, rt.options.now);
		this.writes = new SimWrites(this.fleet, this.jobs, () => rt.log.orderCreated());
		this.limiter = new ClientLimiter(options.limits);
		this.notifications = new Notifications({
			url: options.notificationUrl,
			key: options.notificationKey ?? DEFAULT_NOTIFICATION_KEY,
			retries: rt.options.callbackRetries,
			historySize: rt.options.historySize,
			now: rt.options.now,
		});
		this.alerts = new UsageAlerts(options.usageThresholds ?? DEFAULT_USAGE_THRESHOLDS);
		this.context = { fleet: this.fleet, jobs: this.jobs, writes: this.writes, sms: { fleet: this.fleet, jobs: this.jobs, store: this.sms, orgId: this.orgId, now: rt.options.now } };
		this.reset();
	}

	/** The organisation on SMS records: the first legacy access code, as the legacy SMS MO callback's partner_code. */
	get orgId(): string {
		return this.rt.partnerCode;
	}

	/** After the legacy data set was reloaded: side data, jobs, SMS, limits and alert baselines start afresh. */
	reset(): void {
		this.jobs.clear();
		this.fleet.clear();
		this.writes.clear();
		this.sms.clear();
		this.limiter.clear();
		this.notifications.clear();
		this.rejectedAuthorization = this.rejectedSignatures = 0;
		this.alerts.reset(this.rt.state);
		this.seedMo();
	}

	/** The demo data set has one inbound SMS on the spec's example SIM, so the MO list has something to show. */
	private seedMo(): void {
		if (this.rt.seed !== 'demo') return;
		const sim = this.rt.state.findSim('89852022018041800192');
		if (sim) this.sms.addMo({ org_id: this.rt.partnerCode, sim_id: sim.iccid, msisdn: sim.msisdn, received_at: this.rt.state.now() - 3_600_000, message: { type: 1, content: 'STATUS OK' } });
	}

	/** Sends a usage notification for every threshold crossed since the last look (after the clock or usage moved). */
	usageChanged(): void {
		for (const crossing of this.alerts.check(this.rt.state)) this.notifications.send(USAGE_EVENT, usageAlertBody(this.rt.state, crossing));
	}

	close(): void {
		this.jobs.clear();
		this.notifications.close();
	}

	async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
		const { rt } = this;
		const method = req.method ?? '';
		const url = new URL(req.url ?? '/', 'http://simulator');
		const path = url.pathname;
		const language = pickLanguage(req.headers['accept-language'], 'en-US');
		const address = req.socket.remoteAddress ?? 'unknown';
		let held = false;
		const release = () => {
			if (held) this.limiter.release(address);
			held = false;
		};
		res.once('close', release);
		let keyId: string | undefined;
		let logged: unknown;
		const record = (httpStatus: number, code: string | undefined, fault?: string) =>
			rt.log.record({ method, path, language, body: logged, httpStatus, code, accessCode: keyId, fault });
		const send = (status: number, body: string, headers: Record<string, string> = {}) => {
			// The slot is free before the answer leaves: a client that sends its next request on receipt is within its 3.
			release();
			res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...headers });
			res.end(body);
		};
		const reply = (a: Answer) => {
			if (a.code === CURRENT_CODES.authorizationMissing.code) this.rejectedAuthorization++;
			if (a.code === CURRENT_CODES.authenticationFailed.code) this.rejectedSignatures++;
			record(a.httpStatus, a.code);
			send(a.httpStatus, a.body, a.headers);
		};
		try {
			this.limiter.admit(address, rt.options.now());
			held = true;
		} catch (err) {
			req.resume();
			return reply(answerOf(err, language));
		}
		const raw = await readBody(req, MAX_BODY_BYTES);
		logged = raw;
		try {
			let found: ReturnType<typeof findRoute>;
			try {
				found = findRoute(method, path);
			} catch {
				throw new CurrentError('invalidParameter', 'the path is not valid percent-encoding');
			}
			const { route, params, allowed } = found;
			if (!route) {
				if (allowed.length) throw new CurrentError('methodNotAllowed', `${path} takes ${allowed.join(', ')}`, { Allow: allowed.join(', ') });
				throw new CurrentError('unknownPath', path);
			}
			if (raw === undefined) throw new CurrentError('bodyTooLarge', `at most ${MAX_BODY_BYTES} bytes`);
			const { delayMs, fault: picked } = rt.faults.pick(path, raw);
			if (delayMs) await sleep(delayMs);
			const fault = picked?.kind === 'device-error' ? undefined : picked;
			if (fault && !fault.after) {
				const sent = injureCurrent(fault, req, send, language);
				if (sent) return record(sent.httpStatus, sent.code, fault.kind);
			}
			const body = method === 'GET' ? undefined : parseBody(raw);
			logged = body ?? (raw || undefined);
			const query = queryOf(url.searchParams);
			keyId = verifyRequest({ path, headers: req.headers, query, body }, { keys: this.keys, now: rt.options.now(), skewMs: rt.options.timestampSkewSeconds * 1000, settings: this.options.signing });
			const nonce = String(req.headers.nonce);
			let answer: Answer;
			try {
				answer = success(route.run(this.context, { params, query, body: body ?? {}, keyId, nonce }), language);
			} catch (err) {
				answer = answerOf(err, language);
			}
			if (fault) {
				// Carried out, but the answer is lost: the client cannot tell whether it happened.
				const sent = injureCurrent(fault, req, send, language, answer);
				if (sent) return record(sent.httpStatus, sent.code ?? answer.code, fault.kind);
			}
			reply(answer);
		} catch (err) {
			reply(answerOf(err, language));
		}
	}
}
