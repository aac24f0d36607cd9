import { createHmac } from 'node:crypto';

/**
 * The headers of a current-API notification (spec §7.1–7.2, VERIFIED against the vendor's sample):
 * x-lf-signature = keyId + "/" + Base64(HMAC-SHA1(key text, version + ":" + algo + ":" + timestamp + sorted compact
 * JSON of the body)).
 */

export interface NotificationKey {
	keyId: string;
	key: string;
}

export const NOTIFICATION_VERSION = '1.0';
export const NOTIFICATION_ALGO = 'HMAC-SHA1';

/** Compact JSON, keys sorted at every level, arrays in order, raw UTF-8 (Jackson's ORDER_MAP_ENTRIES_BY_KEYS). */
function sorted(value: unknown): string {
	if (Array.isArray(value)) return '[' + value.map(sorted).join(',') + ']';
	if (value !== null && typeof value === 'object') {
		const entries = Object.keys(value as object)
			.filter((k) => (value as Record<string, unknown>)[k] !== undefined)
			.sort()
			.map((k) => JSON.stringify(k) + ':' + sorted((value as Record<string, unknown>)[k]));
		return '{' + entries.join(',') + '}';
	}
	return JSON.stringify(value);
}

export function notificationHeaders(body: Record<string, unknown>, key: NotificationKey, timestamp: number): Record<string, string> {
	const message = `${NOTIFICATION_VERSION}:${NOTIFICATION_ALGO}:${timestamp}${sorted(body)}`;
	const signature = createHmac('sha1', Buffer.from(key.key, 'utf8')).update(message, 'utf8').digest('base64');
	return {
		'x-lf-notification-version': NOTIFICATION_VERSION,
		'x-lf-algo': NOTIFICATION_ALGO,
		'x-lf-timestamp': String(timestamp),
		'x-lf-signature': `${key.keyId}/${signature}`,
	};
}
