import type { UsageFacts } from '@linksfield-cube/core';

/** "Percent used reaches N" or "remaining falls to N (in the API's unit)". */
export interface ThresholdRule {
	metric: 'percentUsed' | 'remaining';
	value: number;
}

/** What the trigger remembers about a SIM it already reported: the order it was reported for. */
export interface FiredMark {
	orderId: string | null;
	at: number;
}

export type FiredState = Record<string, FiredMark>;

export type Usage = Record<string, unknown> & UsageFacts;

/** Over the threshold? null when the API gave no usable number (nothing is decided then). */
export function isOver(usage: UsageFacts, rule: ThresholdRule): boolean | null {
	const v = usage[rule.metric];
	if (v === null || v === undefined) return null;
	return rule.metric === 'percentUsed' ? v >= rule.value : v <= rule.value;
}

/**
 * Which SIMs crossed the threshold since the last poll. A SIM fires once, then stays quiet while it stays
 * over; it re-arms when it is back under (a renewal added data) or its order changed (a new plan).
 * SIMs not watched any more are forgotten; SIMs whose query failed keep their mark.
 */
export function crossings(usages: Usage[], fired: FiredState, rule: ThresholdRule, watched: string[], now = Date.now()): { fire: Usage[]; fired: FiredState } {
	const next: FiredState = {};
	const watchedSet = new Set(watched);
	for (const [iccid, mark] of Object.entries(fired)) if (watchedSet.has(iccid)) next[iccid] = mark;
	const fire: Usage[] = [];
	for (const usage of usages) {
		const iccid = usage.iccid;
		if (!iccid) continue;
		const over = isOver(usage, rule);
		if (over === null) continue;
		if (next[iccid] && next[iccid].orderId !== usage.orderId) delete next[iccid];
		if (over && !next[iccid]) {
			fire.push(usage);
			next[iccid] = { orderId: usage.orderId, at: now };
		} else if (!over) {
			delete next[iccid];
		}
	}
	return { fire, fired: next };
}
