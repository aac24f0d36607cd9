/**
 * Derived usage facts, ready for an IF / Switch node. The API returns counters as strings in a unit the
 * vendor does not document (spec §6.2.1): the facts are in that same unit, never converted.
 *   used      = order_used_flow        (usage of the current order cycle)
 *   remaining = high_flow_balance      (remaining high-speed data)
 *   total     = used + remaining
 *   percentUsed = used / total × 100, two decimals (null when total is 0)
 *   orderId   = order_code             (the order in use: what Plan → Renew takes)
 */

export interface UsageFacts {
	iccid: string | null;
	orderId: string | null;
	used: number | null;
	remaining: number | null;
	total: number | null;
	percentUsed: number | null;
}

function num(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return null;
}

export function usageFacts(data: Record<string, unknown>): UsageFacts {
	const used = num(data.order_used_flow);
	const remaining = num(data.high_flow_balance);
	const total = used !== null && remaining !== null ? used + remaining : null;
	const percentUsed = total ? Math.round((used! / total) * 10000) / 100 : null;
	const orderCode = data.order_code;
	return {
		iccid: typeof data.device_id === 'string' ? data.device_id : null,
		orderId: typeof orderCode === 'string' && orderCode !== '' ? orderCode : null,
		used,
		remaining,
		total,
		percentUsed,
	};
}

/** The API's fields (minus the opaque response `sign`) plus the derived facts. */
export function withUsageFacts(data: Record<string, unknown>): Record<string, unknown> & UsageFacts {
	// Plain copy loops: this runs once per SIM of a fleet sweep, and rest/spread allocate more here.
	const out: Record<string, unknown> = {};
	for (const key in data) if (key !== 'sign') out[key] = data[key];
	return Object.assign(out, usageFacts(data));
}
