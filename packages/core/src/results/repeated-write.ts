import type { Outcome } from './errors';
import type { OperationSpec } from '../catalog/operations';
import type { Params } from '../signing/legacy/sign';
import { iccidsFromText } from '../catalog/validate';
import { withoutUndefined } from './without-undefined';

/**
 * Telling a repeat of a write from another write by what it is about: its SIMs and its order. A flow that wires
 * a failure back into the node (a Node-RED Catch node or second output) brings the failure with the message;
 * before sending, the node asks whether the write would repeat what may already have been carried out. A bulk
 * order's ICCID list counts SIM by SIM: the failure of one of its SIMs is about the same write as the list.
 */

/** The SIMs and the order a write names. */
export interface WriteTargets {
	iccids: string[];
	orderId?: string;
}

const text = (v: unknown) => (typeof v === 'string' || typeof v === 'number' ? String(v).trim() || undefined : undefined);
const isObject = (v: unknown): v is Params => v !== null && typeof v === 'object' && !Array.isArray(v);

/** device_id (sim_id), every ICCID list (bulk order's deviceList, SMS sim_ids) and order_id; for the Custom API Call, those of its body. */
export function writeTargets(op: OperationSpec, params: Params): WriteTargets {
	const body = op.custom ? (isObject(params.params) ? params.params : {}) : params;
	const lists = op.custom ? ['deviceList', 'device_ids'] : op.params.filter((p) => p.type === 'iccidList').map((p) => p.name);
	const iccids = new Set<string>();
	// device_id in the legacy API, sim_id in the current one.
	const single = text(body.device_id) ?? text(body.sim_id);
	if (single) iccids.add(single);
	for (const name of lists) for (const iccid of iccidsFromText(body[name])) iccids.add(iccid);
	return withoutUndefined({ iccids: [...iccids], orderId: text(body.order_id) });
}

/** A write's failure as a flow carries it back (the fields of PlainError, and of a list's failure). */
export interface WriteFailure {
	operation?: string;
	outcome?: Outcome;
	/** The SIM the failed request was about (one SIM of a list, for a failure reported SIM by SIM). */
	iccid?: string;
	orderId?: string;
	/** A list's failure reported as one: the SIMs that failed, and of those the ones whose outcome is unknown. */
	failedIccids?: string[];
	unknownIccids?: string[];
}

export interface RepeatedWrite {
	/**
	 * 'unknown': it would send again what may have been carried out. 'beyond-failure': the failure names only some
	 * SIMs, and the write would send others too (a list set in the node, whose other SIMs went through).
	 */
	reason: 'unknown' | 'beyond-failure';
	/** The SIMs concerned; empty when the failure names none (it is about the whole write). */
	iccids: string[];
}

/**
 * Whether sending `params` as `op` repeats the write `earlier` reports: same operation, same order where the
 * failure names one, and SIMs in common where it names SIMs. A repeat of what certainly failed (outcome failed,
 * exactly those SIMs) is no repeat: it may go again. Undefined when it is another write.
 */
export function repeatedWrite(earlier: WriteFailure, op: OperationSpec, params: Params): RepeatedWrite | undefined {
	if (earlier.operation !== op.id) return undefined;
	const now = writeTargets(op, params);
	// Trimmed as the targets are (and as validation sends them): a failure names the SIM or order as the flow gave
	// it, and an order id read from a file line ("X\r\n") is the order X that may have been renewed.
	const orderId = text(earlier.orderId);
	if (orderId !== undefined && orderId !== now.orderId) return undefined;
	const trimmed = (list: string[] | undefined) => list?.map(text).filter((v): v is string => v !== undefined);
	const failed = trimmed(earlier.failedIccids) ?? (text(earlier.iccid) !== undefined ? [text(earlier.iccid)!] : []);
	const unknown = trimmed(earlier.unknownIccids) ?? (earlier.outcome === 'unknown' ? failed : []);
	if (failed.length === 0) return earlier.outcome === 'unknown' ? { reason: 'unknown', iccids: now.iccids } : undefined;
	const common = now.iccids.filter((iccid) => failed.includes(iccid));
	if (common.length === 0) return undefined;
	const again = common.filter((iccid) => unknown.includes(iccid));
	if (again.length) return { reason: 'unknown', iccids: again };
	const others = now.iccids.filter((iccid) => !failed.includes(iccid));
	return others.length ? { reason: 'beyond-failure', iccids: others } : undefined;
}
