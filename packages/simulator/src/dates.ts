/**
 * Dates as the vendor writes them: `yyyy-MM-dd HH:mm:ss` (spec §6.3.4). The vendor's time zone is not
 * documented; the simulator writes China Standard Time (UTC+8), where the vendor's platform runs.
 */

export const SECOND = 1000;
export const DAY = 24 * 3600 * SECOND;
const UTC_PLUS_8 = 8 * 3600 * SECOND;

const two = (n: number) => (n < 10 ? '0' + n : String(n));

export function formatDate(ms: number | undefined): string {
	if (ms === undefined) return '';
	const d = new Date(ms + UTC_PLUS_8);
	return `${d.getUTCFullYear()}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

/** Inverse of formatDate, for tests and admin input. */
export function parseDate(text: string): number {
	const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
	if (!m) return NaN;
	return Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]) - UTC_PLUS_8;
}
