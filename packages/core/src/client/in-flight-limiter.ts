/**
 * At most `max` requests waiting for their answer at once, shared by every caller of one client: the current API
 * allows 3 concurrent connections per IP (spec current §4). No timers: a waiting caller resumes when a slot is
 * released, in the order they asked; an aborted wait leaves the queue.
 */
export class InFlightLimiter {
	private running = 0;
	private readonly queue: { grant: () => void; reject: (error: Error) => void }[] = [];

	constructor(readonly max: number) {
		if (!Number.isInteger(max) || max < 1) throw new RangeError(`in-flight limit must be a whole number of at least 1, got ${max}`);
	}

	get active(): number {
		return this.running;
	}

	get waiting(): number {
		return this.queue.length;
	}

	/** Resolves with the slot's release (calling it twice releases once). */
	acquire(signal?: AbortSignal): Promise<() => void> {
		if (signal?.aborted) return Promise.reject(new Error('aborted'));
		if (this.running < this.max) {
			this.running++;
			return Promise.resolve(this.releaser());
		}
		return new Promise((resolve, reject) => {
			const entry = {
				grant: () => {
					signal?.removeEventListener('abort', onAbort);
					resolve(this.releaser());
				},
				reject,
			};
			const onAbort = () => {
				const at = this.queue.indexOf(entry);
				if (at >= 0) this.queue.splice(at, 1);
				reject(new Error('aborted'));
			};
			signal?.addEventListener('abort', onAbort, { once: true });
			this.queue.push(entry);
		});
	}

	/** Runs `task` in a slot and releases it however the task ends. */
	async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
		const release = await this.acquire(signal);
		try {
			return await task();
		} finally {
			release();
		}
	}

	private releaser(): () => void {
		let released = false;
		return () => {
			if (released) return;
			released = true;
			const next = this.queue.shift();
			// The slot passes straight to the next caller, so `running` stays as it is.
			if (next) next.grant();
			else this.running--;
		};
	}
}
