import type { OperationSpec } from '../catalog/operations';
import { toList } from '../catalog/validate';
import { CubeValidationError } from '../results/errors';
import type { Params } from '../signing/legacy/sign';
import { TransportError } from '../transport/transport';
import type { CallOptions } from './call-options';
import { RateLimiter } from './rate-limiter';

export type ManyResult<T> = { iccid: string; index: number; ok: true; data: T } | { iccid: string; index: number; ok: false; error: Error };

export interface ManyOptions {
	concurrency?: number;
	/** Extra cap for this sweep, on top of the client's own rate. */
	ratePerSecond?: number;
	/** After each SIM, with its result: a caller that stops at the first failure aborts `signal` from here. */
	onProgress?: (done: number, total: number, result: ManyResult<Record<string, unknown>>) => void;
	signal?: AbortSignal;
}

/** What a fan-out needs of its client: one call, and a wait that an abort of `signal` ends with an error. */
export interface FanOutClient {
	call(operationId: string, params: Params, options: CallOptions): Promise<Record<string, unknown>>;
	wait(ms: number, signal: AbortSignal | undefined): Promise<void>;
}

/**
 * A fan-out operation: its catalog entry's endpoint operation once per entry of `entries`, with bounded
 * concurrency and the client's rate limit (plus an optional one for this sweep); results in input order,
 * exactly one result or one error per entry.
 */
export async function fanOut(client: FanOutClient, op: OperationSpec, entries: unknown, options: ManyOptions): Promise<ManyResult<Record<string, unknown>>[]> {
	const spec = op.fanOut;
	if (!spec) throw new Error(`${op.id} is not a fan-out`);
	const list = toList(entries);
	if (!list) throw new CubeValidationError(op.id, spec.list, 'must be a list of ICCIDs');
	if (list.length === 0) throw new CubeValidationError(op.id, spec.list, 'is an empty list');
	const max = op.params.find((p) => p.name === spec.list)?.maxItems ?? Infinity;
	if (list.length > max) throw new CubeValidationError(op.id, spec.list, `has ${list.length} ICCIDs; at most ${max} are allowed`);
	const { default: initial, max: maxWorkers } = op.concurrency!;
	const concurrency = options.concurrency ?? initial;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > maxWorkers) {
		throw new CubeValidationError(op.id, 'concurrency', `must be a whole number from 1 to ${maxWorkers}, got ${concurrency}`);
	}
	const sweepLimiter = options.ratePerSecond ? new RateLimiter(options.ratePerSecond) : undefined;
	const results = new Array<ManyResult<Record<string, unknown>>>(list.length);
	let next = 0;
	let done = 0;
	const worker = async () => {
		while (next < list.length) {
			const index = next++;
			const iccid = typeof list[index] === 'string' ? (list[index] as string).trim() : String(list[index]);
			try {
				if (options.signal?.aborted) throw new TransportError('aborted', 'sweep aborted');
				const wait = sweepLimiter?.reserve() ?? 0;
				if (wait > 0) await client.wait(wait, options.signal);
				const data = await client.call(spec.of, { [spec.each]: list[index] }, { signal: options.signal });
				results[index] = { iccid, index, ok: true, data };
			} catch (error) {
				results[index] = { iccid, index, ok: false, error: error as Error };
			}
			options.onProgress?.(++done, list.length, results[index]);
		}
	};
	const workers = Math.min(concurrency, list.length);
	await Promise.all(Array.from({ length: workers }, worker));
	return results;
}
