import { randomUUID } from 'node:crypto';
import { DELIVERY_HEADER, notificationDigest, SIGNATURE_HEADER } from '@linksfield-cube/core';
import { formatDate } from './dates';
import { DeliveryQueue } from './delivery-queue';
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

export class Callbacks extends DeliveryQueue<Delivery> {
	constructor(private readonly options: CallbacksOptions) {
		super({ url: options.url, retries: options.retries ?? 2, timeoutMs: options.timeoutMs, historySize: options.historySize ?? 1000, noun: 'callback' });
	}

	send(kind: CallbackKind, body: Record<string, unknown>, options: SendOptions = {}): Promise<Delivery> {
		const signature = options.unsigned ? null : notificationDigest(body, options.forge ? `forged-${this.options.secret}` : this.options.secret);
		return this.enqueue({ id: randomUUID(), kind, url: this.url ?? null, body, signature, delivered: false, attempts: 0, at: new Date().toISOString() });
	}

	protected signedHeaders(delivery: Delivery): Record<string, string> {
		const headers: Record<string, string> = { [DELIVERY_HEADER]: delivery.id };
		if (delivery.signature) headers[SIGNATURE_HEADER] = delivery.signature;
		return headers;
	}

	protected pause(ms: number, signal: AbortSignal): Promise<void> {
		return pause(ms, signal);
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
