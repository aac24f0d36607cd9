import type { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { ExecuteResult, Params } from '@linksfield-cube/core';

type NodeError = NodeApiError | NodeOperationError;

/** The order ids in an answer: its own order_id, or those of a list of orders (a bulk order's). */
function orderIdsIn(data: unknown): string[] {
	if (Array.isArray(data)) return data.flatMap(orderIdsIn);
	if (data === null || typeof data !== 'object') return [];
	const record = data as Record<string, unknown>;
	if (record.order_id !== undefined && record.order_id !== null && record.order_id !== '') return [String(record.order_id)];
	return Object.values(record).filter(Array.isArray).flatMap(orderIdsIn);
}

/** Adds a paragraph to an n8n error's description (shown under its message in the editor). */
export function describeFurther(error: NodeError, text: string): NodeError {
	error.description = [error.description, text].filter(Boolean).join('\n\n');
	return error;
}

/**
 * The writes a run carried out, so that a later item's error still tells what was done: n8n drops a failing
 * node's output, and the user must not repeat a renewal that happened.
 */
export class CompletedWrites {
	private readonly done: Array<{ item: number; orderIds: string[] }> = [];

	add(itemIndex: number, params: Params, result: ExecuteResult): void {
		const answer = result.kind === 'single' ? result.data : result.kind === 'many' ? result.results.flatMap((r) => (r.ok ? [r.data] : [])) : [];
		const fromAnswer = orderIdsIn(answer);
		const orderIds = fromAnswer.length ? fromAnswer : orderIdsIn(params);
		this.done.push({ item: itemIndex, orderIds });
	}

	/** The error of item `failed` of `count`, saying which items were carried out and which were not sent. */
	explain(error: NodeError, failed: number, count: number): NodeError {
		const notSent = failed + 1 < count ? ` Not sent: item${failed + 2 < count ? `s ${failed + 1}–${count - 1}` : ` ${failed + 1}`}.` : '';
		error.context.completedWrites = this.done.map((d) => ({ item: d.item, orderIds: d.orderIds }));
		if (!this.done.length) return notSent ? describeFurther(error, notSent.trim()) : error;
		const list = this.done.map((d) => `item ${d.item}${d.orderIds.length ? ` (order ${d.orderIds.join(', ')})` : ''}`).join(', ');
		return describeFurther(error, `Carried out before this error — do not repeat them: ${list}.${notSent}`);
	}
}
