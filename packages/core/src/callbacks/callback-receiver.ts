import { createHash } from 'node:crypto';
import { normalizeNotification, type CubeEvent, type CubeEventType } from './events';
import { verifyNotification, type NotificationHeaders } from './notify';
import type { NotificationVerifier } from './notification-verifier';

export interface CallbackReceiverOptions {
	/** The notification secret (not the API secret). */
	secret: string;
	/**
	 * How a callback is checked. Default: the legacy x-lf-md5 with `secret`. A current-API receiver passes
	 * currentNotificationVerifier(…) (callbacks/), which holds its own key; `secret` is then not used.
	 */
	verify?: NotificationVerifier;
	/** Event types to emit; empty or missing = all. */
	eventTypes?: CubeEventType[];
	/** How many recent x-lf-delivery ids, and how many recent contents, are remembered to drop redeliveries. */
	dedupeSize?: number;
	/** How long the same signed content counts as a redelivery, whatever its x-lf-delivery (default 24 h). */
	dedupeWindowMs?: number;
	maxBodyBytes?: number;
	/** At most one refusal log line per this many ms (default 60 s); a kind of refusal not seen before is logged at once. */
	refusalLogIntervalMs?: number;
	/** Clock (de-duplication window, refusal log interval); tests pass their own. */
	now?: () => number;
}

/**
 * A log line the host should write about refused callbacks: this refusal, and the ones held back since the last
 * line. Anyone can POST to a callback URL, so a line per refusal would let a forger fill the log.
 */
export interface RefusalLogLine {
	status: number;
	reason: string;
	/** Refusals since the previous line, this one included. */
	count: number;
	/** Time since the previous line; missing on the first. */
	sinceMs?: number;
}

export interface ReceiveResult {
	/** HTTP status to answer with. */
	status: 200 | 400 | 401 | 405 | 413;
	reason?: string;
	/** What to emit (empty for rejected, duplicate or filtered-out callbacks). */
	events: CubeEvent[];
	duplicate?: boolean;
	/** Set when a refusal is to be logged now; refusals without it are counted into the next line. */
	log?: RefusalLogLine;
}

/**
 * The vendor pushes its warnings weekly and every other callback carries its own time, so the same content
 * twice within a day is a redelivery or a replay, never a new event.
 */
const DEFAULT_WINDOW_MS = 24 * 60 * 60 * 1000;
/** Refusal reasons are a fixed set of words; a bound all the same, so the set of kinds seen stays small. */
const MAX_REFUSAL_KINDS = 32;

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
	private readonly options: Required<Omit<CallbackReceiverOptions, 'eventTypes' | 'verify'>> & { eventTypes: Set<CubeEventType> };
	private readonly verify: NotificationVerifier;
	private readonly refusals: RefusalTally;
	private readonly seenDeliveries = new Set<string>();
	/** content key → when it was first accepted; Map iteration is insertion order, i.e. oldest first. */
	private readonly seenContents = new Map<string, number>();

	constructor(options: CallbackReceiverOptions) {
		this.verify = options.verify ?? ((body, headers) => verifyNotification(body, headers, options.secret));
		this.options = {
			secret: options.secret,
			eventTypes: new Set(options.eventTypes ?? []),
			dedupeSize: options.dedupeSize ?? 10000,
			dedupeWindowMs: options.dedupeWindowMs ?? DEFAULT_WINDOW_MS,
			maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
			refusalLogIntervalMs: options.refusalLogIntervalMs ?? 60_000,
			now: options.now ?? Date.now,
		};
		this.refusals = new RefusalTally(this.options.refusalLogIntervalMs, this.options.now);
	}

	receive(method: string, rawBody: string | Buffer | undefined, headers: NotificationHeaders): ReceiveResult {
		if (method.toUpperCase() !== 'POST') return this.refuse(405, 'only POST is accepted');
		const body = rawBody ?? '';
		if (Buffer.byteLength(body) > this.options.maxBodyBytes) return this.refuse(413, 'body too large');
		const check = this.verify(body, headers);
		if (!check.ok) return this.refuse(check.reason === 'invalid-json' || check.reason === 'too-deep' ? 400 : 401, check.reason);
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

	/**
	 * Counts a refusal its host made before the receiver saw the request (an unreadable body) into the same log
	 * tally; returns the line to write now, if any.
	 */
	noteRefusal(status: number, reason: string): RefusalLogLine | undefined {
		return this.refusals.note(status, reason);
	}

	private refuse(status: 400 | 401 | 405 | 413, reason: string): ReceiveResult {
		const log = this.refusals.note(status, reason);
		return log ? { status, reason, events: [], log } : { status, reason, events: [] };
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

/**
 * Aggregates refusals on arrival (no timer: the n8n bundle may not use one): the first of a kind is logged at
 * once, the others are counted into at most one line per interval, written by the first refusal after it ends.
 */
class RefusalTally {
	private lastLineAt: number | undefined;
	private held = 0;
	private readonly kinds = new Set<string>();

	constructor(
		private readonly intervalMs: number,
		private readonly now: () => number,
	) {}

	note(status: number, reason: string): RefusalLogLine | undefined {
		this.held++;
		const at = this.now();
		const kind = `${status} ${reason}`;
		const isNew = !this.kinds.has(kind) && this.kinds.size < MAX_REFUSAL_KINDS;
		if (isNew) this.kinds.add(kind);
		if (!isNew && this.lastLineAt !== undefined && at - this.lastLineAt < this.intervalMs) return undefined;
		const line: RefusalLogLine = { status, reason, count: this.held };
		if (this.lastLineAt !== undefined) line.sinceMs = at - this.lastLineAt;
		this.held = 0;
		this.lastLineAt = at;
		return line;
	}
}
