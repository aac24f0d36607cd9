import type { ManyResult } from '../client/fan-out';
import { CubeApiError } from './errors';
import type { OperationSpec } from '../catalog/operations';

/**
 * One result per requested item of an answer that reports each item on its own inside a success envelope
 * (bulk order: `device_order[].error`). A failed SIM is an error of its own, never hidden in a green result;
 * a SIM the answer does not mention may or may not have been ordered, so its outcome is unknown.
 */
export function itemResults(op: OperationSpec, requested: string[], data: unknown): ManyResult<Record<string, unknown>>[] {
	const spec = op.itemResults!;
	const list = (data as Record<string, unknown> | null)?.[spec.items];
	const entries = new Map<string, Record<string, unknown>>();
	if (Array.isArray(list)) {
		for (const entry of list) if (entry && typeof entry === 'object') entries.set(String((entry as Record<string, unknown>)[spec.key]), entry as Record<string, unknown>);
	}
	return requested.map((iccid, index) => {
		const entry = entries.get(iccid);
		if (!entry) {
			const error = new CubeApiError({ operation: op.id, kind: 'malformed', detail: `the answer has no ${spec.items} entry for SIM ${iccid}`, outcome: 'unknown' });
			return { iccid, index, ok: false, error };
		}
		const code = String(entry[spec.code] ?? '');
		if (code === spec.okCode) return { iccid, index, ok: true, data: entry };
		const vendorMessage = typeof entry[spec.message] === 'string' ? `SIM ${iccid}: ${entry[spec.message] as string}` : `SIM ${iccid} was not carried out`;
		return { iccid, index, ok: false, error: new CubeApiError({ operation: op.id, kind: 'business', code: code || 'none', vendorMessage, outcome: 'failed' }) };
	});
}

/** One line over per-SIM results, for an error that stops a run: what was done must stay visible. */
export function resultSummary(results: ManyResult<unknown>[]): string {
	const done = results.filter((r) => r.ok);
	const failed = results.filter((r): r is Extract<ManyResult<unknown>, { ok: false }> => !r.ok);
	const list = (rs: ManyResult<unknown>[], max = 20) => rs.slice(0, max).map((r) => r.iccid).join(', ') + (rs.length > max ? `, … (${rs.length - max} more)` : '');
	const parts = [`${done.length} of ${results.length} SIMs succeeded${done.length ? `: ${list(done)}` : ''}.`];
	if (failed.length) parts.push(`Failed: ${list(failed)}.`);
	const unknown = failed.filter((r) => r.error instanceof CubeApiError && r.error.outcomeUnknown);
	if (unknown.length) parts.push(`Outcome unknown (may have been carried out): ${list(unknown)}.`);
	return parts.join(' ');
}
