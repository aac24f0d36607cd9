/** The parts of reading an answer that do not depend on which API's envelope it carries. */

/** The body as a value: text (or bytes) parsed as JSON, anything else as it is; undefined when the text is not JSON. */
export function bodyValue(body: unknown): unknown {
	if (typeof body === 'string' || Buffer.isBuffer(body)) {
		try {
			return JSON.parse(body.toString());
		} catch {
			return undefined;
		}
	}
	return body;
}

/**
 * A redirect's Location (resolved against `base`, where given) without user, query or fragment, at most 200
 * characters: a server may reflect the signature there.
 */
export function redirectTarget(location: string | undefined, base?: string): string | undefined {
	if (!location) return undefined;
	let target: string;
	try {
		const u = new URL(location, base);
		target = `${u.protocol}//${u.host}${u.pathname}`;
	} catch {
		target = location.split(/[?#]/)[0];
	}
	return target.length > 200 ? `${target.slice(0, 200)}…` : target;
}
