import { createHmac } from 'node:crypto';
import { canonicalJson } from '../signing/current/canonical-json';

/**
 * The current API's notification signature (spec §7.2, VERIFIED against the vendor's sample):
 * message = version + ":" + algo + ":" + timestamp + canonical body (no separator before the body),
 * signature = Base64(HMAC-SHA1(UTF-8 key text, UTF-8 message)), x-lf-signature = keyId + "/" + signature.
 * The key is used as its text, not hex-decoded.
 */

export const NOTIFICATION_HEADERS = {
	version: 'x-lf-notification-version',
	algo: 'x-lf-algo',
	timestamp: 'x-lf-timestamp',
	signature: 'x-lf-signature',
} as const;

/** The only algorithm the vendor documents ("may be extended", spec §7.1). */
export const NOTIFICATION_ALGO = 'HMAC-SHA1';
export const NOTIFICATION_VERSION = '1.0';

/** The signed message; `canonicalBody` is the body's canonical JSON (canonicalJson / canonicalJsonText). */
export function notificationMessage(version: string, algo: string, timestamp: string, canonicalBody: string): string {
	return `${version}:${algo}:${timestamp}${canonicalBody}`;
}

/** Base64(HMAC-SHA1(key text, message)). */
export function notificationSignature(message: string, key: string): string {
	return createHmac('sha1', Buffer.from(key, 'utf8')).update(message, 'utf8').digest('base64');
}

export interface NotificationToSign {
	/** The notification key's id and its key text, as the Cube portal shows them. */
	keyId: string;
	key: string;
	body: Record<string, unknown>;
	/** Epoch ms. */
	timestamp: number | string;
	/** Defaults: "1.0" and "HMAC-SHA1", as the vendor sends them. */
	version?: string;
	algo?: string;
}

export interface SignedNotification {
	/** The headers to POST with (x-lf-* and Content-Type). */
	headers: Record<string, string>;
	/** The body to POST: compact JSON as JSON.stringify writes it (the receiver re-sorts it; any layout verifies). */
	body: string;
}

/** Signs a notification as Linksfield does: for the simulator's deliveries and for tests of receivers. */
export function signNotification(notification: NotificationToSign): SignedNotification {
	const version = notification.version ?? NOTIFICATION_VERSION;
	const algo = notification.algo ?? NOTIFICATION_ALGO;
	const timestamp = String(notification.timestamp);
	const signature = notificationSignature(notificationMessage(version, algo, timestamp, canonicalJson(notification.body)), notification.key);
	return {
		headers: {
			'content-type': 'application/json',
			[NOTIFICATION_HEADERS.version]: version,
			[NOTIFICATION_HEADERS.algo]: algo,
			[NOTIFICATION_HEADERS.timestamp]: timestamp,
			[NOTIFICATION_HEADERS.signature]: `${notification.keyId}/${signature}`,
		},
		body: JSON.stringify(notification.body),
	};
}
