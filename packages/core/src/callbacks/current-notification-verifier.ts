import { timingSafeEqual } from 'node:crypto';
import { CubeValidationError } from '../results/errors';
import { header } from '../transport/header';
import { MAX_NOTIFICATION_DEPTH, type NotificationHeaders } from './notify';
import { checkKeyId } from '../signing/current/key-id';
import { canonicalJsonText, JsonTooDeepError } from './canonical-json-text';
import { NOTIFICATION_ALGO, NOTIFICATION_HEADERS, notificationMessage, notificationSignature } from './notification-signature';
import type { NotificationVerifier } from './notification-verifier';

/**
 * OUR tolerance for `x-lf-timestamp`, not the vendor's: the vendor documents none (spec §7.2, step 5). Ten minutes
 * either way, the window the vendor gives our own requests (spec §1.2), so the same clock drift is tolerated both ways;
 * inside it the receiver's content memory drops a replay.
 */
export const DEFAULT_NOTIFICATION_TOLERANCE_MS = 10 * 60 * 1000;

export interface CurrentNotificationOptions {
	/** The notification key's id and key text (Cube portal; one per organisation). */
	keyId: string;
	key: string;
	/** Our window around this machine's clock for `x-lf-timestamp`; Infinity turns the check off. */
	toleranceMs?: number;
	now?: () => number;
}

export type CurrentNotificationRefusal =
	| 'missing-key'
	| 'missing-signature'
	| 'missing-headers'
	| 'wrong-key-id'
	| 'unsupported-algorithm'
	| 'bad-timestamp'
	| 'invalid-json'
	| 'too-deep'
	| 'bad-signature'
	| 'stale-timestamp';

export type CurrentNotificationCheck =
	| {
			ok: true;
			body: Record<string, unknown>;
			/** The canonical body: a redelivery signed again with a new timestamp is the same content. */
			content: string;
			keyId: string;
			/** `x-lf-timestamp`, epoch ms. */
			timestamp: number;
	  }
	| { ok: false; reason: CurrentNotificationRefusal };

/**
 * Checks a current-API notification (spec §7.2, receiver procedure): the key id before the first "/" of
 * x-lf-signature, HMAC-SHA1 only, the body re-serialised canonically (numbers as received), a constant-time compare,
 * then our timestamp window — after the signature, so "stale" is only ever said of an authentic notification.
 */
export function verifyCurrentNotification(rawBody: string | Buffer, headers: NotificationHeaders, options: CurrentNotificationOptions): CurrentNotificationCheck {
	if (!options.key) return { ok: false, reason: 'missing-key' };
	const given = header(headers, NOTIFICATION_HEADERS.signature)?.trim();
	if (!given) return { ok: false, reason: 'missing-signature' };
	const version = header(headers, NOTIFICATION_HEADERS.version);
	const algo = header(headers, NOTIFICATION_HEADERS.algo);
	const timestampText = header(headers, NOTIFICATION_HEADERS.timestamp);
	if (version === undefined || algo === undefined || timestampText === undefined) return { ok: false, reason: 'missing-headers' };
	// A Base64 signature may contain "/": the key id ends at the first one.
	const slash = given.indexOf('/');
	if (slash <= 0 || given.slice(0, slash) !== options.keyId) return { ok: false, reason: 'wrong-key-id' };
	// The doc writes the default both as "HMAC-SHA1" and "hmac-sha1"; the message takes the header as received.
	if (algo.trim().toUpperCase() !== NOTIFICATION_ALGO) return { ok: false, reason: 'unsupported-algorithm' };
	if (!/^\d{1,16}$/.test(timestampText)) return { ok: false, reason: 'bad-timestamp' };
	const text = typeof rawBody === 'string' ? rawBody : rawBody.toString('utf8');
	let canonical: string;
	let body: unknown;
	try {
		canonical = canonicalJsonText(text, MAX_NOTIFICATION_DEPTH);
		body = JSON.parse(text);
	} catch (error) {
		return { ok: false, reason: error instanceof JsonTooDeepError ? 'too-deep' : 'invalid-json' };
	}
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, reason: 'invalid-json' };
	const expected = Buffer.from(notificationSignature(notificationMessage(version, algo, timestampText, canonical), options.key));
	const actual = Buffer.from(given.slice(slash + 1));
	if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return { ok: false, reason: 'bad-signature' };
	const timestamp = Number(timestampText);
	const tolerance = options.toleranceMs ?? DEFAULT_NOTIFICATION_TOLERANCE_MS;
	const now = (options.now ?? Date.now)();
	if (Math.abs(now - timestamp) > tolerance) return { ok: false, reason: 'stale-timestamp' };
	return { ok: true, body: body as Record<string, unknown>, content: canonical, keyId: options.keyId, timestamp };
}

/**
 * The verifier a CallbackReceiver hosts (its `verify` option) for current-API notifications. The key id and key are
 * checked once, here, so a missing setting fails at deploy rather than as a 401 per callback; surrounding whitespace
 * of a paste is dropped (the vendor's ids and keys are letters and digits).
 */
export function currentNotificationVerifier(options: CurrentNotificationOptions): NotificationVerifier {
	const unusable = 'Notifications are refused until it is corrected.';
	const keyId = checkKeyId(options.keyId, 'notificationKeyId', unusable);
	const key = typeof options.key === 'string' ? options.key.trim() : '';
	if (!key) throw new CubeValidationError('configuration', 'notificationKey', 'is empty', `The notification key (setting "notificationKey") is empty: copy it from the Cube portal. ${unusable}`);
	const settings = { ...options, keyId, key };
	return (rawBody, headers) => verifyCurrentNotification(rawBody, headers, settings);
}
