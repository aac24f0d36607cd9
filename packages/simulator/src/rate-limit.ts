/**
 * Per-access-code token buckets: `perSecond` tokens flow in, at most `burst` are banked. An empty bucket means
 * HTTP 429 with Retry-After (whole seconds, as the header wants) — the vendor's limit is not documented, so
 * the numbers are the operator's choice.
 */

export interface RateLimit {
	perSecond: number;
	burst?: number;
}

export class RateLimiter {
	private buckets = new Map<string, { tokens: number; at: number }>();

	constructor(private limit: RateLimit | undefined) {}

	set(limit: RateLimit | undefined): void {
		if (limit && !(limit.perSecond > 0)) throw new Error('rate limit perSecond must be > 0');
		this.limit = limit;
		this.buckets.clear();
	}

	get(): RateLimit | undefined {
		return this.limit;
	}

	/** 0 when the request may pass, else the seconds to wait. */
	take(accessCode: string, now = Date.now()): number {
		if (!this.limit) return 0;
		const { perSecond } = this.limit;
		const burst = Math.max(1, this.limit.burst ?? perSecond);
		const bucket = this.buckets.get(accessCode) ?? { tokens: burst, at: now };
		bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.at) / 1000) * perSecond);
		bucket.at = now;
		this.buckets.set(accessCode, bucket);
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.max(1, Math.ceil((1 - bucket.tokens) / perSecond));
	}
}
