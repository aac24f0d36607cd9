/**
 * Spaces requests at most `ratePerSecond` apart (with a small burst), shared by every caller of one client,
 * and lets a 429's Retry-After pause all of them at once instead of each one finding out separately.
 */
export class RateLimiter {
	private next = 0;
	private readonly interval: number;
	private readonly burst: number;

	constructor(ratePerSecond: number, burst = 1) {
		this.interval = ratePerSecond > 0 ? 1000 / ratePerSecond : 0;
		this.burst = Math.max(1, burst);
	}

	/** Milliseconds the caller must wait before its request; the slot is reserved. */
	reserve(now = Date.now()): number {
		if (this.interval === 0) return Math.max(0, this.next - now);
		this.next = Math.max(this.next, now - (this.burst - 1) * this.interval);
		const at = this.next;
		this.next += this.interval;
		return Math.max(0, at - now);
	}

	/** Nobody starts before `now + ms` (server asked us to back off). */
	pause(ms: number, now = Date.now()): void {
		this.next = Math.max(this.next, now + ms);
	}
}
