import { CubeApiError, CubeValidationError, type CubeEvent, type ExecuteResult, type OperationSpec, type Params } from '@linksfield-cube/core';
import type { NodeAPI, NodeMessage } from './node-red-api';

/**
 * How a Node-RED message maps onto a Cube operation and back: the documented msg overrides in, the result /
 * per-SIM messages / msg.error out. The incoming msg is reused, so everything else on it is preserved.
 */

/** msg.error as the node documents it; `code` is the vendor's code, or the failure kind when there is none. */
export interface MsgError {
	code: string;
	message: string;
	kind: string;
	operation?: string;
	/** 'unknown' = a write may have been carried out; it was not repeated. */
	outcome?: 'failed' | 'unknown';
	field?: string;
	vendorMessage?: string;
	httpStatus?: number;
	attempts?: number;
	iccid?: string;
}

const defined = <T extends object>(obj: T): T => Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as T;

export function msgErrorFrom(err: unknown, iccid?: string): MsgError {
	if (err instanceof CubeApiError) {
		const { code, kind, operation, outcome, vendorMessage, httpStatus, attempts } = err;
		return defined({ code: code ?? kind, message: err.message, kind, operation, outcome, vendorMessage, httpStatus, attempts, iccid });
	}
	if (err instanceof CubeValidationError) {
		// Refused before anything was sent.
		return defined({ code: 'validation', message: err.message, kind: 'validation', operation: err.operation, outcome: 'failed' as const, field: err.field, iccid });
	}
	return defined({ code: 'error', message: (err as Error)?.message ?? String(err), kind: 'error', iccid });
}

/** The Error handed to done(): Node-RED copies its message and `code` into the Catch node's msg.error. */
export function errorForCatch(error: MsgError): Error {
	return Object.assign(new Error(error.message), { code: error.code });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/**
 * msg.iccid → the SIM parameter (device_id, or the ICCID list of list operations), msg.orderId → order_id,
 * msg.params merged last (for the Custom API Call: into its body params). The msg wins over the node's fields.
 */
export function applyMsgOverrides(op: OperationSpec, params: Params, msg: NodeMessage): Params {
	const out: Params = { ...params };
	const names = new Set(op.params.map((p) => p.name));
	if (present(msg.iccid)) {
		const target = names.has('device_id') ? 'device_id' : op.params.find((p) => p.type === 'iccidList')?.name;
		if (target) out[target] = msg.iccid;
	}
	if (present(msg.orderId) && names.has('order_id')) out.order_id = msg.orderId;
	if (msg.params !== undefined) {
		if (!isPlainObject(msg.params)) throw new CubeValidationError(op.id, 'msg.params', 'must be an object of parameters');
		if (op.id === 'custom.call') out.params = { ...(isPlainObject(out.params) ? out.params : {}), ...msg.params };
		else Object.assign(out, msg.params);
	}
	return out;
}

export interface OutputSettings {
	/** Where the result goes, e.g. "payload". */
	property: string;
	/** Fan-out: one message per SIM, or one message with the array. */
	manyOutput: 'each' | 'array';
}

export interface Mapped {
	/** Messages for the first output. */
	results: NodeMessage[];
	/** Failed items of a fan-out, each with msg.error set. */
	failures: { msg: NodeMessage; error: MsgError }[];
}

/** The order a result refers to, so the next node (Renew, Enable…) can take msg.orderId as it is. */
function orderIdOf(data: unknown): string | undefined {
	if (!isPlainObject(data)) return undefined;
	const id = data.orderId ?? data.order_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

function withResult(RED: NodeAPI, msg: NodeMessage, settings: OutputSettings, data: unknown): NodeMessage {
	RED.util.setMessageProperty(msg, settings.property, data, true);
	const orderId = orderIdOf(data);
	if (orderId) msg.orderId = orderId;
	if (isPlainObject(data) && typeof data.iccid === 'string') msg.iccid = data.iccid;
	return msg;
}

export function mapResult(RED: NodeAPI, result: ExecuteResult, msg: NodeMessage, settings: OutputSettings): Mapped {
	if (result.kind === 'single') return { results: [withResult(RED, msg, settings, result.data)], failures: [] };
	if (result.kind === 'list') {
		RED.util.setMessageProperty(msg, settings.property, result.items, true);
		return { results: [msg], failures: [] };
	}
	if (settings.manyOutput === 'array') {
		const items = result.results.map((r) => (r.ok ? r.data : { iccid: r.iccid, error: msgErrorFrom(r.error, r.iccid) }));
		RED.util.setMessageProperty(msg, settings.property, items, true);
		return { results: [msg], failures: [] };
	}
	const mapped: Mapped = { results: [], failures: [] };
	const count = result.results.length;
	for (const r of result.results) {
		const one = RED.util.cloneMessage(msg);
		// parts let a Join node in automatic mode put the per-SIM messages back together.
		one.parts = defined({ id: msg._msgid, index: r.index, count, type: 'array', parts: msg.parts });
		one.iccid = r.iccid;
		if (r.ok) mapped.results.push(withResult(RED, one, settings, r.data));
		else {
			delete one.orderId;
			one.error = msgErrorFrom(r.error, r.iccid);
			mapped.failures.push({ msg: one, error: one.error });
		}
	}
	return mapped;
}

/** One message per event: the normalised event in payload, the SIM and order at the top for the next node. */
export function eventMessage(event: CubeEvent): NodeMessage {
	const msg: NodeMessage = { topic: event.event, payload: event, iccid: event.iccid };
	if (event.orderId) msg.orderId = event.orderId;
	if (event.deliveryId) msg.deliveryId = event.deliveryId;
	return msg;
}
