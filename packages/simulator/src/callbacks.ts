import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import http from 'node:http';
import https from 'node:https';
import { DELIVERY_HEADER, notificationDigest, SIGNATURE_HEADER } from '@linksfield-cube/core';
import { formatDate } from './dates';
import { RingBuffer } from './ring-buffer';
import type { Order, WarningDevice } from './state';

/**
 * Callbacks to the customer URL (spec §7): signed with x-lf-md5 over the notification secret, tagged with an
 * x-lf-delivery id (kept across retries so receivers can de-duplicate). A dead or slow receiver costs a
 * failed delivery record, never the simulator.
 */

export type CallbackKind = 'usageWarning' | 'orderStatus' | 'smsMo' | 'raw';

export interface Delivery {
	id: string;
	kind: CallbackKind;
	url: string | null;
	body: Record<string, unknown>;
	signature: string | null;
	delivered: boolean;
	status?: number;
	error?: string;
	attempts: number;
	at: string;
}

export interface SendOptions {
	/** Sign with a wrong secret: for testing that receivers reject forgeries. */
	forge?: boolean;
	/** Send without x-lf-md5 (the order-status page says the vendor may not sign it yet, spec §7.1). */
	unsigned?: boolean;
}

export interface CallbacksOptions {
	url?: string;
	secret: string;
	retries?: number;
	timeoutMs?: number;
	historySize?: number;
}

/** Usage / expiry warning body (spec §7.2). */
export const usageWarningBody = (devices: WarningDevice[]) => ({ devices: devices.map((d) => ({ deviceId: d.deviceId, warningCode: d.warningCode, expireTime: d.expireTime })) });

/** Order status change body; field names inferred from the vendor's CMP API (spec §7.6). `time` is the order's creation time. */
export const orderStatusBody = (order: Order, imsi: string, operation: string) => ({
	assetid: order.iccid,
	imsi,
	operation,
	orderid: order.id,
	time: formatDate(order.orderedAt),
});

/** SMS MO body (spec §7.5); received_at is epoch milliseconds as a string. */
export const smsMoBody = (partnerCode: string, iccid: string, imsi: string, text: string, messageType: string, receivedAt: number) => ({
	partner_code: partnerCode,
	sim_id: iccid,
	imsi,
	message_type: messageType,
	text_message: text,
	received_at: String(receivedAt),
});

export class Callbacks {
	url: string | undefined;
	private readonly history: RingBuffer<Delivery>;
	private readonly pending = new Set<Promise<Delivery>>();
	private readonly closing = new AbortController();
	/** Deliveries go out one after another, so a receiver sees events in the order they happened. */
	private tail: Promise<unknown> = Promise.resolve();
	sent = 0;
	failed = 0;

	constructor(private readonly options: CallbacksOptions) {
		this.url = options.url;
		// Every delivery in flight listens on the one shutdown signal.
		setMaxListeners(0, this.closing.signal);
		this.history = new RingBuffer(options.historySize ?? 1000);
	}

	send(kind: CallbackKind, body: Record<string, unknown>, options: SendOptions = {}): Promise<Delivery> {
		const signature = options.unsigned ? null : notificationDigest(body, options.forge ? `forged-${this.options.secret}` : this.options.secret);
		const delivery: Delivery = { id: randomUUID(), kind, url: this.url ?? null, body, signature, delivered: false, attempts: 0, at: new Date().toISOString() };
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

	deliveries(): Delivery[] {
		return this.history.toArray();
	}

	clear(): void {
		this.history.clear();
	}

	private async deliver(delivery: Delivery): Promise<Delivery> {
		if (!delivery.url) {
			delivery.error = 'no callback URL configured';
			return delivery;
		}
		const retries = this.options.retries ?? 2;
		const raw = JSON.stringify(delivery.body);
		const signal = this.closing.signal;
		for (let attempt = 0; attempt <= retries && !signal.aborted; attempt++) {
			if (attempt > 0) await pause(100 * 2 ** (attempt - 1), signal);
			if (signal.aborted) break;
			delivery.attempts++;
			try {
				delivery.status = await post(delivery.url, raw, delivery, this.options.timeoutMs ?? 5000, signal);
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

	/** Stops retries and aborts deliveries in flight (the simulator is shutting down). */
	close(): void {
		this.closing.abort();
	}
}

const pause = (ms: number, signal: AbortSignal) =>
	new Promise<void>((resolve) => {
		const onAbort = () => {
			clearTimeout(timer);
			resolve();
		};
		const timer = setTimeout(() => {
			signal.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		signal.addEventListener('abort', onAbort, { once: true });
	});

function post(url: string, raw: string, delivery: Delivery, timeoutMs: number, signal: AbortSignal): Promise<number> {
	return new Promise((resolve, reject) => {
		let target: URL;
		try {
			target = new URL(url);
		} catch {
			return reject(new Error(`invalid callback URL "${url}"`));
		}
		const headers: Record<string, string | number> = {
			'Content-Type': 'application/json',
			'Content-Length': Buffer.byteLength(raw),
			[DELIVERY_HEADER]: delivery.id,
		};
		if (delivery.signature) headers[SIGNATURE_HEADER] = delivery.signature;
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
