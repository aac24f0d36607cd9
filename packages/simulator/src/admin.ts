import type http from 'node:http';
import { CURRENT_ADMIN_ROUTES, type CurrentAdmin } from './current/current-admin';
import { smsMoBody, orderStatusBody, usageWarningBody, type Delivery, type SendOptions } from './callbacks';
import { DAY, formatDate } from './dates';
import { orderRecord, type OrderRecord } from './endpoints';
import type { ActiveFault, FaultRule } from './faults';
import { CODE_TABLE } from './messages';
import { PLANS } from './plans';
import { parseSeed } from './seeds';
import type { RateLimit } from './rate-limit';
import type { Counters, RequestRecord } from './request-log';
import type { Runtime } from './runtime';
import type { WarningDevice } from './state';

/**
 * The admin API: the same operations as typed methods (tests, in-process) and as JSON over HTTP under /_sim/
 * (CLI users, e2e tests in other processes). None of it is part of the vendor's API.
 */

export type ClockStep = number | { days?: number; hours?: number; minutes?: number; seconds?: number; ms?: number };

/** Status codes sent when fireCallback names an order but no operation: what the order's status would have announced. */
const OPERATION_FOR_STATUS: Record<string, string> = { unenabled: '1000', inUse: '1005', ended: '1001', cancelled: '1002', paused: '1003' };

export type FireCallback = SendOptions &
	(
		| { kind: 'usageWarning'; devices?: Array<{ deviceId: string; warningCode: string; expireTime?: string }> }
		| { kind: 'orderStatus'; orderId: string; operation?: string }
		| { kind: 'smsMo'; iccid: string; text?: string; messageType?: string }
		| { kind: 'raw'; body: Record<string, unknown> }
	);

export class SimulatorAdmin {
	constructor(
		private readonly rt: Runtime,
		/** The current API's admin side (/_sim/current/…). */
		readonly current: CurrentAdmin,
	) {}

	/** Fresh data (optionally another seed), counters, request log, deliveries and faults cleared. */
	reset(options: { seed?: string; randomSeed?: number; startTime?: number } = {}): { seed: string; now: string } {
		const { rt } = this;
		// Checked first: a bad seed must leave the running data set as it was.
		if (options.seed !== undefined) parseSeed(options.seed);
		if (options.seed !== undefined) rt.seed = options.seed;
		if (options.randomSeed !== undefined) rt.randomSeed = options.randomSeed;
		rt.loadState(options.startTime);
		this.current.api.reset();
		rt.log.resetCounters();
		rt.log.clearRequests();
		rt.callbacks.clear();
		rt.faults.clear();
		return { seed: rt.seed, now: formatDate(rt.state.now()) };
	}

	clock(): { now: number; date: string } {
		const now = this.rt.state.now();
		return { now, date: formatDate(now) };
	}

	/** Moves the simulated clock forward: usage grows, orders expire, warnings go out. */
	advanceClock(step: ClockStep): { now: number; date: string } {
		const ms =
			typeof step === 'number' ? step : (step.days ?? 0) * DAY + (step.hours ?? 0) * 3_600_000 + (step.minutes ?? 0) * 60_000 + (step.seconds ?? 0) * 1000 + (step.ms ?? 0);
		this.rt.state.advance(ms);
		this.current.api.usageChanged();
		return this.clock();
	}

	/** Sets the usage of the SIM's current order, in MB. */
	setUsage(iccid: string, usedMb: number): OrderRecord {
		if (!Number.isFinite(usedMb) || usedMb < 0) throw new Error('usedMb must be a number ≥ 0');
		const order = this.rt.state.setUsage(iccid, usedMb);
		this.current.api.usageChanged();
		return orderRecord(this.rt.state, order);
	}

	sim(iccid: string) {
		const { state } = this.rt;
		const sim = state.sim(iccid);
		return { iccid: sim.iccid, imsi: sim.imsi, msisdn: sim.msisdn, lifeCycle: sim.lifeCycle, mbPerDay: sim.mbPerDay, orders: sim.orderIds.map((id) => this.order(id)) };
	}

	order(orderId: string): OrderRecord & { renewCount: number } {
		const order = this.rt.state.order(orderId);
		return { ...orderRecord(this.rt.state, order), renewCount: order.renewCount };
	}

	plans() {
		return PLANS;
	}

	faults(): ActiveFault[] {
		return this.rt.faults.list();
	}

	addFault(rule: FaultRule): ActiveFault {
		return this.rt.faults.add(rule);
	}

	setFaults(rules: FaultRule[]): ActiveFault[] {
		return this.rt.faults.set(rules);
	}

	clearFaults(): void {
		this.rt.faults.clear();
	}

	setRateLimit(limit: RateLimit | number | null): RateLimit | null {
		this.rt.limiter.set(limit === null ? undefined : typeof limit === 'number' ? { perSecond: limit } : limit);
		return this.rt.limiter.get() ?? null;
	}

	setCallbackUrl(url: string | null): string | null {
		if (url !== null) new URL(url);
		this.rt.callbacks.url = url ?? undefined;
		return url;
	}

	/** Sends a callback now; resolves with its delivery record (delivered or not — it never throws for the receiver's sake). */
	fireCallback(spec: FireCallback): Promise<Delivery> {
		const { state, callbacks } = this.rt;
		const options = { forge: spec.forge, unsigned: spec.unsigned };
		switch (spec.kind) {
			case 'usageWarning': {
				// Without devices: the vendor's weekly push computed from the current state.
				const devices: WarningDevice[] = spec.devices ? spec.devices.map((d) => ({ ...d, expireTime: d.expireTime ?? '' })) : state.weeklyWarnings();
				return callbacks.send('usageWarning', usageWarningBody(devices), options);
			}
			case 'orderStatus': {
				const order = state.order(spec.orderId);
				return callbacks.send('orderStatus', orderStatusBody(order, state.sims.get(order.iccid)!.imsi, spec.operation ?? OPERATION_FOR_STATUS[order.status]), options);
			}
			case 'smsMo': {
				const sim = state.sim(spec.iccid);
				return callbacks.send('smsMo', smsMoBody(this.rt.partnerCode, sim.iccid, sim.imsi, spec.text ?? 'hello', spec.messageType ?? 'Text', this.rt.options.now()), options);
			}
			case 'raw':
				return callbacks.send('raw', spec.body, options);
			default:
				throw new Error('callback kind must be usageWarning, orderStatus, smsMo or raw');
		}
	}

	callbacks(): Delivery[] {
		return this.rt.callbacks.deliveries();
	}

	/** Waits until every callback started so far is delivered or given up. */
	flushCallbacks(): Promise<void> {
		return this.rt.callbacks.flush();
	}

	clearCallbacks(): void {
		this.rt.callbacks.clear();
	}

	requests(filter: { path?: string; limit?: number } = {}): RequestRecord[] {
		return this.rt.log.list(filter);
	}

	clearRequests(): void {
		this.rt.log.clearRequests();
	}

	counters(): Counters {
		return this.rt.log.counters(this.rt.callbacks);
	}

	resetCounters(): void {
		this.rt.log.resetCounters();
	}

	codes() {
		return CODE_TABLE;
	}
}

type Query = URLSearchParams;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each route reads the JSON body it documents
type Route = { method: string; path: RegExp; run: (admin: SimulatorAdmin, body: any, match: RegExpMatchArray, query: Query) => unknown; help: string };

const NO_CONTENT = Symbol('no content');
const done = () => NO_CONTENT;

const ROUTES: Route[] = [
	{ method: 'POST', path: /^\/reset$/, run: (a, b) => a.reset(b ?? {}), help: 'fresh data: {seed?, randomSeed?, startTime?}' },
	{ method: 'GET', path: /^\/clock$/, run: (a) => a.clock(), help: 'simulated time' },
	{ method: 'POST', path: /^\/clock\/advance$/, run: (a, b) => a.advanceClock(b ?? {}), help: 'move the clock: {days?, hours?, minutes?, seconds?, ms?}' },
	{ method: 'POST', path: /^\/usage$/, run: (a, b) => a.setUsage(b?.iccid, Number(b?.usedMb)), help: 'set usage of a SIM\'s current order: {iccid, usedMb}' },
	{ method: 'GET', path: /^\/sims\/([^/]+)$/, run: (a, _b, m) => a.sim(decodeURIComponent(m[1])), help: 'one SIM and its orders' },
	{ method: 'GET', path: /^\/orders\/([^/]+)$/, run: (a, _b, m) => a.order(decodeURIComponent(m[1])), help: 'one order, with renewCount' },
	{ method: 'GET', path: /^\/plans$/, run: (a) => a.plans(), help: 'the plan catalogue' },
	{ method: 'GET', path: /^\/faults$/, run: (a) => a.faults(), help: 'active fault rules' },
	{ method: 'POST', path: /^\/faults$/, run: (a, b) => (Array.isArray(b) ? a.setFaults(b) : a.addFault(b)), help: 'add a rule {kind, path?, probability?, count?, …}, or replace all with a list' },
	{ method: 'DELETE', path: /^\/faults$/, run: (a) => (a.clearFaults(), done()), help: 'remove every fault rule' },
	{ method: 'PUT', path: /^\/rate-limit$/, run: (a, b) => a.setRateLimit(b?.perSecond ? b : null), help: '{perSecond, burst?} per access code; {} = unlimited' },
	{ method: 'PUT', path: /^\/callback-url$/, run: (a, b) => a.setCallbackUrl(b?.url ?? null), help: '{url} where callbacks go; {} = nowhere' },
	{ method: 'POST', path: /^\/callbacks$/, run: (a, b) => a.fireCallback(b), help: 'fire a callback: {kind: usageWarning|orderStatus|smsMo|raw, …, forge?, unsigned?}' },
	{ method: 'GET', path: /^\/callbacks$/, run: (a) => a.callbacks(), help: 'recent callback deliveries' },
	{ method: 'DELETE', path: /^\/callbacks$/, run: (a) => (a.clearCallbacks(), done()), help: 'forget the deliveries' },
	{ method: 'GET', path: /^\/requests$/, run: (a, _b, _m, q) => a.requests({ path: q.get('path') ?? undefined, limit: Number(q.get('limit')) || undefined }), help: 'recent requests (?path=&limit=)' },
	{ method: 'DELETE', path: /^\/requests$/, run: (a) => (a.clearRequests(), done()), help: 'forget the requests' },
	{ method: 'GET', path: /^\/counters$/, run: (a) => a.counters(), help: 'requests by path, rejected signatures, orders created, renewals by order, …' },
	{ method: 'DELETE', path: /^\/counters$/, run: (a) => (a.resetCounters(), done()), help: 'zero the counters' },
	{ method: 'GET', path: /^\/codes$/, run: (a) => a.codes(), help: 'the simulator\'s result codes' },
	...CURRENT_ADMIN_ROUTES,
];

/** The admin routes with one line each, for GET /_sim and the README. */
export const ADMIN_ROUTES = ROUTES.map((r) => ({ method: r.method, path: '/_sim' + r.path.source.slice(1, -1).replace(/\\\//g, '/').replace('([^/]+)', ':id'), help: r.help }));

function reply(res: http.ServerResponse, status: number, value: unknown): void {
	if (value === NO_CONTENT) {
		res.writeHead(204);
		res.end();
		return;
	}
	const text = JSON.stringify(value ?? null);
	res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
	res.end(text);
}

export async function handleAdmin(admin: SimulatorAdmin, req: http.IncomingMessage, res: http.ServerResponse, raw: string | undefined): Promise<void> {
	const url = new URL(req.url ?? '/', 'http://simulator');
	const sub = url.pathname.slice('/_sim'.length) || '/';
	if (sub === '/' && req.method === 'GET') return reply(res, 200, { routes: ADMIN_ROUTES });
	const route = ROUTES.find((r) => r.method === req.method && r.path.test(sub));
	if (!route) return reply(res, 404, { error: `no admin route ${req.method} ${url.pathname}; GET /_sim lists them` });
	let body: unknown;
	try {
		body = raw ? JSON.parse(raw) : undefined;
	} catch {
		return reply(res, 400, { error: 'body is not JSON' });
	}
	try {
		reply(res, 200, await route.run(admin, body, sub.match(route.path)!, url.searchParams));
	} catch (err) {
		reply(res, 400, { error: (err as Error).message });
	}
}
