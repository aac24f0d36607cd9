import { CubeValidationError, toPlainError, withoutUndefined, type CubeEvent, type ExecuteResult, type OperationSpec, type Params, type PlainError } from '@linksfield-cube/core';
import type { NodeAPI, NodeMessage } from './node-red-api';

/**
 * How a Node-RED message maps onto a Cube operation and back: the documented msg overrides in, the result /
 * per-SIM messages / msg.error out. The incoming msg is reused, so everything else on it is preserved.
 */

/**
 * msg.error: the core's plain error (the fields of n8n's error items, with the same meanings: `kind` the failure
 * class, `code` the vendor's code only when Linksfield answered with one), plus, for Get Many in one message, the
 * SIMs that failed.
 */
export interface MsgError extends PlainError {
	failedIccids?: string[];
	/** Of those, the ones whose outcome is unknown (a bulk order's SIM the answer left out). */
	unknownIccids?: string[];
}

/**
 * The Error handed to done(): Node-RED copies its message and `code` into the Catch node's msg.error, so a
 * Catch node sees the vendor's code when there is one; the whole msg.error is in msg._error.
 */
export function errorForCatch(error: MsgError): Error {
	return Object.assign(new Error(error.message), error.code === undefined ? {} : { code: error.code });
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !Buffer.isBuffer(v);
const present = (v: unknown) => v !== undefined && v !== null && v !== '';

/** The node's fields as read for one message. */
export interface NodeFields {
	/** Fields the user set in the node (a non-empty TypedInput of any type), evaluated; undefined when that source was empty. */
	own: Record<string, unknown>;
	/** Catalog defaults of the fields left empty. */
	defaults: Params;
}

/** A msg value the node did not use because the node's own field is set. */
export interface Conflict {
	/** The parameter, e.g. "order_id" (for the Custom API Call's body params: "params.<name>"). */
	field: string;
	/** Where the msg carried it, e.g. "msg.orderId". */
	source: string;
}

/** Text and lists compare as the API will see them ("a,b" equals ["a","b"]; 2 equals "2"). */
const comparable = (v: unknown) => (Array.isArray(v) ? v.map((x) => String(x).trim()).join(',') : isPlainObject(v) ? JSON.stringify(v) : String(v).trim());

/**
 * What the message offers: msg.iccid → the SIM parameter (device_id / sim_id, or the ICCID list of list operations),
 * msg.orderId → order_id, msg.params.<name> (over both). For the Custom API Call msg.params are its body params.
 */
function msgValues(op: OperationSpec, msg: NodeMessage): Map<string, { value: unknown; source: string }> {
	const names = new Set(op.params.map((p) => p.name));
	const values = new Map<string, { value: unknown; source: string }>();
	if (present(msg.iccid)) {
		// The current API names its SIM sim_id.
		const target = names.has('device_id') ? 'device_id' : names.has('sim_id') ? 'sim_id' : op.params.find((p) => p.type === 'iccidList')?.name;
		if (target) values.set(target, { value: msg.iccid, source: 'msg.iccid' });
	}
	if (present(msg.orderId) && names.has('order_id')) values.set('order_id', { value: msg.orderId, source: 'msg.orderId' });
	if (msg.params !== undefined) {
		if (!isPlainObject(msg.params)) throw new CubeValidationError(op.id, 'msg.params', 'must be an object of parameters');
		const prefix = op.custom ? 'params.' : '';
		for (const [name, value] of Object.entries(msg.params)) values.set(prefix + name, { value, source: `msg.params.${name}` });
	}
	return values;
}

/**
 * An own key even for `__proto__` (JSON.parse gives msg.params one): an assignment would set the object's
 * prototype instead, and the key would vanish rather than be refused by the core's check of the body.
 */
const setOwn = (target: Params, key: string, value: unknown) => Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });

/**
 * The node's own settings win, as in Node-RED's http request node: a field the user set in the node is used
 * (a msg TypedInput reads that property); the message's values fill only fields left empty, then the catalog
 * defaults. A msg value that differs from a set field is not used and is returned as a conflict to warn about.
 */
export function applyMsgOverrides(op: OperationSpec, fields: NodeFields, msg: NodeMessage): { params: Params; conflicts: Conflict[] } {
	const params: Params = { ...fields.defaults };
	const conflicts: Conflict[] = [];
	const ownBody = op.custom && isPlainObject(fields.own.params) ? fields.own.params : undefined;
	const body: Params = {};
	for (const [field, { value, source }] of msgValues(op, msg)) {
		const bodyName = field.startsWith('params.') && op.custom ? field.slice('params.'.length) : undefined;
		// Own keys only: `in` would take msg.params.constructor / toString for fields the node has set.
		const ownHas = bodyName !== undefined ? ownBody !== undefined && Object.hasOwn(ownBody, bodyName) : Object.hasOwn(fields.own, field);
		const own = bodyName !== undefined ? ownBody?.[bodyName] : fields.own[field];
		if (!ownHas) {
			if (bodyName !== undefined) setOwn(body, bodyName, value);
			else setOwn(params, field, value);
		} else if (present(value) && (!present(own) || comparable(own) !== comparable(value))) conflicts.push({ field, source });
	}
	for (const [name, value] of Object.entries(fields.own)) {
		if (value === undefined) delete params[name];
		else params[name] = value;
	}
	if (Object.keys(body).length) params.params = { ...body, ...(isPlainObject(params.params) ? params.params : {}) };
	return { params, conflicts };
}

/**
 * The failure of a Cube request this message reports, if any: msg.error as this node sets it (second output), or
 * as a Catch node passes it on (Node-RED's own msg.error, with this node's details in msg._error). Deleting
 * msg.error clears it.
 */
export function failureReportedBy(msg: NodeMessage): MsgError | undefined {
	const error = msg.error;
	if (!isPlainObject(error)) return undefined;
	const ours = error.outcome !== undefined ? error : error.source !== undefined && isPlainObject(msg._error) ? msg._error : undefined;
	return ours?.outcome === 'unknown' || ours?.outcome === 'failed' ? (ours as unknown as MsgError) : undefined;
}

/**
 * msg.error for a failure. A message that came from a Catch node keeps Node-RED's error source on it, so
 * Node-RED's own loop guard counts this node's errors and ends a Catch loop after 10 rounds (a permanent
 * failure would otherwise go round for ever: a fresh msg.error resets Node-RED's count).
 */
export function failureOf(msg: NodeMessage, error: MsgError): MsgError & { source?: unknown } {
	const source = isPlainObject(msg.error) ? msg.error.source : undefined;
	return source === undefined ? error : { ...error, source };
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
	/** Failures of a fan-out, each message with msg.error set: one per SIM, or one for the whole array. */
	failures: { msg: NodeMessage; error: MsgError }[];
	/** Fan-out: how many SIMs succeeded and failed. */
	sims?: { ok: number; failed: number };
}

/** The order a result refers to, so the next node (Renew, Enable…) can take msg.orderId as it is. */
function orderIdOf(data: unknown): string | undefined {
	if (!isPlainObject(data)) return undefined;
	const id = data.orderId ?? data.order_id;
	return typeof id === 'string' && id !== '' ? id : undefined;
}

/** A result message: the data at the configured property, and no error left over from an earlier attempt. */
function withResult(RED: NodeAPI, msg: NodeMessage, settings: OutputSettings, data: unknown): NodeMessage {
	delete msg.error;
	delete msg._error;
	RED.util.setMessageProperty(msg, settings.property, data, true);
	const orderId = orderIdOf(data);
	if (orderId) msg.orderId = orderId;
	if (isPlainObject(data) && typeof data.iccid === 'string') msg.iccid = data.iccid;
	return msg;
}

/**
 * One msg.error for an array whose SIMs failed, so the failure reaches Catch / the second output as well. Its
 * operation is the one that ran (Get Many, Bulk Order), and its outcome unknown when any SIM's is: a bulk-order
 * SIM labelled "failed" would invite ordering it again.
 */
function arrayFailure(errors: MsgError[], total: number, operation: string): MsgError {
	const first = errors[0];
	const unknown = errors.filter((e) => e.outcome === 'unknown').map((e) => e.iccid!);
	const unknownText = unknown.length ? ` Outcome unknown (may have been carried out): ${unknown.join(', ')}.` : '';
	return withoutUndefined({
		code: first.code,
		message: `${errors.length} of ${total} SIMs failed (first: ${first.iccid}: ${first.message})${unknownText}`,
		kind: first.kind,
		operation,
		outcome: unknown.length ? ('unknown' as const) : ('failed' as const),
		failedIccids: errors.map((e) => e.iccid!),
		unknownIccids: unknown.length ? unknown : undefined,
	});
}

export function mapResult(RED: NodeAPI, operation: string, result: ExecuteResult, msg: NodeMessage, settings: OutputSettings): Mapped {
	if (result.kind === 'single') return { results: [withResult(RED, msg, settings, result.data)], failures: [] };
	if (result.kind === 'list') return { results: [withResult(RED, msg, settings, result.items)], failures: [] };
	const count = result.results.length;
	const errors: MsgError[] = result.results.filter((r) => !r.ok).map((r) => toPlainError(r.error, { iccid: r.iccid }));
	const sims = { ok: count - errors.length, failed: errors.length };
	if (settings.manyOutput === 'array') {
		let failed = 0;
		const items = result.results.map((r) => (r.ok ? r.data : { iccid: r.iccid, error: errors[failed++] }));
		const one = withResult(RED, msg, settings, items);
		if (errors.length === 0) return { results: [one], failures: [], sims };
		const failure = RED.util.cloneMessage(one);
		failure.error = arrayFailure(errors, count, operation);
		// Nothing but failures is no result: the message goes only where failures go.
		return { results: sims.ok > 0 ? [one] : [], failures: [{ msg: failure, error: failure.error }], sims };
	}
	const mapped: Mapped = { results: [], failures: [], sims };
	let failed = 0;
	for (const r of result.results) {
		const one = RED.util.cloneMessage(msg);
		// parts let a Join node in automatic mode put the per-SIM messages back together.
		one.parts = withoutUndefined({ id: msg._msgid, index: r.index, count, type: 'array', parts: msg.parts });
		one.iccid = r.iccid;
		if (r.ok) mapped.results.push(withResult(RED, one, settings, r.data));
		else {
			delete one.orderId;
			one.error = errors[failed++];
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
