import { DAY } from '../dates';
import type { Order, Sim, State } from '../state';
import { bytes } from './bundle-record';
import { CurrentError } from './codes';

/**
 * Daily and monthly usage (spec §5.4) and accumulated usage (§5.5). The legacy state keeps no per-day record, so
 * a period's figure is the SIM's usage rate over the time an order was in use within it — an approximation that
 * may not add up to an order's usage where a seed or the admin set that usage directly. Periods are UTC days and
 * months of the simulated clock. Windows (spec): daily ≤ 60 days back, monthly ≤ 6 months back, nothing before
 * 2023-01-01 (CB-00-0003); start after end is CB-00-0001; an end in the future is cut at today.
 */

const FLOOR = Date.UTC(2023, 0, 1);
const DAILY = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHLY = /^(\d{4})-(\d{2})$/;

const two = (n: number) => String(n).padStart(2, '0');
const dayText = (ms: number) => {
	const d = new Date(ms);
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`;
};
const monthText = (ms: number) => dayText(ms).slice(0, 7);

function parsePeriod(text: string, daily: boolean, name: string): number {
	const m = (daily ? DAILY : MONTHLY).exec(text);
	const ms = m ? Date.UTC(+m[1], +m[2] - 1, daily ? +m[3] : 1) : NaN;
	// Date.UTC rolls 2023-02-30 over into March; a real date prints back as it was written.
	if (!m || (daily ? dayText(ms) : monthText(ms)) !== text) throw new CurrentError('invalidParameter', `${name} must be ${daily ? 'YYYY-MM-DD' : 'YYYY-MM'}, got "${text}"`);
	return ms;
}

const nextMonth = (ms: number) => {
	const d = new Date(ms);
	return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
};

/** When the order stopped using data, or now for one still in use. */
function stopOf(order: Order, now: number): number | undefined {
	if (order.startedAt === undefined) return undefined;
	if (order.status === 'inUse') return Math.min(now, order.expiresAt ?? now);
	if (order.status === 'paused') return order.pausedAt;
	return order.endedAt ?? order.expiresAt;
}

/** MB the SIM used between two instants, from its rate and the time its orders were in use. */
function usedBetween(state: State, sim: Sim, from: number, to: number): number {
	let mb = 0;
	for (const id of sim.orderIds) {
		const order = state.order(id);
		const stop = stopOf(order, state.now());
		if (order.startedAt === undefined || stop === undefined) continue;
		const overlap = Math.min(stop, to) - Math.max(order.startedAt, from);
		if (overlap > 0) mb += (sim.mbPerDay * overlap) / DAY;
	}
	return mb;
}

export interface UsageQuery {
	category?: string;
	periodType?: string;
	beginFrom?: string;
	endBy?: string;
}

export function usageHistory(state: State, sim: Sim, query: UsageQuery): { sim_id: string; usage: Array<{ period: string; updated_at: number; data: { all: string } }> } {
	for (const [name, value] of [['category', query.category], ['period_type', query.periodType], ['begin_from', query.beginFrom], ['end_by', query.endBy]] as const) {
		if (!value) throw new CurrentError('missingParameter', `${name} is required`);
	}
	if (query.category !== 'data') throw new CurrentError('invalidParameter', `category must be "data", got "${query.category}"`);
	if (query.periodType !== '1' && query.periodType !== '2') throw new CurrentError('invalidParameter', `period_type must be 1 (daily) or 2 (monthly), got "${query.periodType}"`);
	const daily = query.periodType === '1';
	const begin = parsePeriod(query.beginFrom!, daily, 'begin_from');
	const end = parsePeriod(query.endBy!, daily, 'end_by');
	if (begin > end) throw new CurrentError('startAfterEnd', `${query.beginFrom} is after ${query.endBy}`);
	const now = state.now();
	const today = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate());
	const thisMonth = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), 1);
	const earliest = daily ? today - 60 * DAY : Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth() - 6, 1);
	if (begin < FLOOR) throw new CurrentError('startTooEarly', 'usage is kept from 2023-01-01');
	if (begin < earliest) throw new CurrentError('startTooEarly', daily ? 'daily usage goes back at most 60 days' : 'monthly usage goes back at most 6 months');
	const usage = [];
	for (let at = begin; at <= Math.min(end, daily ? today : thisMonth); at = daily ? at + DAY : nextMonth(at)) {
		const until = daily ? at + DAY : nextMonth(at);
		usage.push({ period: daily ? dayText(at) : monthText(at), updated_at: Math.min(now, until), data: { all: String(bytes(usedBetween(state, sim, at, Math.min(until, now)))) } });
	}
	return { sim_id: sim.iccid, usage };
}

/** Accumulated usage (spec §5.5): bytes over all the SIM's orders, since its first order started (UTC0 text). */
export function accumulatedUsage(state: State, sim: Sim): Array<{ type: string; accu_usage: string; since: string }> {
	const orders = sim.orderIds.map((id) => state.order(id));
	const starts = orders.map((o) => o.startedAt ?? o.orderedAt);
	const since = new Date(starts.length ? Math.min(...starts) : state.startTime).toISOString();
	const total = orders.reduce((sum, o) => sum + state.usedMb(o), 0);
	return [{ type: 'data', accu_usage: String(bytes(total)), since: `${since.slice(0, 10)} ${since.slice(11, 19)}` }];
}
