import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';
import { OPERATIONS, type ParamSpec } from '@linksfield-cube/core';
import { cubeClientFor } from './client';
import { searchMethodName } from './properties';

type Search = (this: ILoadOptionsFunctions, filter?: string) => Promise<INodeListSearchResult>;

/** Lists the values of a picker from the operation the catalog names (Plan Code: Plan → Get Plans), filtered by name or code. */
function searchFor(listedBy: NonNullable<ParamSpec['listedBy']>): Search {
	return async function (this: ILoadOptionsFunctions, filter?: string) {
		const client = await cubeClientFor(this);
		try {
			const data = await client.call<unknown>(listedBy.operation);
			const records = (Array.isArray(data) ? data : []) as Array<Record<string, unknown>>;
			const needle = (filter ?? '').trim().toLowerCase();
			const results = records
				.map((r) => ({ value: String(r[listedBy.value] ?? ''), name: `${String(r[listedBy.name] ?? '')} (${String(r[listedBy.value] ?? '')})` }))
				.filter((r) => r.value && (!needle || r.name.toLowerCase().includes(needle)))
				.sort((a, b) => a.name.localeCompare(b.name));
			return { results };
		} finally {
			client.close();
		}
	};
}

/** The node's listSearch methods: one per operation that lists a picker's values. */
export const listSearch: Record<string, Search> = Object.fromEntries(
	OPERATIONS.flatMap((op) => op.params)
		.filter((p) => p.listedBy)
		.map((p) => [searchMethodName(p.listedBy!), searchFor(p.listedBy!)]),
);
