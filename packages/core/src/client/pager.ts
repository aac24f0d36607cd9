import type { OperationSpec } from '../catalog/operations';
import { CubeApiError } from '../results/errors';
import type { Params } from '../signing/legacy/sign';
import type { CallOptions } from './call-options';

/** Page options of a walk through a paging operation's pages. */
export interface PagesOptions extends CallOptions {
	/** At most this many records. */
	limit?: number;
	pageSize?: number;
}

/** The value at a dotted path ("page.total_pages") of an answer's data. */
function valueAt(data: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((v, key) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[key] : undefined), data);
}

/** One call of the operation, as the client makes it. */
type Call = (operationId: string, params: Params, options: CallOptions) => Promise<Record<string, unknown>>;

/**
 * Every record of a paging operation matching `filter`, walking its pages until the last one (or `limit`
 * records). Where the page fields, the records and the page count are comes from the operation's catalog entry.
 */
export async function walkPages(call: Call, op: OperationSpec, filter: Params, options: PagesOptions): Promise<Record<string, unknown>[]> {
	const paging = op.paging;
	if (!paging) throw new Error(`${op.id} does not page`);
	const pageSize = Math.min(options.pageSize ?? paging.maxPageSize, paging.maxPageSize);
	const limit = options.limit ?? Infinity;
	const records: Record<string, unknown>[] = [];
	for (let pageNo = 1; records.length < limit; pageNo++) {
		const data = await call(op.id, { ...filter, [paging.pageNo]: pageNo, [paging.pageSize]: pageSize }, options);
		const items = (data?.[paging.items] as Record<string, unknown>[]) ?? [];
		records.push(...items.slice(0, limit - records.length));
		if (items.length === 0 || records.length >= limit) break;
		const totalPages = Number(valueAt(data, paging.totalPages));
		if (Number.isInteger(totalPages)) {
			if (pageNo >= totalPages) break;
			continue;
		}
		// No page object: a short page is the last one, but after a full page more may follow. Failing is
		// better than a list that looks complete and is not.
		if (items.length < pageSize) break;
		throw new CubeApiError({
			operation: op.id,
			kind: 'malformed',
			detail: `page ${pageNo} has ${items.length} ${paging.itemsName} and no ${paging.totalPages}, so it cannot be told whether more pages follow; rather than a silently cut list, nothing is returned — use a limit of at most ${pageSize}, or a filter`,
			outcome: 'failed',
		});
	}
	return records;
}
