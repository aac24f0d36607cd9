import type { ApiGeneration } from './operations';

/**
 * What a client of each API generation stays within by default. The current API's limits are the vendor's (spec
 * current §4: 10 queries a second and 3 concurrent connections per IP, 5,000 a day, HTTP 429 beyond); the legacy
 * API documents none, so its client keeps its own settings (null = no default limit).
 */
export interface ApiLimits {
	/** Requests started per second, at most. */
	requestsPerSecond: number | null;
	/** Requests waiting for their answer at once, at most. */
	maxInFlight: number | null;
	/** Requests a day per egress IP, shared by everything behind it (not enforced by the client: reported). */
	requestsPerDay: number | null;
}

export const API_LIMITS: Record<ApiGeneration, ApiLimits> = {
	legacy: { requestsPerSecond: null, maxInFlight: null, requestsPerDay: null },
	current: { requestsPerSecond: 10, maxInFlight: 3, requestsPerDay: 5000 },
};
