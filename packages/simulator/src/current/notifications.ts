import { randomUUID } from 'node:crypto';
import { NOTIFICATION_HEADERS, signNotification } from '@linksfield-cube/core';
import { DeliveryQueue } from '../delivery-queue';

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

export class Notifications extends DeliveryQueue<NotificationDelivery> {
	constructor(
		private readonly options: { url?: string; key: NotificationKey; retries: number; historySize: number; now: () => number; timeoutMs?: number },
	) {
		super({ url: options.url, retries: options.retries, timeoutMs: options.timeoutMs, historySize: options.historySize, noun: 'notification' });
	}

	get keyId(): string {
		return this.options.key.keyId;
	}

	send(event: string, body: Record<string, unknown>, options: NotifyOptions = {}): Promise<NotificationDelivery> {
		const key = options.forge ? { keyId: this.options.key.keyId, key: `forged-${this.options.key.key}` } : this.options.key;
		const { headers } = signNotification({ ...key, body, timestamp: this.options.now() });
		delete headers['content-type'];
		if (options.unsigned) delete headers[NOTIFICATION_HEADERS.signature];
		return this.enqueue({ id: randomUUID(), event, url: this.url ?? null, body, headers, delivered: false, attempts: 0, at: new Date().toISOString() });
	}

	protected signedHeaders(delivery: NotificationDelivery): Record<string, string> {
		return delivery.headers;
	}

	protected pause(ms: number): Promise<void> {
		return new Promise((r) => setTimeout(r, ms).unref());
	}
}
