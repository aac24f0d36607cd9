import { CubeApiError, CubeValidationError, CURRENT_OPERATIONS, execute, failureAbout, fieldsFor, isCurrentOperation, operationRun, OPERATIONS, repeatedWrite, toPlainError, writeDecision, type ExecuteOptions, type Field, type OperationSpec, type Params, type RepeatedWrite } from '@linksfield-cube/core';
import { applyMsgOverrides, errorForCatch, failureOf, failureReportedBy, mapResult, type Conflict, type NodeFields, type OutputSettings, type MsgError } from './msg-mapping';
import type { Done, Node, NodeAPI, NodeMessage, Send } from './node-red-api';
import { ACTION_TYPE, OPERATION_FROM_MSG, type ActionProps, type CubeApi, type CubeConfigNode } from './node-types';
import { RequestStatus } from './request-status';
import { defaultInput, evaluateTypedInput, type TypedValue } from './typed-input';

/**
 * linksfield-cube: runs one catalog operation per message. Fields are TypedInputs; the node's own settings win
 * over msg values, which fill only fields left empty. The core's execute() does the work (fan-out, paging or one
 * call), and the result lands on a configurable property of the same msg. Failures go to done(err) for Catch
 * nodes, or to the optional second output. A write is never sent twice by a flow: a message that reports an
 * unknown outcome of the same write (same SIM of a list included) is refused, and so is one reporting some SIMs'
 * failure that would send the list's other SIMs again.
 */

/** Every operation's fields as the core defines them (label, default), by name: read once, at load. */
const CATALOG_FIELDS = new Map<string, Map<string, Field>>([...OPERATIONS, ...CURRENT_OPERATIONS].map((op) => [op.id, new Map(fieldsFor(op).map((f) => [f.name, f]))]));

/** The operations of each API: a node runs only those of its config node's API. */
const CATALOGS: Record<CubeApi, OperationSpec[]> = { legacy: OPERATIONS, current: CURRENT_OPERATIONS };

function operationFor(props: ActionProps, msg: NodeMessage, api: CubeApi): OperationSpec {
	const id = props.operation === OPERATION_FROM_MSG ? msg.operation : props.operation;
	const catalog = CATALOGS[api];
	const op = catalog.find((o) => o.id === id);
	if (!op) throw new CubeValidationError(String(id ?? 'operation'), props.operation === OPERATION_FROM_MSG ? 'msg.operation' : 'operation', `must be one of ${catalog.map((o) => o.id).join(', ')} (the ${api} API of the config node)`);
	return op;
}

/** A TypedInput the user filled in: any type with a value (a msg TypedInput names its property). */
const isSet = (input: TypedValue | undefined): input is TypedValue => input !== undefined && String(input.value ?? '').trim() !== '';

/**
 * Every parameter: the node's own TypedInput when set, evaluated for this msg. A field the node left empty stays
 * empty unless the msg fills it; the catalog default applies only to fields the node does not have at all.
 */
async function readFields(RED: NodeAPI, node: Node, props: ActionProps, op: OperationSpec, msg: NodeMessage): Promise<NodeFields> {
	const fromMsg = props.operation === OPERATION_FROM_MSG;
	const catalog = CATALOG_FIELDS.get(op.id)!;
	// Current API lists walked page by page (Return All / Up to): Page and Page Size apply to "One page" only, so the
	// core reads 100 records a request (the vendor's daily quota counts requests), as the n8n node does.
	const paging = isCurrentOperation(op) && (props.paging ?? 'all') !== 'page' ? op.listPaging : undefined;
	const walkedPageField = (name: string) => paging !== undefined && (name === paging.pageNo || name === paging.pageSize);
	const fields: NodeFields = { own: {}, defaults: {} };
	await Promise.all(
		op.params.map(async (spec) => {
			if (walkedPageField(spec.name)) return;
			const input = fromMsg ? undefined : props.params?.[spec.name];
			if (isSet(input)) fields.own[spec.name] = await evaluateTypedInput(RED, node, msg, op.id, spec.name, input);
			else {
				const value = await evaluateTypedInput(RED, node, msg, op.id, spec.name, input ?? defaultInput(catalog.get(spec.name)!));
				if (value !== undefined) fields.defaults[spec.name] = value;
			}
		}),
	);
	return fields;
}

/**
 * Writes are the operations a repeat could charge twice; an opt-in one (Custom API Call) unless marked safe to retry,
 * and always when its path is a catalog write's; any call to an overridden path, which may be a write's endpoint.
 * The core's one decision (writeDecision), as the client's retries take it.
 */
const writeOf = (op: OperationSpec, props: ActionProps, params: Params) => writeDecision(op, params, { safeToRetry: props.safeToRetry === true, path: op.pathOverridable ? props.path : undefined });
const isWrite = (op: OperationSpec, props: ActionProps, params: Params): boolean => writeOf(op, props, params).write;

/** "order_id X, device_id Y" for warnings: which order / SIM a write was about. */
function describeTarget(params: Params): string {
	const parts = ['order_id', 'device_id', 'sim_id', 'path'].filter((name) => typeof params[name] === 'string' || typeof params[name] === 'number').map((name) => `${name} ${params[name]}`);
	const list = Object.values(params).find((v) => Array.isArray(v));
	if (Array.isArray(list)) parts.push(`${list.length} SIMs`);
	return parts.join(', ') || '-';
}

/** "device_id A, B" (current API: "sim_id A, B") for at most 10 SIMs, else the write's own targets. */
function describeSims(iccids: string[], params: Params): string {
	if (!iccids.length) return describeTarget(params);
	const name = 'sim_id' in params || 'sim_ids' in params ? 'sim_id' : 'device_id';
	return `${name} ${iccids.slice(0, 10).join(', ')}${iccids.length > 10 ? `, … (${iccids.length - 10} more)` : ''}`;
}

/** The refusal of a repeated write, in the log (and debug sidebar) only. */
function refusalText(RED: NodeAPI, op: OperationSpec, params: Params, earlier: MsgError, repeat: RepeatedWrite): string {
	// The earlier write's operation: a Custom API Call to Bulk Order's path repeats a Bulk Order.
	const operation = earlier.operation ?? op.id;
	if (repeat.reason === 'unknown') return RED._('linksfield-cube.errors.not-repeated', { operation, target: describeSims(repeat.iccids, params) });
	return RED._('linksfield-cube.errors.not-repeated-others', { operation, failed: describeSims(earlier.failedIccids ?? (earlier.iccid ? [earlier.iccid] : []), params), target: describeSims(repeat.iccids, params) });
}

async function readOptions(RED: NodeAPI, node: Node, props: ActionProps, op: OperationSpec, msg: NodeMessage): Promise<ExecuteOptions> {
	const options: ExecuteOptions = {};
	if (props.extra && props.extra.trim() !== '') {
		const extra = await evaluateTypedInput(RED, node, msg, op.id, 'extra', { value: props.extra, type: props.extraType || 'json' });
		if (extra !== undefined && (extra === null || typeof extra !== 'object' || Array.isArray(extra))) throw new CubeValidationError(op.id, 'extra', 'must be an object of parameters');
		if (extra && Object.keys(extra).length) options.extra = extra as Params;
	}
	if (op.pathOverridable && props.path?.trim()) options.path = props.path.trim();
	if (operationRun(op) === 'paging') {
		const paging = props.paging ?? 'all';
		if (paging === 'all') options.returnAll = true;
		else if (paging === 'limit') options.limit = Math.max(1, Number(props.limit) || 100);
	}
	// Left empty: the catalog default. Anything else goes to the client, which refuses what is out of range.
	if (op.fanOutOf && String(props.concurrency ?? '').trim() !== '') options.concurrency = Number(props.concurrency);
	if (op.retryOptIn) options.idempotent = props.safeToRetry === true;
	// Current API, asynchronous writes: the core polls the result for at most the bound, then says pending with the request id.
	if (op.async && props.waitForResult === true) {
		const seconds = String(props.waitTimeout ?? '').trim();
		options.waitForResult = seconds === '' ? true : { timeoutMs: Number(seconds) * 1000 };
	}
	return options;
}

export = function registerActionNode(RED: NodeAPI) {
	function LinksfieldCubeNode(this: Node, props: ActionProps) {
		RED.nodes.createNode(this, props);
		const node = this;
		const config = RED.nodes.getNode(props.cube) as CubeConfigNode | null;
		const status = new RequestStatus(node, (key, subs) => RED._(key, subs));
		const output: OutputSettings = { property: props.property?.trim() || 'payload', manyOutput: props.manyOutput === 'array' ? 'array' : 'each' };
		// Aborts this node's requests on close, so a redeploy never waits for (or reports) a dying request.
		const closing = new AbortController();
		const inFlight = new Set<Promise<void>>();

		// Conflicts already warned about since this deploy, by field.
		const warned = new Set<string>();
		function warnConflicts(op: OperationSpec, conflicts: Conflict[]): void {
			for (const { field, source } of conflicts) {
				if (warned.has(field)) continue;
				warned.add(field);
				const label = CATALOG_FIELDS.get(op.id)!.get(field)?.label;
				node.warn(RED._('linksfield-cube.warnings.msg-ignored', { field: label ? `${label} (${field})` : field, source }));
			}
		}

		/** A write cut off by a redeploy or stop: it may have happened on the server, so say so (the flow is gone). */
		function reportStopped(op: OperationSpec | undefined, params: Params | undefined, err?: unknown): void {
			if (!op || !isWrite(op, props, params ?? {})) return;
			const subs = { operation: op.id, target: describeTarget(params ?? {}) };
			if (err === undefined) node.warn(RED._('linksfield-cube.warnings.stopped-after-write', subs));
			else if (err instanceof CubeApiError && err.outcome === 'unknown') node.error(RED._('linksfield-cube.errors.stopped-unknown', subs));
			else node.warn(RED._('linksfield-cube.warnings.stopped-not-sent', subs));
		}

		async function handle(msg: NodeMessage, send: Send, done: Done): Promise<void> {
			status.begin();
			let op: OperationSpec | undefined;
			let params: Params | undefined;
			try {
				if (!config) throw new Error(RED._('linksfield-cube.errors.no-config'));
				op = operationFor(props, msg, config.api());
				const merged = applyMsgOverrides(op, await readFields(RED, node, props, op, msg), msg);
				params = merged.params;
				warnConflicts(op, merged.conflicts);
				const earlier = failureReportedBy(msg);
				const write = writeOf(op, props, params);
				// Safe to Retry on a call to a catalog write's path: not honoured, and said once per deploy.
				if (write.overruled && !warned.has(`safeToRetry ${write.overruled.id}`)) {
					warned.add(`safeToRetry ${write.overruled.id}`);
					node.warn(RED._('linksfield-cube.warnings.safe-to-retry-overruled', { path: String(params.path).trim(), operation: write.overruled.id }));
				}
				const repeat = earlier && write.write ? repeatedWrite(earlier, op, params) : undefined;
				if (earlier && repeat) {
					// Not to Catch / the second output: a loop wired there would bring it straight back.
					status.failed(RED._('linksfield-cube.status.not-repeated'));
					node.error(refusalText(RED, op, params, earlier, repeat));
					return done();
				}
				const options = await readOptions(RED, node, props, op, msg);
				if (op.retryOptIn) options.idempotent = !write.write;
				const result = await execute(config.client(), op.id, params, { ...options, signal: closing.signal, onProgress: (n, total) => status.progress(n, total) });
				if (closing.signal.aborted) {
					reportStopped(op, params);
					return done();
				}
				const { results, failures, sims } = mapResult(RED, op.id, result, msg, output);
				// A current-API write only acknowledged (or still running when Wait for Result ran out) is not done: say pending.
				const pending = result.kind === 'single' && (result.data as { status?: unknown } | null)?.status === 'pending';
				if (failures.length === 0) status.succeeded(sims ? RED._('linksfield-cube.status.sims', { count: sims.ok }) : pending ? RED._('linksfield-cube.status.pending') : undefined);
				else {
					const text = RED._('linksfield-cube.status.partial', { ok: sims?.ok ?? results.length, failed: sims?.failed ?? failures.length });
					if (results.length === 0) status.failed(text);
					else status.partial(text);
				}
				if (props.errorOutput) send([results, failures.map((f) => f.msg)]);
				else {
					send([results]);
					// Each failure reaches Catch nodes with its own msg (msg.iccid, msg.error).
					for (const f of failures) node.error(errorForCatch(f.error), f.msg);
				}
				done();
			} catch (err) {
				if (closing.signal.aborted) {
					reportStopped(op, params, err);
					return done();
				}
				// A Custom API Call's failure also names the catalog operation its path is, and its SIMs (the loop guard reads them).
				const error = toPlainError(err, op && params && !op.fanOutOf ? failureAbout(op, params) : {});
				msg.error = failureOf(msg, error);
				// The vendor's code when Linksfield answered, else the failure class (timeout, validation…).
				status.failed(error.code ?? error.kind);
				if (props.errorOutput) {
					send([null, msg]);
					done();
				} else done(errorForCatch(error));
			}
		}

		node.on('input', (msg, send, done) => {
			if (closing.signal.aborted) return done();
			const running = handle(msg, send, done);
			inFlight.add(running);
			void running.finally(() => inFlight.delete(running));
		});

		node.on('close', (_removed, done) => {
			closing.abort();
			void Promise.allSettled([...inFlight]).then(() => {
				status.clear();
				done();
			});
		});
	}

	RED.nodes.registerType(ACTION_TYPE, LinksfieldCubeNode);
};
