/**
 * Usage facts of a current API SIM record without a request per SIM (spec current §4, §5.1, §5.17): a SIM list
 * page (100 SIMs a request) or a SIM detail carries `sim_service.bundles`, and the bundle in use (status 1) carries
 * `data_limit` and `current_cycle_usage`. Amounts stay in the API's unit — bytes by inference (30 MiB examples,
 * accumulated usage documented in bytes), never converted:
 *   used        = current_cycle_usage of the bundle in use (null: not reported)
 *   total       = data_limit (null when -1: unlimited, by inference)
 *   remaining   = total − used, not below 0
 *   percentUsed = used / total × 100, two decimals (null without both, or when total is 0)
 *   bundleId    = the bundle's `id`: what Add Bundle takes to top the SIM up
 */

/** Bundle `status` 1: in use (spec current §5.17). */
export const BUNDLE_IN_USE = 1;

export interface CurrentUsageFacts {
	iccid: string | null;
	/** The SIM's status code (spec current §5.1). */
	simStatus: number | null;
	bundleId: string | null;
	used: number | null;
	total: number | null;
	remaining: number | null;
	percentUsed: number | null;
	/** The bundle in use has no data limit (`data_limit` -1, inferred). */
	unlimited: boolean;
	/** Bundles in use: the facts are the first one's; more than one (a basic bundle and an add-on) is said here. */
	bundlesInUse: number;
	/** The unit of used / total / remaining: bytes, inferred — the vendor does not document it. */
	unit: 'bytes';
	unitInferred: true;
}

function num(v: unknown): number | null {
	if (typeof v === 'number') return Number.isFinite(v) ? v : null;
	if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
	return null;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The facts of a SIM record from the bundles it lists (`sim_service.bundles`). */
export function currentUsageFacts(record: Record<string, unknown>): CurrentUsageFacts {
	// One pass over the bundles, no lists of them: this runs for every SIM of a sweep.
	const service = record.sim_service;
	const bundles = isRecord(service) ? service.bundles : undefined;
	let bundle: Record<string, unknown> | undefined;
	let inUse = 0;
	if (Array.isArray(bundles)) {
		for (const b of bundles) {
			if (!isRecord(b) || num(b.status) !== BUNDLE_IN_USE) continue;
			if (inUse++ === 0) bundle = b;
		}
	}
	const limit = bundle ? num(bundle.data_limit) : null;
	const unlimited = limit === -1;
	const used = bundle ? num(bundle.current_cycle_usage) : null;
	const total = limit !== null && limit >= 0 ? limit : null;
	const remaining = total !== null && used !== null ? Math.max(0, total - used) : null;
	const percentUsed = total && used !== null ? Math.round((used / total) * 10000) / 100 : null;
	const id = bundle?.id;
	return {
		iccid: typeof record.sim_id === 'string' ? record.sim_id : null,
		simStatus: num(record.status),
		bundleId: typeof id === 'string' && id !== '' ? id : typeof id === 'number' ? String(id) : null,
		used,
		total,
		remaining,
		percentUsed,
		unlimited,
		bundlesInUse: inUse,
		unit: 'bytes',
		unitInferred: true,
	};
}

/** The record's own fields plus the facts (a fact's name never replaces an API field: the API has none of these names). */
export function withCurrentUsageFacts(record: Record<string, unknown>): Record<string, unknown> & CurrentUsageFacts {
	return Object.assign({}, record, currentUsageFacts(record));
}
