import type { CurrentOperationSpec } from '../catalog/current-operations';
import type { Params } from '../signing/legacy/sign';

/**
 * What a current API write's success answer means (spec current §6): for an asynchronous write only that the request
 * was received, so it is reported as **pending** with its `request_id` (or the SMS `job_id`) and how to follow it —
 * never as done. A write that is synchronous (add bundle without activation) is done.
 */

export type WriteAcknowledgement =
	| {
			status: 'pending';
			operation: string;
			simIds: string[];
			/** The answer's `request_id`; null when it carried none (activate and resume are followed by the SIM status). */
			requestId: string | null;
			/** SMS send: the job's id (a string: 18 digits exceed a JavaScript number). */
			jobId?: string;
			/** Add bundle: the new bundle's order, which Cancel takes. */
			orderId?: string;
			followWith: 'asyncResult' | 'status' | 'smsSentList';
			data: unknown;
	  }
	| { status: 'done'; operation: string; simIds: string[]; orderId?: string; data: unknown };

const idText = (v: unknown) => (typeof v === 'string' && v !== '' ? v : typeof v === 'number' && Number.isFinite(v) ? String(v) : undefined);

function simIdsOf(values: Params): string[] {
	if (typeof values.sim_id === 'string') return [values.sim_id];
	return Array.isArray(values.sim_ids) ? values.sim_ids.map(String) : [];
}

export function acknowledgeWrite(op: CurrentOperationSpec, values: Params, data: unknown): WriteAcknowledgement {
	const fields = data !== null && typeof data === 'object' && !Array.isArray(data) ? (data as Record<string, unknown>) : {};
	const orderId = idText(fields.order_id);
	const base = { operation: op.id, simIds: simIdsOf(values), ...(orderId ? { orderId } : {}), data };
	const async = op.async;
	if (!async || (async.onlyWhen && values[async.onlyWhen.param] !== async.onlyWhen.value)) return { status: 'done', ...base };
	const jobId = idText(fields.job_id);
	return { status: 'pending', ...base, requestId: idText(fields.request_id) ?? null, ...(jobId ? { jobId } : {}), followWith: async.resultBy };
}
