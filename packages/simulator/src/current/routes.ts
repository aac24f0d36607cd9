import type { Sim } from '../state';
import { CurrentError } from './codes';
import { SIM_STATUS, type FleetView } from './fleet-view';
import type { Jobs } from './jobs';
import type { SimWrites } from './sim-writes';
import { listMo, listMt, sendSms, type SmsContext } from './sms-api';
import { accumulatedUsage, usageHistory } from './usage-history';

/**
 * The current API's endpoints (spec §5.1–5.15), relative to /cube/v4 (which the simulator also serves without).
 * Each handler gets the checked request and returns `data` (and `total_count` for lists).
 */

export type Query = Record<string, string | string[]>;

export interface RouteRequest {
	params: string[];
	query: Query;
	body: Record<string, unknown>;
	keyId: string;
	nonce: string;
}

export interface RouteResult {
	data: unknown;
	totalCount?: number;
}

export interface RouteContext {
	fleet: FleetView;
	jobs: Jobs;
	writes: SimWrites;
	sms: SmsContext;
}

export interface CurrentRoute {
	/** The spec's operation name, for the README and the request log. */
	operation: string;
	method: 'GET' | 'POST' | 'PUT';
	/** As the spec writes it. */
	path: string;
	pattern: RegExp;
	run(ctx: RouteContext, request: RouteRequest): RouteResult;
}

const SIM_STATUSES: number[] = Object.values(SIM_STATUS);

/** A query value as text; a repeated parameter reads comma-joined, as sign v2 signs it (spec §2.1). */
function single(query: Query, name: string): string | undefined {
	const value = query[name];
	const text = Array.isArray(value) ? value.join(',') : value;
	return text === '' ? undefined : text;
}

function integer(query: Query, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
	const text = single(query, name);
	if (text === undefined) return fallback;
	const value = Number(text);
	if (!/^-?\d+$/.test(text) || value < min || value > max) throw new CurrentError('invalidParameter', `${name} must be an integer from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ''}, got "${text}"`);
	return value;
}

/** page_no from 1, page_size 1–100 (spec §3.1); the default size differs per endpoint. */
const page = (query: Query, defaultSize: number) => ({ pageNo: integer(query, 'page_no', 1, 1), pageSize: integer(query, 'page_size', defaultSize, 1, 100) });

const optionalMs = (query: Query, name: string) => (single(query, name) === undefined ? undefined : integer(query, name, 0, 0));

const slice = <T>(items: T[], p: { pageNo: number; pageSize: number }) => items.slice((p.pageNo - 1) * p.pageSize, p.pageNo * p.pageSize);

function listSims(fleet: FleetView, query: Query): RouteResult {
	const status = single(query, 'status');
	if (status !== undefined && !SIM_STATUSES.includes(Number(status))) throw new CurrentError('invalidParameter', `status must be one of ${SIM_STATUSES.join(', ')}, got "${status}"`);
	const p = page(query, 10);
	const { state } = fleet;
	// Unfiltered pages of a generated fleet build only the SIMs they show.
	if (status === undefined && state.fleet) {
		const total = state.fleet.size;
		const sims: Sim[] = [];
		for (let i = (p.pageNo - 1) * p.pageSize; i < Math.min(total, p.pageNo * p.pageSize); i++) sims.push(state.sim(state.fleet.iccidOf(i)));
		return { data: sims.map((sim) => fleet.listItem(sim)), totalCount: total };
	}
	const matching: Sim[] = [];
	for (const sim of state.allSims()) if (status === undefined || fleet.simStatus(sim) === Number(status)) matching.push(sim);
	return { data: slice(matching, p).map((sim) => fleet.listItem(sim)), totalCount: matching.length };
}

function listBundles(fleet: FleetView, simId: string, query: Query): RouteResult {
	const sim = fleet.sim(simId);
	const text = single(query, 'status');
	const statuses = text === undefined ? undefined : text.split(',').map((s) => s.trim());
	if (statuses?.some((s) => !/^[0-3]$/.test(s))) throw new CurrentError('invalidParameter', `status must be a comma list of 0, 1, 2, 3, got "${text}"`);
	const bundles = fleet.orders(sim).map((o) => fleet.bundle(o)).filter((b) => !statuses || statuses.includes(String(b.status)));
	return { data: slice(bundles, page(query, 10)), totalCount: bundles.length };
}

const id = (request: RouteRequest) => request.params[0];

export const CURRENT_ROUTES: CurrentRoute[] = [
	{ operation: 'SIM list', method: 'GET', path: '/sims', pattern: /^\/sims$/, run: (ctx, r) => listSims(ctx.fleet, r.query) },
	{
		operation: 'Async result',
		method: 'GET',
		path: '/sims/async_result/{request_id}',
		pattern: /^\/sims\/async_result\/([^/]+)$/,
		run: (ctx, r) => {
			const job = ctx.jobs.get(id(r));
			if (!job) throw new CurrentError('invalidParameter', `unknown request_id ${id(r)}`);
			return { data: job };
		},
	},
	{ operation: 'SIM detail', method: 'GET', path: '/sims/{sim_id}', pattern: /^\/sims\/([^/]+)$/, run: (ctx, r) => ({ data: ctx.fleet.detail(ctx.fleet.sim(id(r))) }) },
	{ operation: 'SIM bundles', method: 'GET', path: '/sims/{sim_id}/bundles', pattern: /^\/sims\/([^/]+)\/bundles$/, run: (ctx, r) => listBundles(ctx.fleet, id(r), r.query) },
	{
		operation: 'Usage (daily/monthly)',
		method: 'GET',
		path: '/sims/{sim_id}/usage',
		pattern: /^\/sims\/([^/]+)\/usage$/,
		run: (ctx, r) => {
			const sim = ctx.fleet.sim(id(r));
			// The sign examples name it category_type, the endpoint page category (spec §2.3): both are read.
			const category = single(r.query, 'category') ?? single(r.query, 'category_type');
			return { data: usageHistory(ctx.fleet.state, sim, { category, periodType: single(r.query, 'period_type'), beginFrom: single(r.query, 'begin_from'), endBy: single(r.query, 'end_by') }) };
		},
	},
	{
		operation: 'Status',
		method: 'GET',
		path: '/sims/{sim_id}/status',
		pattern: /^\/sims\/([^/]+)\/status$/,
		run: (ctx, r) => {
			const sim = ctx.fleet.sim(id(r));
			return { data: { sim_id: sim.iccid, status: ctx.fleet.simStatus(sim), request_id: ctx.jobs.lockOf(sim.iccid) ?? null } };
		},
	},
	{ operation: 'Add bundle', method: 'POST', path: '/sims/{sim_id}/bundle', pattern: /^\/sims\/([^/]+)\/bundle$/, run: (ctx, r) => ({ data: ctx.writes.addBundle(id(r), r.body) }) },
	{ operation: 'Cancel', method: 'PUT', path: '/sims/{sim_id}/cancel', pattern: /^\/sims\/([^/]+)\/cancel$/, run: (ctx, r) => ({ data: ctx.writes.cancel(id(r), r.body) }) },
	{ operation: 'Activate', method: 'POST', path: '/sims/{sim_id}/activate', pattern: /^\/sims\/([^/]+)\/activate$/, run: (ctx, r) => ({ data: ctx.writes.activate(id(r)) }) },
	{ operation: 'Suspend', method: 'PUT', path: '/sims/{sim_id}/suspend', pattern: /^\/sims\/([^/]+)\/suspend$/, run: (ctx, r) => ({ data: ctx.writes.suspend(id(r)) }) },
	{ operation: 'Resume', method: 'PUT', path: '/sims/{sim_id}/resume', pattern: /^\/sims\/([^/]+)\/resume$/, run: (ctx, r) => ({ data: ctx.writes.resume(id(r)) }) },
	{
		operation: 'Accumulated usage',
		method: 'GET',
		path: '/usage/statistics/{sim_id}/accu_usage',
		pattern: /^\/usage\/statistics\/([^/]+)\/accu_usage$/,
		run: (ctx, r) => ({ data: accumulatedUsage(ctx.fleet.state, ctx.fleet.sim(id(r))) }),
	},
	{ operation: 'Send SMS', method: 'POST', path: '/sms', pattern: /^\/sms$/, run: (ctx, r) => ({ data: sendSms(ctx.sms, r.body, r.keyId, r.nonce) }) },
	{
		operation: 'SMS MT list',
		method: 'GET',
		path: '/sms/mt/{sim_id}',
		pattern: /^\/sms\/mt\/([^/]+)$/,
		run: (ctx, r) => {
			const { items, total } = listMt(ctx.sms, id(r), integer(r.query, 'status', 4, 1, 4), { from: optionalMs(r.query, 'begin_from'), to: optionalMs(r.query, 'end_by') }, page(r.query, 100));
			return { data: items, totalCount: total };
		},
	},
	{
		operation: 'SMS MO list',
		method: 'GET',
		path: '/sms/mo/{sim_id}',
		pattern: /^\/sms\/mo\/([^/]+)$/,
		run: (ctx, r) => {
			const { items, total } = listMo(ctx.sms, id(r), { from: optionalMs(r.query, 'begin_from'), to: optionalMs(r.query, 'end_by') }, page(r.query, 100));
			return { data: items, totalCount: total };
		},
	},
];

/** The vendor's base path; the simulator serves the current API with and without it. */
export const CURRENT_BASE = '/cube/v4';

/** Paths of the current API: /sims…, /usage/…, /sms and /sms/mt|mo/… — none is a legacy path (/sms/sendSms stays legacy). */
const OWNED = /^\/(sims|usage)(\/|$)|^\/sms(\/(mt|mo)(\/|$)|$)/;

export const withoutBase = (path: string) => (path === CURRENT_BASE || path.startsWith(CURRENT_BASE + '/') ? path.slice(CURRENT_BASE.length) : path);

export const isCurrentPath = (path: string) => OWNED.test(withoutBase(path));

/** The route for a path: found, or the methods the path does take (405), or nothing (404). */
export function findRoute(method: string, path: string): { route?: CurrentRoute; params: string[]; allowed: string[] } {
	const relative = withoutBase(path);
	const allowed: string[] = [];
	for (const route of CURRENT_ROUTES) {
		const match = route.pattern.exec(relative);
		if (!match) continue;
		// Routes are tried in order, so async_result wins over a SIM called "async_result".
		if (route.method === method) return { route, params: match.slice(1).map(decodeURIComponent), allowed };
		allowed.push(route.method);
	}
	return { params: [], allowed };
}
