import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { execute, FAN_OUT_CONCURRENCY, targetOf, type CubeClient, type OperationSpec } from '@linksfield-cube/core';
import { errorItem, toNodeError } from './node-errors';
import { readOperationInput, type OperationInput } from './operation-input';
import { resultItems } from './output-items';

/** As many reads in flight as Usage → Get Many's default concurrency. */
export const READ_CONCURRENCY = FAN_OUT_CONCURRENCY.default;

/**
 * A read for every input item, a few at a time: n8n's HTTP Request node sends all of its items at once, and
 * one request after the other made Usage → Get 1.22× slower than that in a real n8n (npm run bench). Writes
 * never come here: they stay one after the other. Output keeps the input order. Without Continue On Fail the
 * first failed item fails the node and no further item starts.
 *
 * Every item's fields are read before the first request, as the HTTP Request node does: a field that cannot be
 * read fails the node before any SIM is queried (or is that item's error item with Continue On Fail), and n8n's
 * expression evaluations run back to back instead of between responses (1.3 s instead of 1.7 s for the
 * bench's 1,000 items in a CPU profile of each, on a busy machine).
 */
export async function readsConcurrently(ctx: IExecuteFunctions, client: CubeClient, op: OperationSpec, count: number): Promise<INodeExecutionData[]> {
	const continueOnFail = ctx.continueOnFail();
	const outputs = new Array<INodeExecutionData[]>(count);
	const inputs = new Array<OperationInput | undefined>(count);
	for (let i = 0; i < count; i++) {
		try {
			inputs[i] = readOperationInput(ctx, op, i);
		} catch (error) {
			if (!continueOnFail) throw toNodeError(ctx.getNode(), error, i);
			outputs[i] = [errorItem(ctx, error, i)];
		}
	}
	let next = 0;
	const failures: Array<{ index: number; error: unknown }> = [];
	const worker = async () => {
		while (next < count && failures.length === 0) {
			const i = next++;
			const input = inputs[i];
			if (!input) continue;
			try {
				const result = await execute(client, op.id, input.params, input.options);
				outputs[i] = result.kind === 'many' ? [] : resultItems(result, i, input.simplify ? op : undefined);
			} catch (error) {
				if (continueOnFail) outputs[i] = [errorItem(ctx, error, i, targetOf(input.params))];
				else failures.push({ index: i, error });
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, count) }, worker));
	if (failures.length) {
		const first = failures.reduce((a, b) => (b.index < a.index ? b : a));
		throw toNodeError(ctx.getNode(), first.error, first.index);
	}
	return outputs.flat();
}
