import { NodeOperationError, type ILoadOptionsFunctions, type INodeListSearchResult } from 'n8n-workflow';
import { CubeApiError, OPERATIONS, type ParamSpec } from '@linksfield-cube/core';
import { cubeClientFor } from './client';
import { toNodeError } from './node-errors';
import { searchMethodName } from './properties';

type Search = (this: ILoadOptionsFunctions, filter?: string) => Promise<INodeListSearchResult>;

/**
 * Someone waits on a picker with the dropdown open: one request with a short timeout, not a node run's 30 s
 * times four attempts (121 s of spinning against a host that never answers). Re-opening the picker tries again.
 */
const PICKER_TIMEOUT_MS = 5000;

/** Lists the values of a picker from the operation the catalog names (Plan Code: Plan → Get Plans), filtered by name or code. */
function searchFor(listedBy: NonNullable<ParamSpec['listedBy']>): Search {
	return async function (this: ILoadOptionsFunctions, filter?: string) {
		const client = await cubeClientFor(this, { timeoutMs: PICKER_TIMEOUT_MS, retry: { retries: 0 } });
		// The timeout is the socket's idle time, which each byte of a trickling answer restarts: a deadline ends it.
		const deadline = AbortSignal.timeout(PICKER_TIMEOUT_MS);
		try {
			const data = await client.call<unknown>(listedBy.operation, {}, { signal: deadline });
			const records = (Array.isArray(data) ? data : []) as Array<Record<string, unknown>>;
			const needle = (filter ?? '').trim().toLowerCase();
			const results = records
				.map((r) => ({ value: String(r[listedBy.value] ?? ''), name: `${String(r[listedBy.name] ?? '')} (${String(r[listedBy.value] ?? '')})` }))
				.filter((r) => r.value && (!needle || r.name.toLowerCase().includes(needle)))
				.sort((a, b) => a.name.localeCompare(b.name));
			return { results };
		} catch (error) {
			if (error instanceof CubeApiError && (error.kind === 'timeout' || deadline.aborted)) {
				const host = new URL(client.baseUrl).host;
				throw new NodeOperationError(this.getNode(), `${host} does not answer (nothing within ${PICKER_TIMEOUT_MS / 1000} s) — check the credential's environment or base URL, or enter the code by ID`);
			}
			throw toNodeError(this.getNode(), error, 0);
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
