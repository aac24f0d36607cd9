import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { ENDPOINT_OPERATIONS, sign, type OperationSpec } from '@linksfield-cube/core';
import { handleAdmin, SimulatorAdmin } from './admin';
import { CurrentAdmin } from './current/current-admin';
import { CurrentApi } from './current/current-api';
import type { DemoKey } from './current/keys';
import { isCurrentPath } from './current/routes';
import { handlerFor, type EndpointContext } from './endpoints';
import type { ActiveFault } from './faults';
import { CODES, message, pickLanguage, SimError, type CodeName, type Language } from './messages';
import { resolveOptions, type ResolvedOptions, type SimulatorOptions } from './options';
import { readBody } from './read-body';
import { Runtime } from './runtime';
import { checkGlobals, checkParams } from './wire-check';

/**
 * The HTTP front of the simulator: Cube paths from the core's catalog (POST + JSON, envelope
 * {code, data, message, success}, HTTP 200 for business errors), and the admin API under /_sim/.
 */

export const ADMIN_PREFIX = '/_sim';
/** The vendor's hosts serve below /cube/v4 (spec §1); accepting it lets a base URL keep the real shape. */
const OPTIONAL_BASE = '/cube/v4';
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const NOT_JSON = Symbol('not JSON');

function parse(raw: string | undefined): unknown {
	if (raw === undefined) return undefined;
	try {
		return JSON.parse(raw);
	} catch {
		return NOT_JSON;
	}
}

const ROUTES = new Map<string, { op: OperationSpec; handler: ReturnType<typeof handlerFor> }>(
	ENDPOINT_OPERATIONS.map((op) => [op.path!, { op, handler: handlerFor(op) }]),
);

interface Answer {
	httpStatus: number;
	code: string;
	body: string;
	headers?: Record<string, string>;
	accessCode?: string;
}

function envelope(codeName: CodeName, language: Language, data: unknown = null, detail?: string, httpStatus = 200): Answer {
	const code = CODES[codeName];
	const body = JSON.stringify({ code, data, message: message(codeName, language, detail), success: code === CODES.success });
	return { httpStatus, code, body };
}

/** Checks that a real server would make, then the operation itself. */
function answer(rt: Runtime, op: OperationSpec, handler: ReturnType<typeof handlerFor>, body: unknown, language: Language, deviceErrors?: EndpointContext['deviceErrors']): Answer {
	if (body === NOT_JSON || body === null || typeof body !== 'object' || Array.isArray(body)) return envelope('notJson', language);
	const params = body as Record<string, unknown>;
	const accessCode = typeof params.access_code === 'string' ? params.access_code : undefined;
	const withCode = (a: Answer) => ({ ...a, accessCode });
	try {
		checkGlobals(params);
		const secret = rt.secrets.get(accessCode!);
		if (secret === undefined) throw new SimError('unknownAccessCode', accessCode);
		const wait = rt.limiter.take(accessCode!, rt.options.now());
		if (wait > 0) return withCode({ ...envelope('rateLimited', language, null, undefined, 429), headers: { 'Retry-After': String(wait) } });
		if (typeof params.sign !== 'string' || params.sign === '') throw new SimError('badSignature', 'sign is missing');
		if (sign(params, secret, { order: rt.options.signing, asciiEscape: rt.options.escapeUnicode }) !== params.sign) throw new SimError('badSignature');
		checkTimestamp(rt.options, params.timestamp as string);
		checkParams(op, params);
		const data = handler(params, { state: rt.state, secret, deviceErrors });
		countWrites(rt, op, params, data);
		return withCode(envelope('success', language, data));
	} catch (err) {
		// A gateway that does not say why: the signature and timestamp checks' refusals all read the same.
		if (err instanceof SimError && rt.options.genericRefusals && (err.codeName === 'badSignature' || err.codeName === 'timestampOutOfRange')) return withCode(envelope('refused', language));
		if (err instanceof SimError) return withCode(envelope(err.codeName, language, null, err.detail, err.httpStatus));
		return withCode(envelope('internal', language, null, (err as Error).message, 500));
	}
}

function checkTimestamp(options: ResolvedOptions, timestamp: string): void {
	const value = Number(timestamp);
	// Lenient 'ms' takes a 10-digit timestamp as seconds too; strict 'ms' reads every timestamp as milliseconds.
	const ms = options.timestampUnit === 'ms' && (options.timestampStrict || timestamp.length >= 13) ? value : value * 1000;
	const skew = Math.abs(options.now() - ms);
	if (!(skew <= options.timestampSkewSeconds * 1000))
		throw new SimError('timestampOutOfRange', `${timestamp} is ${Math.round(skew / 1000)} s away from the server time (allowed ±${options.timestampSkewSeconds} s, unit ${options.timestampUnit}${options.timestampStrict ? ' only' : ''})`);
}

/** Orders and renewals counted from what was carried out, so tests can prove nothing happened twice. */
function countWrites(rt: Runtime, op: OperationSpec, params: Record<string, unknown>, data: unknown): void {
	if (op.id === 'plan.order' || op.id === 'plan.orderOta') rt.log.orderCreated();
	else if (op.id === 'plan.bulkOrder') rt.log.orderCreated((data as { device_order: { order_id: unknown }[] }).device_order.filter((d) => d.order_id).length);
	else if (op.id === 'plan.renew') rt.log.renewed(params.order_id as string);
}

function send(res: http.ServerResponse, status: number, body: string, headers: Record<string, string> = {}): void {
	res.writeHead(status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...headers });
	res.end(body);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Answers with an injected fault; a timeout holds the request open, unanswered, until the client gives up. */
function injure(fault: ActiveFault, req: http.IncomingMessage, res: http.ServerResponse, language: Language, held: Set<http.ServerResponse>, carriedOut?: Answer): void {
	switch (fault.kind) {
		case 'rate-limit': {
			// Before processing: the rate limiter's refusal. After (`after`): the request was carried out and its own
			// answer comes back with status 429 — a server that counts too late; no refusal envelope to trust.
			const a = carriedOut ?? envelope('rateLimited', language);
			return send(res, 429, a.body, { 'Retry-After': String(fault.retryAfterSeconds ?? 1) });
		}
		case 'status':
			return send(res, fault.status ?? 503, envelope('internal', language, null, 'injected fault').body);
		case 'malformed':
			return send(res, 200, '{"code":"0000","data":{"device_id":');
		case 'business': {
			const code = fault.code ?? CODES.injected;
			return send(res, 200, JSON.stringify({ code, data: null, message: fault.message ?? message('injected', language), success: false }));
		}
		case 'reset':
			req.socket.destroy();
			return;
		case 'timeout':
			held.add(res);
			res.on('close', () => held.delete(res));
			return;
		case 'delay':
			return;
	}
}

/** The SIMs a device-error fault fails: the ones it names, or the last SIM of the bulk order. */
function deviceErrorsOf(fault: ActiveFault, body: unknown, language: Language): EndpointContext['deviceErrors'] {
	const list = (body as { deviceList?: unknown })?.deviceList;
	const last = Array.isArray(list) && typeof list[list.length - 1] === 'string' ? [list[list.length - 1] as string] : [];
	return { iccids: new Set(fault.iccids ?? last), code: fault.code ?? CODES.injected, message: fault.message ?? message('injected', language) };
}

export interface RunningSimulator {
	/** Base URL for a client: http://host:port (https:// with the tls option) */
	url: string;
	port: number;
	admin: SimulatorAdmin;
	/** The current API's throw-away key pair, when it accepts one (no `current.keys` given): paste its private key into a credential. */
	demoKey?: DemoKey;
	close(): Promise<void>;
}

/** Starts a simulator; resolves once it listens. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	const resolved = resolveOptions(options);
	const rt = new Runtime(resolved);
	// Both generations share the runtime: one fleet, one request log, one set of fault rules.
	const current = new CurrentApi(rt, resolved.current);
	const admin = new SimulatorAdmin(rt, new CurrentAdmin(current));
	const held = new Set<http.ServerResponse>();

	const handler: http.RequestListener = async (req, res) => {
		try {
			const path = (req.url ?? '/').split('?')[0];
			// Before the body is read: the current API counts a request in flight from its arrival (spec §4).
			if (isCurrentPath(path)) return await current.handle(req, res);
			const raw = await readBody(req, MAX_BODY_BYTES);
			const body = parse(raw);
			if (path === ADMIN_PREFIX || path.startsWith(ADMIN_PREFIX + '/')) return await handleAdmin(admin, req, res, raw);
			const language = pickLanguage(req.headers['accept-language'], resolved.language);
			const route = ROUTES.get(path.startsWith(OPTIONAL_BASE + '/') ? path.slice(OPTIONAL_BASE.length) : path);
			const record = (httpStatus: number, code: string | undefined, extra: { accessCode?: string; fault?: string } = {}) =>
				rt.log.record({ method: req.method ?? '', path, language, body: body === NOT_JSON ? raw : body, httpStatus, code, ...extra });
			if (!route) {
				const a = envelope('unknownPath', language, null, path, 404);
				record(a.httpStatus, a.code);
				return send(res, a.httpStatus, a.body);
			}
			if (req.method !== 'POST') {
				const a = envelope('methodNotAllowed', language, null, undefined, 405);
				record(a.httpStatus, a.code);
				return send(res, a.httpStatus, a.body, { Allow: 'POST' });
			}
			if (raw === undefined) {
				const a = envelope('bodyTooLarge', language, null, undefined, 413);
				record(a.httpStatus, a.code);
				return send(res, a.httpStatus, a.body);
			}
			const { delayMs, fault: picked } = rt.faults.pick(path, raw);
			if (delayMs) await sleep(delayMs);
			// A device-error is not a broken answer but a different one: it goes into the operation itself.
			const deviceErrors = picked?.kind === 'device-error' ? deviceErrorsOf(picked, body, language) : undefined;
			const fault = picked?.kind === 'device-error' ? undefined : picked;
			if (fault && !fault.after) {
				record(fault.kind === 'status' ? (fault.status ?? 503) : fault.kind === 'rate-limit' ? 429 : 200, undefined, { fault: fault.kind });
				return injure(fault, req, res, language, held);
			}
			const a = answer(rt, route.op, route.handler, body, language, deviceErrors);
			if (fault) {
				// Carried out, but the answer is lost: the client cannot tell whether it happened.
				record(a.httpStatus, a.code, { accessCode: a.accessCode, fault: fault.kind });
				return injure(fault, req, res, language, held, a);
			}
			record(a.httpStatus, a.code, { accessCode: a.accessCode });
			send(res, a.httpStatus, a.body, a.headers);
		} catch (err) {
			// Never let one request take the simulator down.
			if (!res.headersSent) send(res, 500, JSON.stringify({ code: CODES.internal, data: null, message: (err as Error).message, success: false }));
			else res.destroy();
		}
	};
	const server = resolved.tls ? https.createServer({ cert: resolved.tls.cert, key: resolved.tls.key }, handler) : http.createServer(handler);
	server.keepAliveTimeout = 60_000;

	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(resolved.port, resolved.host, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const port = (server.address() as AddressInfo).port;
	const host = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host === '0.0.0.0' ? '127.0.0.1' : resolved.host;
	let closed: Promise<void> | undefined;
	return {
		url: `${resolved.tls ? 'https' : 'http'}://${host}:${port}`,
		port,
		admin,
		demoKey: current.demoKey,
		close: () =>
			(closed ??= new Promise<void>((resolve) => {
				rt.callbacks.close();
				current.close();
				for (const res of held) res.destroy();
				server.close(() => resolve());
				server.closeAllConnections();
			})),
	};
}
