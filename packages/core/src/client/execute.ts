import { isCurrentOperation } from '../catalog/current-operations';
import type { CallOptions } from './call-options';
import type { CubeClient } from './cube-client';
import type { ManyOptions, ManyResult } from './fan-out';
import { itemResults } from '../results/item-results';
import type { OperationSpec } from '../catalog/operations';
import type { Params } from '../signing/legacy/sign';
import { toList } from '../catalog/validate';

export interface ExecuteOptions extends CallOptions, Omit<ManyOptions, 'signal'> {
	/** List operations: every record (paging ones walk every page). */
	returnAll?: boolean;
	/** List operations: at most this many records (paging ones walk pages until then). */
	limit?: number;
}

export type ExecuteResult =
	| { kind: 'single'; data: unknown }
	| { kind: 'list'; items: Record<string, unknown>[] }
	| { kind: 'many'; results: ManyResult<Record<string, unknown>>[] };

/**
 * How an operation runs, from its catalog entry: a fan-out (one result per SIM of a list), a paging list, an answer
 * that reports each SIM on its own (bulk order), a list of records, or one answer. execute() takes it from here, and
 * so does a runtime that gathers its input differently for one of them.
 */
export type OperationRun = 'fanOut' | 'paging' | 'itemResults' | 'list' | 'single';

export function operationRun(op: OperationSpec): OperationRun {
	if (op.fanOut) return 'fanOut';
	if (pagingOf(op)) return 'paging';
	if (op.itemResults) return 'itemResults';
	return op.returnsList ? 'list' : 'single';
}

/** Where an operation's page fields are: a legacy entry's paging, or a current API list's (listPaging), named the same way. */
const pagingOf = (op: OperationSpec) => op.paging ?? (isCurrentOperation(op) ? op.listPaging : undefined);

/**
 * Runs one catalog operation the way both runtimes present it: a fan-out operation, or one whose answer reports
 * each SIM on its own (bulk order), becomes one result per SIM; a paging operation with Return All / Limit
 * becomes the list of records, anything else the call's data.
 * The n8n node and the Node-RED node only map this to items / messages.
 */
export async function execute(client: CubeClient, operationId: string, params: Params, options: ExecuteOptions = {}): Promise<ExecuteResult> {
	const op = client.operation(operationId);
	const run = operationRun(op);
	if (run === 'fanOut') return { kind: 'many', results: await client.fanOut(op.id, params[op.fanOut!.list], options) };
	const paging = pagingOf(op);
	if (run === 'paging' && paging && (options.returnAll || options.limit !== undefined)) {
		const { [paging.pageNo]: _pageNo, [paging.pageSize]: pageSize, ...filter } = params;
		const items = await client.allPages(op.id, filter, { ...options, limit: options.returnAll ? undefined : options.limit, pageSize: pageSize === undefined ? undefined : Number(pageSize) });
		return { kind: 'list', items };
	}
	if (run === 'itemResults') {
		const data = await client.call(op.id, params, options);
		// The call validated the list; the same text split the same way gives the SIMs in request order.
		const list = params[op.itemResults!.list] ?? options.extra?.[op.itemResults!.list];
		const requested = (toList(list) ?? []).map((v) => String(v).trim());
		return { kind: 'many', results: itemResults(op, requested, data) };
	}
	const data = await client.call(op.id, params, options);
	if (run === 'list' && Array.isArray(data)) return { kind: 'list', items: options.returnAll || options.limit === undefined ? data : data.slice(0, options.limit) };
	return { kind: 'single', data };
}
