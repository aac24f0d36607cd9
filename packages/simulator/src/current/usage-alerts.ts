import type { Order, State } from '../state';
import { bytes } from './bundle-record';

/**
 * Usage alerts of the current API — the portal's "single SIM data usage – value & percentage" trigger (spec §7.4):
 * a notification when the usage of a bundle in use crosses a percentage of its data limit, once per bundle and
 * threshold. Usage only moves when the clock moves or the admin sets it, so that is when it is checked. What a
 * seed starts with is the baseline (a demo SIM at 95 % does not alert at the first clock move); usage set lower
 * again re-arms the thresholds above it. The payload is the simulator's own (the vendor's is NOT FOUND).
 */

export const DEFAULT_USAGE_THRESHOLDS = [80, 100];

export const USAGE_EVENT = 'sim_data_usage';

export interface UsageCrossing {
	order: Order;
	threshold: number;
	percent: number;
}

export class UsageAlerts {
	private crossed = new Map<string, Set<number>>();
	/** Orders placed at or after this simulated instant start with no baseline. */
	private baselineUntil = 0;

	constructor(public thresholds: number[]) {
		for (const t of thresholds) if (!(t > 0 && t <= 100)) throw new Error(`usage threshold ${t} must be a percentage in (0, 100]`);
	}

	/** Forgets what was announced; what the data set has now is the new baseline. */
	reset(state: State): void {
		this.crossed = new Map();
		this.baselineUntil = state.now();
		this.check(state);
	}

	check(state: State): UsageCrossing[] {
		const out: UsageCrossing[] = [];
		for (const order of state.orders.values()) {
			if (order.status !== 'inUse' || order.volumeMb <= 0) continue;
			const percent = (state.usedMb(order) / order.volumeMb) * 100;
			let seen = this.crossed.get(order.id);
			const baseline = !seen && order.orderedAt < this.baselineUntil;
			if (!seen) this.crossed.set(order.id, (seen = new Set()));
			// Lowered usage (admin) arms the thresholds above it again.
			for (const t of seen) if (percent < t) seen.delete(t);
			for (const threshold of this.thresholds) {
				if (percent < threshold || seen.has(threshold)) continue;
				seen.add(threshold);
				if (!baseline) out.push({ order, threshold, percent });
			}
		}
		return out;
	}
}

export function usageAlertBody(state: State, crossing: UsageCrossing): Record<string, unknown> {
	const { order, threshold, percent } = crossing;
	return {
		event: USAGE_EVENT,
		sim_id: order.iccid,
		occurred_at: state.now(),
		data: {
			order_id: order.id,
			bundle_id: order.plan.code,
			threshold_percent: threshold,
			usage_percent: Math.floor(percent * 100) / 100,
			usage: bytes(state.usedMb(order)),
			data_limit: bytes(order.volumeMb),
		},
	};
}
