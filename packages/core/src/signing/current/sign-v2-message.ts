import { canonicalJson, escapeNonAscii } from './canonical-json';

/** What sign v2 takes from a request (spec §2.1): the path, the two header values, the query and the JSON body. */
export interface SignV2Request {
	/** The URL's path with the `/cube/v4` prefix and the path parameters, no host, no query. */
	path: string;
	/** The `timestamp` header's value (epoch ms). */
	timestamp: string;
	/** The `nonce` header's value. */
	nonce: string;
	/** Decoded query values; an array travels comma-joined. */
	query?: Record<string, unknown>;
	/** The JSON body's top-level fields, in their JSON types. */
	body?: Record<string, unknown>;
}

/**
 * The two points the vendor leaves open (spec §2.1), each a switch. Defaults: keep spaces and write raw UTF-8,
 * as the vendor's Java server and SDK serialise.
 */
export interface SignV2Settings {
	/** Remove every space from the message, as the vendor's v1 Python sample does. Default false. */
	stripSpaces?: boolean;
	/** Write non-ASCII as \uXXXX, as Python's json.dumps does. Default false. */
	escapeNonAscii?: boolean;
}

/** "Non-empty" (spec §2.1, INFERRED): null, absent and "" stay out of the message. */
const isEmpty = (v: unknown) => v === undefined || v === null || v === '';

function queryText(name: string, value: unknown): string {
	if (Array.isArray(value)) return value.map((v) => queryText(name, v)).join(',');
	if (value !== null && typeof value === 'object') throw new TypeError(`sign v2: query parameter "${name}" is an object; a query carries text`);
	return String(value);
}

/**
 * The exact string sign v2 signs: one flat map of the non-empty query values (as text), the non-empty top-level body
 * fields (in their JSON types), `timestamp`, `nonce` and `x-sign-uri`, as compact JSON with sorted keys.
 * The header values and the path are put in last, so a parameter of the same name cannot replace them.
 */
export function signV2Message(request: SignV2Request, settings: SignV2Settings = {}): string {
	const message: Record<string, unknown> = {};
	if (request.query) {
		for (const [name, value] of Object.entries(request.query)) {
			if (isEmpty(value)) continue;
			const text = queryText(name, value);
			// An empty list is not in the URL at all, so it is not in the message either.
			if (text !== '') message[name] = text;
		}
	}
	if (request.body) for (const [name, value] of Object.entries(request.body)) if (!isEmpty(value)) message[name] = value;
	message.timestamp = request.timestamp;
	message.nonce = request.nonce;
	message['x-sign-uri'] = request.path;
	let text = canonicalJson(message);
	if (settings.stripSpaces) text = text.replace(/ /g, '');
	if (settings.escapeNonAscii) text = escapeNonAscii(text);
	return text;
}
