/**
 * At most `max` requests leaving in any `windowMs`, counted when each one actually leaves. The client's RateLimiter
 * spaces reservations 1 / rate apart, but a wait that ends late (a busy event loop) lets the next ones catch up and
 * leave bunched — 11 in 900 ms was seen on a loaded machine — and the current API counts requests per second per IP
 * (spec current §4), refusing the 11th with a 429. No timers of its own: the caller waits what take() says.
 */
export class SendWindow {
	private readonly times: number[];
	private oldest = 0;

	constructor(
		readonly max: number,
		readonly windowMs = 1000,
	) {
		this.times = new Array<number>(max).fill(-Infinity);
	}

	/** 0 when a request may leave at `now` (it is counted), else the milliseconds to wait before asking again. */
	take(now: number): number {
		const wait = this.times[this.oldest] + this.windowMs - now;
		if (wait > 0) return wait;
		this.times[this.oldest] = now;
		this.oldest = (this.oldest + 1) % this.max;
		return 0;
	}
}
