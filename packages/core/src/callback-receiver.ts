import { createHash } from 'node:crypto';
import { normalizeNotification, type CubeEvent, type CubeEventType } from './events';
import { verifyNotification, type NotificationHeaders } from './notify';

export interface CallbackReceiverOptions {
	/** The notification secret (not the API secret). */
	secret: string;
	/** Event types to emit; empty or missing = all. */
	eventTypes?: CubeEventType[];
	/** How many recent x-lf-delivery ids, and how many recent contents, are remembered to drop redeliveries. */
	dedupeSize?: number;
	/** How long the same signed content counts as a redelivery, whatever its x-lf-delivery (default 24 h). */
	dedupeWindowMs?: number;
	maxBodyBytes?: number;
	/** Clock, for tests. */
	now?: () => number;
}

export interface ReceiveResult {
	/** HTTP status to answer with. */
	status: 200 | 400 | 401 | 405 | 413;
	reason?: string;
	/** What to emit (empty for rejected, duplicate or filtered-out callbacks). */
	events: CubeEvent[];
	duplicate?: boolean;
}

/**
 * The vendor pushes its warnings weekly and every other callback carries its own time, so the same content
 * twice within a day is a redelivery or a replay, never a new event.
 */
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * The whole decision of a callback endpoint, shared by the n8n trigger and the Node-RED callback-in node:
 * method and size limits, x-lf-md5 verification, de-duplication, normalisation and the event filter.
 * The runtimes only answer with `status` and emit `events`.
 *
 * The vendor's signature covers neither a timestamp nor a nonce, so a captured callback stays valid forever:
 * besides x-lf-delivery ids, the receiver remembers the signed content itself for a window. Both memories are
 * bounded (`dedupeSize` entries each) and live in this object only, i.e. per process.
 */
export class CallbackReceiver {
	private readonly options: Required<Omit<CallbackReceiverOptions, 'eventTypes'>> & { eventTypes: Set<CubeEventType> };
	private readonly seenDeliveries = new Set<string>();
	/** content key → when it was first accepted; Map iteration is insertion order, i.e. oldest first. */
	private readonly seenContents = new Map<string, number>();

	constructor(options: CallbackReceiverOptions) {
		this.options = {
			secret: options.secret,
			eventTypes: new Set(options.eventTypes ?? []),
			dedupeSize: options.dedupeSize ?? 10000,
			dedupeWindowMs: options.dedupeWindowMs ?? DEFAULT_WINDOW_MS,
			maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
			now: options.now ?? Date.now,
		};
	}

	receive(method: string, rawBody: string | Buffer | undefined, headers: NotificationHeaders): ReceiveResult {
		if (method.toUpperCase() !== 'POST') return { status: 405, reason: 'only POST is accepted', events: [] };
		const body = rawBody ?? '';
		if (Buffer.byteLength(body) > this.options.maxBodyBytes) return { status: 413, reason: 'body too large', events: [] };
		const check = verifyNotification(body, headers, this.options.secret);
		if (!check.ok) return { status: check.reason === 'invalid-json' || check.reason === 'too-deep' ? 400 : 401, reason: check.reason, events: [] };
		if (check.deliveryId && this.seenDeliveries.has(check.deliveryId)) return { status: 200, reason: 'duplicate delivery', duplicate: true, events: [] };
		// The signed content, not the raw bytes: re-serialising a captured body keeps its signature valid.
		const contentKey = createHash('sha256').update(check.content, 'utf8').digest('hex').slice(0, 32);
		if (this.seenRecently(contentKey)) return { status: 200, reason: 'duplicate content', duplicate: true, events: [] };
		if (check.deliveryId) remember(this.seenDeliveries, check.deliveryId, this.options.dedupeSize);
		this.seenContents.set(contentKey, this.options.now());
		if (this.seenContents.size > this.options.dedupeSize) this.seenContents.delete(this.seenContents.keys().next().value!);
		const filter = this.options.eventTypes;
		const events = normalizeNotification(check.body, { deliveryId: check.deliveryId, contentKey }).filter((e) => filter.size === 0 || filter.has(e.event));
		return { status: 200, events };
	}

	private seenRecently(contentKey: string): boolean {
		const expired = this.options.now() - this.options.dedupeWindowMs;
		for (const [key, at] of this.seenContents) {
			if (at > expired) break;
			this.seenContents.delete(key);
		}
		return this.seenContents.has(contentKey);
	}
}

function remember(seen: Set<string>, id: string, size: number): void {
	seen.add(id);
	// Sets iterate in insertion order: drop the oldest id.
	if (seen.size > size) seen.delete(seen.values().next().value!);
}
