import { CubeValidationError, execute, OPERATIONS, type ExecuteOptions, type OperationSpec, type Params } from '@linksfield-cube/core';
import { editorCatalog, type EditorParam } from './editor-catalog';
import { applyMsgOverrides, errorForCatch, mapResult, msgErrorFrom, type OutputSettings } from './msg-mapping';
import type { Done, Node, NodeAPI, NodeMessage, Send } from './node-red-api';
import { ACTION_TYPE, OPERATION_FROM_MSG, type ActionProps, type CubeConfigNode } from './node-types';
import { RequestStatus } from './request-status';
import { evaluateTypedInput } from './typed-input';

/**
 * linksfield-cube: runs one catalog operation per message. Fields are TypedInputs, msg overrides win, the
 * core's execute() does the work (fan-out, paging or one call), and the result lands on a configurable
 * property of the same msg. Failures go to done(err) for Catch nodes, or to the optional second output.
 */

const CATALOG_PARAMS = new Map<string, Map<string, EditorParam>>(
	editorCatalog().resources.flatMap((r) => r.operations.map((op) => [op.id, new Map(op.params.map((p) => [p.name, p]))] as const)),
);

function operationFor(props: ActionProps, msg: NodeMessage): OperationSpec {
	const id = props.operation === OPERATION_FROM_MSG ? msg.operation : props.operation;
	const op = OPERATIONS.find((o) => o.id === id);
	if (!op) throw new CubeValidationError(String(id ?? 'operation'), props.operation === OPERATION_FROM_MSG ? 'msg.operation' : 'operation', `must be one of ${OPERATIONS.map((o) => o.id).join(', ')}`);
	return op;
}

/** Every parameter's TypedInput (the catalog default when the node has none), evaluated for this msg. */
async function readParams(RED: NodeAPI, node: Node, props: ActionProps, op: OperationSpec, msg: NodeMessage): Promise<Params> {
	const fromMsg = props.operation === OPERATION_FROM_MSG;
	const catalog = CATALOG_PARAMS.get(op.id)!;
	const entries = await Promise.all(
		op.params.map(async (spec) => {
			const fallback = catalog.get(spec.name)!;
			const input = (!fromMsg && props.params?.[spec.name]) || { value: fallback.defaultValue, type: fallback.defaultType };
			return [spec.name, await evaluateTypedInput(RED, node, msg, op.id, spec.name, input)] as const;
		}),
	);
	return Object.fromEntries(entries.filter(([, v]) => v !== undefined));
}

async function readOptions(RED: NodeAPI, node: Node, props: ActionProps, op: OperationSpec, msg: NodeMessage): Promise<ExecuteOptions> {
	const options: ExecuteOptions = {};
	if (props.extra && props.extra.trim() !== '') {
		const extra = await evaluateTypedInput(RED, node, msg, op.id, 'extra', { value: props.extra, type: props.extraType || 'json' });
		if (extra !== undefined && (extra === null || typeof extra !== 'object' || Array.isArray(extra))) throw new CubeValidationError(op.id, 'extra', 'must be an object of parameters');
		if (extra && Object.keys(extra).length) options.extra = extra as Params;
	}
	if (op.docStatus === 'inferred' && op.path && props.path?.trim()) options.path = props.path.trim();
	if (op.paging) {
		const paging = props.paging ?? 'all';
		if (paging === 'all') options.returnAll = true;
		else if (paging === 'limit') options.limit = Math.max(1, Number(props.limit) || 100);
	}
	if (op.fanOutOf && Number(props.concurrency) > 0) options.concurrency = Number(props.concurrency);
	if (op.id === 'custom.call') options.idempotent = props.safeToRetry === true;
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

		async function handle(msg: NodeMessage, send: Send, done: Done): Promise<void> {
			status.begin();
			try {
				if (!config) throw new Error(RED._('linksfield-cube.errors.no-config'));
				const op = operationFor(props, msg);
				const params = applyMsgOverrides(op, await readParams(RED, node, props, op, msg), msg);
				const options = await readOptions(RED, node, props, op, msg);
				const result = await execute(config.client(), op.id, params, { ...options, signal: closing.signal, onProgress: (n, total) => status.progress(n, total) });
				if (closing.signal.aborted) return done();
				const { results, failures } = mapResult(RED, result, msg, output);
				if (failures.length === 0) status.succeeded(result.kind === 'many' ? RED._('linksfield-cube.status.sims', { count: results.length }) : undefined);
				else status.partial(RED._('linksfield-cube.status.partial', { ok: results.length, failed: failures.length }));
				if (props.errorOutput) send([results, failures.map((f) => f.msg)]);
				else {
					send([results]);
					// Each failed SIM reaches Catch nodes with its own msg (msg.iccid, msg.error).
					for (const f of failures) node.error(errorForCatch(f.error), f.msg);
				}
				done();
			} catch (err) {
				if (closing.signal.aborted) return done();
				const error = msgErrorFrom(err);
				msg.error = error;
				status.failed(error.code);
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
