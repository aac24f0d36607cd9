import { RingBuffer } from './ring-buffer';

/** What the simulator received, for assertions, and the counters a test needs to prove "exactly once". */

export interface RequestRecord {
	seq: number;
	at: string;
	method: string;
	path: string;
	accessCode?: string;
	language: string;
	/** The parsed body, or the raw text when it was not JSON. */
	body: unknown;
	httpStatus: number;
	/** Envelope code answered ("0000" success); absent when no envelope was sent (reset, timeout, malformed). */
	code?: string;
	/** The injected fault, if one hit this request. */
	fault?: string;
}

export interface Counters {
	requests: number;
	requestsByPath: Record<string, number>;
	/** Answers by envelope code, e.g. {"0000": 10, "1001": 2}. */
	responsesByCode: Record<string, number>;
	rejectedSignatures: number;
	rateLimited: number;
	faultsInjected: number;
	faultsByKind: Record<string, number>;
	ordersCreated: number;
	renewals: number;
	renewalsByOrder: Record<string, number>;
	callbacksSent: number;
	callbacksFailed: number;
}

const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);

export class RequestLog {
	private readonly records: RingBuffer<RequestRecord>;
	private seq = 0;
	private requestsByPath = new Map<string, number>();
	private responsesByCode = new Map<string, number>();
	private faultsByKind = new Map<string, number>();
	private renewalsByOrder = new Map<string, number>();
	private ordersCreated = 0;

	constructor(size: number) {
		this.records = new RingBuffer(size);
	}

	record(entry: Omit<RequestRecord, 'seq' | 'at'>): void {
		this.records.push({ seq: ++this.seq, at: new Date().toISOString(), ...entry });
		bump(this.requestsByPath, entry.path);
		if (entry.code) bump(this.responsesByCode, entry.code);
		if (entry.fault) bump(this.faultsByKind, entry.fault);
	}

	orderCreated(n = 1): void {
		this.ordersCreated += n;
	}

	renewed(orderId: string): void {
		bump(this.renewalsByOrder, orderId);
	}

	list(filter: { path?: string; limit?: number } = {}): RequestRecord[] {
		let out = this.records.toArray();
		if (filter.path) out = out.filter((r) => r.path === filter.path);
		return filter.limit ? out.slice(-filter.limit) : out;
	}

	clearRequests(): void {
		this.records.clear();
	}

	counters(callbacks: { sent: number; failed: number }): Counters {
		const obj = (m: Map<string, number>) => Object.fromEntries(m);
		const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
		return {
			requests: sum(this.requestsByPath),
			requestsByPath: obj(this.requestsByPath),
			responsesByCode: obj(this.responsesByCode),
			rejectedSignatures: this.responsesByCode.get('1001') ?? 0,
			rateLimited: this.responsesByCode.get('1005') ?? 0,
			faultsInjected: sum(this.faultsByKind),
			faultsByKind: obj(this.faultsByKind),
			ordersCreated: this.ordersCreated,
			renewals: sum(this.renewalsByOrder),
			renewalsByOrder: obj(this.renewalsByOrder),
			callbacksSent: callbacks.sent,
			callbacksFailed: callbacks.failed,
		};
	}

	resetCounters(): void {
		for (const m of [this.requestsByPath, this.responsesByCode, this.faultsByKind, this.renewalsByOrder]) m.clear();
		this.ordersCreated = 0;
	}
}
