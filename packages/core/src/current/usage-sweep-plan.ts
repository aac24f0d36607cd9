import { API_LIMITS } from '../catalog/api-limits';
import { CURRENT_MAX_PAGE_SIZE } from '../catalog/current-operations';

/**
 * What a fleet's usage sweep costs: SIM list pages of 100 (spec current §4), never a request per SIM — the 5,000
 * requests a day per IP would not cover a 10,000-SIM fleet once. The sweep stops at the first short page, or once
 * `total_count` says every SIM was read; when a fleet fills its last page exactly and the answer has no
 * `total_count` (its place is NOT FOUND), one more page comes back empty: hence "at most".
 */

export interface SweepCost {
	/** Pages when `total_count` is known: ⌈SIMs / page size⌉, at least 1. */
	pages: number;
	/** Pages in the worst case: ⌊SIMs / page size⌋ + 1 (10,000 SIMs: 101). */
	atMost: number;
	/** atMost as a share of the current API's daily quota per IP (0.0202 = 2.02 %). */
	shareOfDailyQuota: number;
	/** At the current API's 10 requests a second, at least this many seconds. */
	minSeconds: number;
}

export function usageSweepCost(simCount: number, pageSize = CURRENT_MAX_PAGE_SIZE): SweepCost {
	if (!Number.isSafeInteger(simCount) || simCount < 0) throw new RangeError(`SIM count must be a whole number of at least 0, got ${simCount}`);
	if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > CURRENT_MAX_PAGE_SIZE) throw new RangeError(`page size must be 1–${CURRENT_MAX_PAGE_SIZE}, got ${pageSize}`);
	const { requestsPerDay, requestsPerSecond } = API_LIMITS.current;
	const pages = Math.max(1, Math.ceil(simCount / pageSize));
	const atMost = Math.floor(simCount / pageSize) + 1;
	return { pages, atMost, shareOfDailyQuota: atMost / requestsPerDay!, minSeconds: atMost / requestsPerSecond! };
}

export interface SweepPage {
	pageNo: number;
	pageSize: number;
	/** Records this page held. */
	received: number;
	/** The answer's `total_count`, when it had one. */
	totalCount?: number;
}

/** The next page to read, or null when the sweep is done. */
export function nextSweepPage(page: SweepPage): number | null {
	if (page.received < page.pageSize) return null;
	if (page.totalCount !== undefined && page.pageNo * page.pageSize >= page.totalCount) return null;
	return page.pageNo + 1;
}
