import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { NOTIFICATION_HEADERS, signNotification } from '@linksfield-cube/core';
import { RingBuffer } from '../ring-buffer';

/**
 * Notifications of the current API (spec §7): JSON POSTed to the notification URL with the x-lf-* headers, signed
 * with the notification key by the core's signNotification (the rule receivers verify with). As the legacy callbacks: one after another in event order, a failing receiver is
 * retried and recorded, never a cost to the API. The vendor's event catalogue is NOT FOUND: the payloads are the
 * simulator's own.
 */

/** A notification key as the Cube portal shows it: key id and key text (spec §1.4). */
export interface NotificationKey {
	keyId: string;
	key: string;
}

export const DEFAULT_NOTIFICATION_KEY: NotificationKey = { keyId: 'test-key-id', key: 'test-notification-key' };

export interface NotificationDelivery {
	id: string;
	event: string;
	url: string | null;
	body: Record<string, unknown>;
	headers: Record<string, string>;
	delivered: boolean;
	status?: number;
	error?: string;
	attempts: number;
	at: string;
}

export interface NotifyOptions {
	/** Sign with a wrong key: receivers must reject it. */
	forge?: boolean;
	/** Send without x-lf-signature. */
	unsigned?: boolean;
}

export class Notifications {
	url: string | undefined;
	private readonly history: RingBuffer<NotificationDelivery>;
	private readonly pending = new Set<Promise<NotificationDelivery>>();
	private readonly closing = new AbortController();
	private tail: Promise<unknown> = Promise.resolve();
	sent = 0;
	failed = 0;

	constructor(
		private readonly options: { url?: string; key: NotificationKey; retries: number; historySize: number; now: () => number; timeoutMs?: number },
	) {
		this.url = options.url;
		setMaxListeners(0, this.closing.signal);
		this.history = new RingBuffer(options.historySize);
	}

	get keyId(): string {
		return this.options.key.keyId;
	}

	send(event: string, body: Record<string, unknown>, options: NotifyOptions = {}): Promise<NotificationDelivery> {
		const key = options.forge ? { keyId: this.options.key.keyId, key: `forged-${this.options.key.key}` } : this.options.key;
		const { headers } = signNotification({ ...key, body, timestamp: this.options.now() });
		delete headers['content-type'];
		if (options.unsigned) delete headers[NOTIFICATION_HEADERS.signature];
		const delivery: NotificationDelivery = { id: randomUUID(), event, url: this.url ?? null, body, headers, delivered: false, attempts: 0, at: new Date().toISOString() };
		this.history.push(delivery);
		const job = this.tail.then(() => this.deliver(delivery)).finally(() => this.pending.delete(job));
		this.tail = job;
		this.pending.add(job);
		return job;
	}

	async flush(): Promise<void> {
		while (this.pending.size) await Promise.all([...this.pending]);
	}

	deliveries(): NotificationDelivery[] {
		return this.history.toArray();
	}

	clear(): void {
		this.history.clear();
	}

	close(): void {
		this.closing.abort();
	}

	private async deliver(delivery: NotificationDelivery): Promise<NotificationDelivery> {
		if (!delivery.url) {
			delivery.error = 'no notification URL configured';
			return delivery;
		}
		const raw = JSON.stringify(delivery.body);
		const signal = this.closing.signal;
		for (let attempt = 0; attempt <= this.options.retries && !signal.aborted; attempt++) {
			if (attempt > 0) await new Promise((r) => setTimeout(r, 100 * 2 ** (attempt - 1)).unref());
			if (signal.aborted) break;
			delivery.attempts++;
			try {
				delivery.status = await post(delivery.url, raw, delivery.headers, this.options.timeoutMs ?? 5000, signal);
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

function post(url: string, raw: string, signed: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<number> {
	return new Promise((resolve, reject) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return reject(new Error(`invalid notification URL "${url}"`));
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
