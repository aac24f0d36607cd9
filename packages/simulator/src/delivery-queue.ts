import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { RingBuffer } from './ring-buffer';

/**
 * The queue both kinds of outgoing notice share (the legacy callbacks and the current API's notifications): kept
 * in a history ring buffer, delivered one after another so a receiver sees events in the order they happened,
 * a failing receiver retried and recorded, never a cost to the simulator. Each kind keeps only how it signs.
 */

/** What the queue reads and writes on a delivery record. */
export interface QueuedDelivery {
	url: string | null;
	body: Record<string, unknown>;
	delivered: boolean;
	status?: number;
	error?: string;
	attempts: number;
}

export interface DeliveryQueueOptions {
	url?: string;
	retries: number;
	historySize: number;
	timeoutMs?: number;
	/** What the receiver is called in errors: "callback", "notification". */
	noun: string;
}

export abstract class DeliveryQueue<D extends QueuedDelivery> {
	url: string | undefined;
	private readonly history: RingBuffer<D>;
	private readonly pending = new Set<Promise<D>>();
	private readonly closing = new AbortController();
	/** Deliveries go out one after another, so a receiver sees events in the order they happened. */
	private tail: Promise<unknown> = Promise.resolve();
	sent = 0;
	failed = 0;

	constructor(private readonly queue: DeliveryQueueOptions) {
		this.url = queue.url;
		// Every delivery in flight listens on the one shutdown signal.
		setMaxListeners(0, this.closing.signal);
		this.history = new RingBuffer(queue.historySize);
	}

	/** The headers that sign a delivery, sent after Content-Type and Content-Length. */
	protected abstract signedHeaders(delivery: D): Record<string, string>;

	/** The wait before a retry. */
	protected abstract pause(ms: number, signal: AbortSignal): Promise<void>;

	protected enqueue(delivery: D): Promise<D> {
		this.history.push(delivery);
		const job = this.tail.then(() => this.deliver(delivery)).finally(() => this.pending.delete(job));
		this.tail = job;
		this.pending.add(job);
		return job;
	}

	/** Resolves when every delivery started so far has finished (tests wait on this). */
	async flush(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	deliveries(): D[] {
		return this.history.toArray();
	}

	clear(): void {
		this.history.clear();
	}

	/** Stops retries and aborts deliveries in flight (the simulator is shutting down). */
	close(): void {
		this.closing.abort();
	}

	private async deliver(delivery: D): Promise<D> {
		if (!delivery.url) {
			delivery.error = `no ${this.queue.noun} URL configured`;
			return delivery;
		}
		const raw = JSON.stringify(delivery.body);
		const signal = this.closing.signal;
		for (let attempt = 0; attempt <= this.queue.retries && !signal.aborted; attempt++) {
			if (attempt > 0) await this.pause(100 * 2 ** (attempt - 1), signal);
			if (signal.aborted) break;
			delivery.attempts++;
			try {
				delivery.status = await post(delivery.url, raw, this.signedHeaders(delivery), this.queue.timeoutMs ?? 5000, signal, this.queue.noun);
				delivery.error = undefined;
				if (delivery.status >= 200 && delivery.status < 300) {
					delivery.delivered = true;
					this.sent++;
					return delivery;
				}
				delivery.error = `HTTP ${delivery.status}`;
			} catch (err) {
				delivery.error = (err as Error).message;
			}
		}
		this.failed++;
		return delivery;
	}
}

function post(url: string, raw: string, signed: Record<string, string>, timeoutMs: number, signal: AbortSignal, noun: string): Promise<number> {
	return new Promise((resolve, reject) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return reject(new Error(`invalid ${noun} URL "${url}"`));
		}
		const headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(raw), ...signed };
		const req = (target.protocol === 'https:' ? https : http).request(target, { method: 'POST', headers, timeout: timeoutMs, signal }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
		req.on('error', reject);
		req.end(raw);
	});
}
