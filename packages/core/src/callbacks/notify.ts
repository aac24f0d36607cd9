import { createHash, timingSafeEqual } from 'node:crypto';
import { header } from '../transport/header';

/**
 * Verification of the vendor's callbacks (spec §7.1):
 * x-lf-md5 = Base64(MD5("k1=v1&k2=v2&…&" + notificationSecret)), keys in lexicographic order;
 * for a list of objects, each object's members sorted, objects joined in list order, the list's own key not emitted.
 * Choices the vendor leaves open (INFERRED): values raw (no quoting/encoding), empty values kept (`expireTime=`),
 * top-level keys interleaved in sorted order, a list of scalars joined with ",".
 */

export const SIGNATURE_HEADER = 'x-lf-md5';
export const DELIVERY_HEADER = 'x-lf-delivery';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const sortedKeys = (obj: object) => Object.keys(obj).sort();

function scalar(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'object') return JSON.stringify(value);
	return String(value);
}

function pairsOfObject(obj: Record<string, unknown>, out: string[]): void {
	for (const key of sortedKeys(obj)) out.push(key + '=' + scalar(obj[key]));
}

/** The string whose MD5 is the signature (without the trailing secret). */
export function notificationContent(body: Record<string, unknown>): string {
	const out: string[] = [];
	for (const key of sortedKeys(body)) {
		const value = body[key];
		if (Array.isArray(value) && value.some((v) => v !== null && typeof v === 'object')) {
			for (const item of value) {
				if (item !== null && typeof item === 'object' && !Array.isArray(item)) pairsOfObject(item as Record<string, unknown>, out);
				else out.push(key + '=' + scalar(item));
			}
		} else if (Array.isArray(value)) {
			out.push(key + '=' + value.map(scalar).join(','));
		} else if (value !== null && typeof value === 'object') {
			pairsOfObject(value as Record<string, unknown>, out);
		} else {
			out.push(key + '=' + scalar(value));
		}
	}
	return out.join('&');
}

function digestOfContent(content: string, secret: string): string {
	return createHash('md5')
		.update((content ? content + '&' : '') + secret, 'utf8')
		.digest('base64');
}

/** The x-lf-md5 value for a callback body. */
export function notificationDigest(body: Record<string, unknown>, secret: string): string {
	return digestOfContent(notificationContent(body), secret);
}

/**
 * Deepest nesting a callback may have. The vendor's deepest body is 3 levels (body → devices → device); the
 * limit keeps hostile nesting away from the recursive code that follows (JSON.stringify, the digest).
 */
export const MAX_NOTIFICATION_DEPTH = 32;

/**
 * Whether JSON text nests deeper than `limit` levels: one pass over the text, before it is parsed, so a hostile
 * body costs neither a deep parse nor a stack overflow later.
 */
function nestsDeeperThan(text: string, limit: number): boolean {
	let depth = 0;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text.charCodeAt(i);
		if (inString) {
			if (c === 0x5c) i++; // backslash: skip the escaped character
			else if (c === 0x22) inString = false;
		} else if (c === 0x22) inString = true;
		else if (c === 0x7b || c === 0x5b) {
			if (++depth > limit) return true;
		} else if (c === 0x7d || c === 0x5d) depth--;
	}
	return false;
}

export type NotificationHeaders = Record<string, string | string[] | undefined>;

export type NotificationCheck =
	| { ok: true; body: Record<string, unknown>; deliveryId?: string; /** what the signature covers (without the secret) */ content: string }
	| { ok: false; reason: 'missing-secret' | 'missing-signature' | 'invalid-json' | 'too-deep' | 'bad-signature' };


/**
 * Checks a received callback against the notification secret (not the API secret: spec §7.1).
 * The digest is computed over the parsed raw body, so a body altered in transit fails; compare is constant-time.
 */
export function verifyNotification(
	rawBody: string | Buffer,
	headers: NotificationHeaders,
	secret: string,
): NotificationCheck {
	if (!secret) return { ok: false, reason: 'missing-secret' };
	const given = header(headers, SIGNATURE_HEADER);
	if (!given) return { ok: false, reason: 'missing-signature' };
	const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
	if (nestsDeeperThan(text, MAX_NOTIFICATION_DEPTH)) return { ok: false, reason: 'too-deep' };
	let body: unknown;
	try {
		body = JSON.parse(text) as Json;
	} catch {
		return { ok: false, reason: 'invalid-json' };
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'invalid-json' };
	const content = notificationContent(body as Record<string, unknown>);
	const expected = Buffer.from(digestOfContent(content, secret));
	const actual = Buffer.from(given.trim());
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'bad-signature' };
	const deliveryId = header(headers, DELIVERY_HEADER);
	return { ok: true, body: body as Record<string, unknown>, content, ...(deliveryId ? { deliveryId } : {}) };
}
