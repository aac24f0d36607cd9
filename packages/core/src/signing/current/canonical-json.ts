/**
 * The serialisation both sign v2 (spec §2.1) and the current notifications (spec §7.2) sign: compact JSON, object keys
 * sorted at every level, arrays in their order, raw UTF-8.
 *
 * Keys sort by UTF-16 code unit (JavaScript's default sort), which is Java's String.compareTo: the vendor's server
 * and SDK are Java (a TreeMap / Jackson's ORDER_MAP_ENTRIES_BY_KEYS), so that is the order they rebuild the message in.
 * Integer-like keys would come first in Object.keys order, which is why the keys are sorted here, not by JSON.stringify.
 */
export function canonicalJson(value: unknown): string {
	if (Array.isArray(value)) {
		// A list of scalars (a request's 100 ICCIDs) has no keys to sort: JSON.stringify writes it the same, faster.
		if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
		return '[' + value.map((v) => canonicalJson(v === undefined ? null : v)).join(',') + ']';
	}
	if (value !== null && typeof value === 'object') {
		const object = value as Record<string, unknown>;
		const parts: string[] = [];
		for (const key of Object.keys(object).sort()) {
			const v = object[key];
			// As JSON.stringify does: an undefined member is not written.
			if (v !== undefined) parts.push(JSON.stringify(key) + ':' + canonicalJson(v));
		}
		return '{' + parts.join(',') + '}';
	}
	return JSON.stringify(value);
}

const NON_ASCII = /[\u0080-\uffff]/g;

/** Every UTF-16 unit above U+007F as \uXXXX (lower-case hex, as Python's json.dumps writes it). */
export function escapeNonAscii(json: string): string {
	return json.replace(NON_ASCII, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
