import type { Params } from '../signing/legacy/sign';
import type { CurrentCallOptions } from './current-call';

/** What a caller may add to one call of a catalog operation. */
export interface CallOptions extends CurrentCallOptions {
	/** Params the catalog does not know, sent (and signed) as given. */
	extra?: Params;
	/** Replace the catalog's path (inferred endpoints). */
	path?: string;
	signal?: AbortSignal;
	/** Custom API Call only: the caller says repeating it is harmless, so it may be retried. */
	idempotent?: boolean;
}
