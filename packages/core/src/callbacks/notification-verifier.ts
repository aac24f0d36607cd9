import type { NotificationHeaders } from './notify';

/**
 * How a CallbackReceiver checks a callback: the legacy x-lf-md5 check (notify.ts) or the current API's x-lf-signature
 * check (current-notification-verifier.ts). Either way the receiver answers 400 to `invalid-json` / `too-deep`,
 * 401 to any other refusal, and de-duplicates on `content`.
 */
export type NotificationVerdict =
	| { ok: true; body: Record<string, unknown>; deliveryId?: string; /** what identifies the event's content, for de-duplication */ content: string }
	| { ok: false; reason: string };

export type NotificationVerifier = (rawBody: string | Buffer, headers: NotificationHeaders) => NotificationVerdict;
