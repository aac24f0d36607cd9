import { DEFAULT_PLAN, findPlan, type Plan } from '../plans';
import type { Order, OrderStatus, State } from '../state';

/**
 * Bundles of the current API over the legacy state (spec §5.17): a bundle is a legacy order, its `id` the plan
 * code (the vendor's `LP…` ids look like the add-bundle `bundle_id`), and `order_id` — the simulator's own field —
 * the order id that cancel takes. Sizes are bytes (spec: INFERRED) of the simulator's MB. The legacy state keeps
 * one data allowance per order, so `data_limit` / `current_cycle_usage` are the order's whole allowance and use.
 */

const MIB = 1024 * 1024;
export const bytes = (mb: number) => Math.round(mb * MIB);

/** Bundle `status` (spec §5.17): 0 not enabled, 1 in use, 2 paused, 3 ended (cancelled too). */
export const BUNDLE_STATUS: Record<OrderStatus, number> = { unenabled: 0, inUse: 1, paused: 2, ended: 3, cancelled: 3 };

/** Add-bundle `bundle_type` (10 basic, 11 add-on) → bundle object `type` (0 basic, 1 fuel pack). */
export const BUNDLE_OBJECT_TYPE: Record<number, number> = { 10: 0, 11: 1 };

/**
 * `period_unit` codes are NOT FOUND in the vendor's docs; the simulator's: 1 day, 2 month, 3 year — so a plan
 * of 30/90/180 simulated days reads as 1/3/6 months.
 */
const PERIOD: Record<Plan['type'], { unit: number; number: number }> = {
	'0': { unit: 1, number: 1 },
	'1': { unit: 1, number: 1 },
	'2': { unit: 2, number: 1 },
	'3': { unit: 2, number: 3 },
	'4': { unit: 2, number: 6 },
	'5': { unit: 3, number: 1 },
};

/** The vendor's example bundle id (spec §2.3, vector B): accepted as the 1 GB monthly plan so the example request works. */
export const EXAMPLE_BUNDLE_ID = 'LP09823222320';

/** An add-bundle `bundle_id`: a plan code of the simulator's catalogue (GET /_sim/plans), or the vendor's example id. */
export const planOfBundle = (bundleId: string): Plan | undefined => (bundleId === EXAMPLE_BUNDLE_ID ? DEFAULT_PLAN : findPlan(bundleId));

export function bundleRecord(state: State, order: Order, objectType = 0): Record<string, unknown> {
	const now = state.now();
	const started = order.startedAt;
	let cycle = 0;
	let cycleStart: number | null = null;
	let cycleEnd: number | null = null;
	if (started !== undefined) {
		const until = Math.min(now, order.endedAt ?? now);
		cycle = Math.min(order.periods, Math.max(1, Math.floor((until - started) / order.periodMs) + 1));
		cycleStart = started + (cycle - 1) * order.periodMs;
		cycleEnd = started + cycle * order.periodMs;
	}
	const ended = order.status === 'ended' || order.status === 'cancelled';
	return {
		id: order.plan.code,
		order_id: order.id,
		status: BUNDLE_STATUS[order.status],
		type: objectType,
		use: null,
		data_limit: bytes(order.volumeMb),
		current_cycle_usage: started === undefined ? null : bytes(state.usedMb(order)),
		period_unit: PERIOD[order.plan.type].unit,
		period_number: PERIOD[order.plan.type].number,
		cycles: order.periods,
		current_cycle: cycle,
		current_cycle_start_at: cycleStart,
		current_cycle_end_at: cycleEnd,
		added_at: order.orderedAt,
		start_at: started ?? null,
		end_at: (ended ? order.endedAt : order.expiresAt) ?? null,
	};
}
