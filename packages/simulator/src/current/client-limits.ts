import { RateLimiter } from '../rate-limit';
import { CurrentError } from './codes';

/**
 * The vendor's per-IP limits (spec §4): 10 requests a second, 3 concurrent connections, 5,000 requests a day,
 * each answered with HTTP 429. "Concurrent connections" is read as requests in flight from one address (what a
 * client controls; idle keep-alive sockets are not refused). The quota resets at midnight UTC of the real clock —
 * the vendor's reset time is not documented. 0 turns a limit off.
 */

export interface ClientLimits {
	/** Requests per second per client address (token bucket, burst = the same number). Default 10. */
	perSecond?: number;
	/** Requests in flight per client address. Default 3. */
	concurrent?: number;
	/** Requests per client address per UTC day. Default 5000. */
	dailyQuota?: number;
}

export const DEFAULT_CLIENT_LIMITS: Required<ClientLimits> = { perSecond: 10, concurrent: 3, dailyQuota: 5000 };

const DAY_MS = 86_400_000;

export class ClientLimiter {
	private limits: Required<ClientLimits>;
	private readonly rate = new RateLimiter(undefined);
	private readonly inFlight = new Map<string, number>();
	private quota = new Map<string, number>();
	private quotaDay = -1;
	rateLimited = 0;
	concurrencyLimited = 0;
	quotaExceeded = 0;

	constructor(limits: ClientLimits = {}) {
		this.limits = { ...DEFAULT_CLIENT_LIMITS };
		this.set(limits);
	}

	set(limits: ClientLimits): Required<ClientLimits> {
		for (const [name, value] of Object.entries(limits)) {
			if (value !== undefined && !(Number.isInteger(value) && value >= 0)) throw new Error(`limit ${name} must be a whole number ≥ 0 (0 = off)`);
		}
		this.limits = { ...this.limits, ...Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) };
		this.rate.set(this.limits.perSecond ? { perSecond: this.limits.perSecond } : undefined);
		return this.get();
	}

	get(): Required<ClientLimits> {
		return { ...this.limits };
	}

	/**
	 * Admits one request from `address` or throws the 429 refusal. An admitted request holds a slot until `release`.
	 * Every request counts against the quota, refused ones included (spec §4: every call counts, INFERRED).
	 */
	admit(address: string, now: number): void {
		const { concurrent, dailyQuota } = this.limits;
		if (dailyQuota) {
			const day = Math.floor(now / DAY_MS);
			if (day !== this.quotaDay) {
				this.quota = new Map();
				this.quotaDay = day;
			}
			const used = (this.quota.get(address) ?? 0) + 1;
			this.quota.set(address, used);
			if (used > dailyQuota) {
				this.quotaExceeded++;
				const retryAfter = Math.max(1, Math.ceil(((day + 1) * DAY_MS - now) / 1000));
				throw new CurrentError('dailyQuotaExceeded', `${dailyQuota} requests a day per IP address`, { 'Retry-After': String(retryAfter) });
			}
		}
		if (concurrent && (this.inFlight.get(address) ?? 0) >= concurrent) {
			this.concurrencyLimited++;
			throw new CurrentError('tooManyRequests', `at most ${concurrent} concurrent requests per IP address`, { 'Retry-After': '1' });
		}
		const wait = this.rate.take(address, now);
		if (wait > 0) {
			this.rateLimited++;
			throw new CurrentError('tooManyRequests', `at most ${this.limits.perSecond} requests per second per IP address`, { 'Retry-After': String(wait) });
		}
		this.inFlight.set(address, (this.inFlight.get(address) ?? 0) + 1);
	}

	release(address: string): void {
		const n = (this.inFlight.get(address) ?? 1) - 1;
		if (n > 0) this.inFlight.set(address, n);
		else this.inFlight.delete(address);
	}

	/** Requests counted against today's quota, by address. */
	quotaUsed(): Record<string, number> {
		return Object.fromEntries(this.quota);
	}

	/** Forgets the day's counts and the token buckets (admin reset). */
	clear(): void {
		this.quota = new Map();
		this.rate.set(this.limits.perSecond ? { perSecond: this.limits.perSecond } : undefined);
		this.rateLimited = this.concurrencyLimited = this.quotaExceeded = 0;
	}
}
