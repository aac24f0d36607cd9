import { normalizeNotification, type CubeEvent, type CubeEventType } from './events';
import { verifyNotification, type NotificationHeaders } from './notify';

export interface CallbackReceiverOptions {
	/** The notification secret (not the API secret). */
	secret: string;
	/** Event types to emit; empty or missing = all. */
	eventTypes?: CubeEventType[];
	/** How many recent x-lf-delivery ids are remembered to drop redeliveries. */
	dedupeSize?: number;
	maxBodyBytes?: number;
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
 * The whole decision of a callback endpoint, shared by the n8n trigger and the Node-RED callback-in node:
 * method and size limits, x-lf-md5 verification, de-duplication on x-lf-delivery, normalisation and the
 * event filter. The runtimes only answer with `status` and emit `events`.
 */
export class CallbackReceiver {
	private readonly options: Required<Omit<CallbackReceiverOptions, 'eventTypes'>> & { eventTypes: Set<CubeEventType> };
	private readonly seen = new Set<string>();

	constructor(options: CallbackReceiverOptions) {
		this.options = {
			secret: options.secret,
			eventTypes: new Set(options.eventTypes ?? []),
			dedupeSize: options.dedupeSize ?? 10000,
			maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
		};
	}

	receive(method: string, rawBody: string | Buffer | undefined, headers: NotificationHeaders): ReceiveResult {
		if (method.toUpperCase() !== 'POST') return { status: 405, reason: 'only POST is accepted', events: [] };
		const body = rawBody ?? '';
		if (Buffer.byteLength(body) > this.options.maxBodyBytes) return { status: 413, reason: 'body too large', events: [] };
		const check = verifyNotification(body, headers, this.options.secret);
		if (!check.ok) return { status: check.reason === 'invalid-json' ? 400 : 401, reason: check.reason, events: [] };
		if (check.deliveryId) {
			if (this.seen.has(check.deliveryId)) return { status: 200, reason: 'duplicate delivery', duplicate: true, events: [] };
			this.seen.add(check.deliveryId);
			// Sets iterate in insertion order: drop the oldest id.
			if (this.seen.size > this.options.dedupeSize) this.seen.delete(this.seen.values().next().value!);
		}
		const filter = this.options.eventTypes;
		const events = normalizeNotification(check.body, check.deliveryId).filter((e) => filter.size === 0 || filter.has(e.event));
		return { status: 200, events };
	}
}
