import { SimError } from '../messages';
import { CURRENT_CODES, CurrentError, currentCodeOfLegacy, currentMessage } from './codes';

/**
 * Asynchronous writes (spec §6): the answer carries a `request_id`, the work runs after a delay, and the SIM is
 * locked meanwhile — another write on it gets CB-01-0111. The result stays readable at
 * GET /sims/async_result/{request_id}; its shape is NOT FOUND in the vendor's docs, so the record below is the
 * simulator's. Delays run on the real clock: clients poll in real time while the simulated clock stands still.
 */

export type JobOperation = 'activate' | 'suspend' | 'resume' | 'cancel' | 'addBundle' | 'sms';
export type JobStatus = 'processing' | 'success' | 'failed';

export interface JobRecord {
	request_id: string;
	operation: JobOperation;
	sim_ids: string[];
	status: JobStatus;
	/** Real-clock epoch ms. */
	created_at: number;
	finished_at: number | null;
	error: { code: string; message: string } | null;
}

interface Job {
	record: JobRecord;
	locks: boolean;
	effect: () => void;
	onFailure?: (error: { code: string; message: string }) => void;
	timer?: NodeJS.Timeout;
}

/** Injected outcome of the next jobs (admin): fail with this code. */
export interface JobFailure {
	code?: string;
	message?: string;
}

/** Finished jobs kept for async_result once there are more than this many. */
const KEEP = 10_000;

export class Jobs {
	private readonly jobs = new Map<string, Job>();
	private readonly locks = new Map<string, string>();
	private failures: JobFailure[] = [];
	private seq = 0;
	readonly byOperation = new Map<string, number>();
	readonly byStatus = new Map<string, number>();

	constructor(
		public delayMs: number,
		private readonly now: () => number,
	) {}

	/** The request holding a SIM, if any. */
	lockOf(iccid: string): string | undefined {
		return this.locks.get(iccid);
	}

	/** Refuses a write on a locked SIM (spec §6 rule 3). */
	checkUnlocked(iccid: string): void {
		const holder = this.locks.get(iccid);
		if (holder) throw new CurrentError('pendingOperation', `request ${holder} on ${iccid} is still processing`);
	}

	nextId(operation: JobOperation): string {
		this.seq++;
		// SMS job ids are 18-digit strings as in the vendor's example; request ids 32 hex characters.
		if (operation === 'sms') return '8982' + String(this.seq).padStart(14, '0');
		return (Date.now().toString(16) + this.seq.toString(16)).padStart(32, '0').slice(-32);
	}

	start(operation: JobOperation, simIds: string[], effect: () => void, options: { locks?: boolean; id?: string; onFailure?: Job['onFailure'] } = {}): JobRecord {
		const locks = options.locks ?? true;
		const record: JobRecord = { request_id: options.id ?? this.nextId(operation), operation, sim_ids: simIds, status: 'processing', created_at: this.now(), finished_at: null, error: null };
		const job: Job = { record, locks, effect, onFailure: options.onFailure };
		this.jobs.set(record.request_id, job);
		if (locks) for (const iccid of simIds) this.locks.set(iccid, record.request_id);
		job.timer = setTimeout(() => this.run(job), this.delayMs);
		job.timer.unref();
		this.bump(this.byOperation, operation);
		this.prune();
		return record;
	}

	private run(job: Job): void {
		if (job.record.status !== 'processing') return;
		clearTimeout(job.timer);
		const injected = this.failures.shift();
		try {
			if (injected) throw new CurrentError('injected', injected.message);
			job.effect();
			job.record.status = 'success';
		} catch (err) {
			job.record.status = 'failed';
			job.record.error = errorOf(err, injected);
			job.onFailure?.(job.record.error);
		}
		job.record.finished_at = this.now();
		this.bump(this.byStatus, job.record.status);
		if (job.locks) for (const iccid of job.record.sim_ids) if (this.locks.get(iccid) === job.record.request_id) this.locks.delete(iccid);
	}

	/** Runs every job still processing now, in the order they started (admin: no waiting in tests). */
	finishAll(): number {
		const pending = [...this.jobs.values()].filter((j) => j.record.status === 'processing');
		for (const job of pending) this.run(job);
		return pending.length;
	}

	failNext(failure: JobFailure, count = 1): number {
		for (let i = 0; i < count; i++) this.failures.push(failure);
		return this.failures.length;
	}

	get(id: string): JobRecord | undefined {
		return this.jobs.get(id)?.record;
	}

	list(filter: { simId?: string; status?: string } = {}): JobRecord[] {
		return [...this.jobs.values()].map((j) => j.record).filter((r) => (!filter.simId || r.sim_ids.includes(filter.simId)) && (!filter.status || r.status === filter.status));
	}

	/** Stops every pending job (reset, shutdown): none runs after the data it was meant for is gone. */
	clear(): void {
		for (const job of this.jobs.values()) clearTimeout(job.timer);
		this.jobs.clear();
		this.locks.clear();
		this.failures = [];
		this.resetCounters();
	}

	resetCounters(): void {
		this.byOperation.clear();
		this.byStatus.clear();
	}

	private bump(map: Map<string, number>, key: string): void {
		map.set(key, (map.get(key) ?? 0) + 1);
	}

	private prune(): void {
		if (this.jobs.size <= KEEP) return;
		for (const [id, job] of this.jobs) {
			if (this.jobs.size <= KEEP) break;
			if (job.record.status !== 'processing') this.jobs.delete(id);
		}
	}
}

function errorOf(err: unknown, injected?: JobFailure): { code: string; message: string } {
	// A chosen code without a message: the injected code's own text is unknown here, so say what happened.
	if (injected) return { code: injected.code ?? CURRENT_CODES.injected.code, message: injected.message ?? (injected.code ? 'Injected job failure' : CURRENT_CODES.injected['en-US']) };
	if (err instanceof CurrentError) return { code: CURRENT_CODES[err.codeName].code, message: currentMessage(err.codeName, 'en-US', err.detail) };
	if (err instanceof SimError) {
		const name = currentCodeOfLegacy(err.codeName);
		return { code: CURRENT_CODES[name].code, message: currentMessage(name, 'en-US', err.detail) };
	}
	return { code: CURRENT_CODES.internal.code, message: (err as Error).message };
}
