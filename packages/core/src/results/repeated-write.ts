import { targetOf, type Outcome } from './errors';
import { isWrite, OPERATIONS, type OperationSpec } from '../catalog/operations';
import { CURRENT_OPERATIONS } from '../catalog/current-operations';
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

/** A path as the server may route it: the same endpoint whatever its case, doubled or trailing slashes. */
const routed = (path: string) => '/' + path.trim().toLowerCase().split('/').filter(Boolean).join('/');

/** The catalog's endpoints by path: a Custom API Call to one of them is that operation (the legacy API's catalog holds the custom call). */
const BY_PATH = new Map(OPERATIONS.filter((op) => op.path !== null && !op.custom).map((op) => [routed(op.path!), op]));

const listsOf = (op: OperationSpec) => op.params.filter((p) => p.type === 'iccidList').map((p) => p.name);

/** The ICCID lists of every catalog operation: what a Custom API Call to a path the catalog does not know may carry. */
const ALL_LISTS = [...new Set(OPERATIONS.flatMap(listsOf))];

/**
 * The catalog operation a Custom API Call's path is the endpoint of (its `path` param), so a call to, say, Bulk
 * Order's path is told apart as a Bulk Order is. Undefined for any other operation, and for a path of no catalog entry.
 */
export function catalogOperationOf(op: OperationSpec, params: Params): OperationSpec | undefined {
	if (!op.custom || typeof params.path !== 'string') return undefined;
	return BY_PATH.get(routed(params.path));
}

/** The current API's endpoints: a method and its path's template as a pattern ({sim_id} any one segment). */
const CURRENT_ENDPOINTS = CURRENT_OPERATIONS.map((op) => ({
	op,
	method: op.method.toUpperCase(),
	pattern: new RegExp('^' + routed(op.path).split('/').map((segment) => (/^\{.*\}$/.test(segment) ? '[^/]+' : segment.replace(/[^a-z0-9]/g, '\\$&'))).join('/') + '$'),
}));

/**
 * The catalog write whose endpoint a signed call to `path` is: the legacy API's (every call is a POST) or, with
 * `method`, the current API's. Such a call is that write, whatever "Safe to Retry" says: never repeated once it may
 * have been sent. Undefined for a read's endpoint and for a path the catalog does not know.
 */
export function catalogWriteAt(path: unknown, method?: string): OperationSpec | undefined {
	if (typeof path !== 'string') return undefined;
	const at = routed(path);
	const op = method === undefined ? BY_PATH.get(at) : CURRENT_ENDPOINTS.find((e) => e.method === method.toUpperCase() && e.pattern.test(at))?.op;
	return op && !op.idempotent ? op : undefined;
}

/** Whether a call is a write, and the catalog write that overruled the user's "Safe to Retry", if it did. */
export interface WriteDecision {
	write: boolean;
	/** "Safe to Retry" was set on a Custom API Call to this catalog write's path: it is not honoured (tell the user). */
	overruled?: OperationSpec;
}

/**
 * The one decision of whether a call could be carried out twice by repeating it, for the client's retries and the
 * write-loop guard alike: the catalog's (isWrite: an opt-in operation unless marked Safe to Retry, any call to an
 * overridden path); a Custom API Call to a catalog write's path is that write whatever "Safe to Retry" says.
 */
export function writeDecision(op: OperationSpec, params: Params, options: { safeToRetry?: boolean; path?: string } = {}): WriteDecision {
	const at = op.custom ? catalogWriteAt(params.path) : undefined;
	if (at) return options.safeToRetry === true ? { write: true, overruled: at } : { write: true };
	return { write: isWrite(op, options.safeToRetry === true, options.path) };
}

/**
 * device_id (sim_id), every ICCID list (bulk order's deviceList, SMS sim_ids) and order_id; for the Custom API Call,
 * those of its body — the lists of the catalog operation at its path, or of any catalog operation.
 */
export function writeTargets(op: OperationSpec, params: Params): WriteTargets {
	const body = op.custom ? (isObject(params.params) ? params.params : {}) : params;
	const at = op.custom ? catalogOperationOf(op, params) : op;
	const lists = at ? listsOf(at) : ALL_LISTS;
	const iccids = new Set<string>();
	// device_id in the legacy API, sim_id in the current one.
	const single = text(body.device_id) ?? text(body.sim_id);
	if (single) iccids.add(single);
	for (const name of lists) for (const iccid of iccidsFromText(body[name])) iccids.add(iccid);
	return withoutUndefined({ iccids: [...iccids], orderId: text(body.order_id) });
}

/**
 * What a failure records of the request that failed: its SIM and order; for a Custom API Call, also the catalog
 * operation its path is (catalogOperation) and its SIMs (failedIccids), so a loop from it into that operation — a
 * failed or unknown custom call to Bulk Order's path into a Bulk Order — is told apart as a loop from a Bulk Order is.
 */
export function failureAbout(op: OperationSpec, params: Params): Pick<WriteFailure, 'iccid' | 'orderId' | 'catalogOperation' | 'failedIccids'> {
	if (!op.custom) return targetOf(params);
	const { iccids, orderId } = writeTargets(op, params);
	return withoutUndefined({ catalogOperation: catalogOperationOf(op, params)?.id, orderId, failedIccids: iccids.length ? iccids : undefined });
}

/** A write's failure as a flow carries it back (the fields of PlainError, and of a list's failure). */
export interface WriteFailure {
	operation?: string;
	/** A Custom API Call's failure: the catalog operation whose path it called. */
	catalogOperation?: string;
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
 * exactly those SIMs) is no repeat: it may go again. Undefined when it is another write. A Custom API Call is the
 * operation whose catalog path it posts to (a Bulk Order's failure, then a custom call to Bulk Order's path), as
 * well as a custom call; a custom call's failure (catalogOperation) is the operation whose path it called as well.
 */
export function repeatedWrite(earlier: WriteFailure, op: OperationSpec, params: Params): RepeatedWrite | undefined {
	const nowOps = [op.id, catalogOperationOf(op, params)?.id].filter((id) => id !== undefined);
	if (![earlier.operation, earlier.catalogOperation].some((id) => id !== undefined && nowOps.includes(id))) return undefined;
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
