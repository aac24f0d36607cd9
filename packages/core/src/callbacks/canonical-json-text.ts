/**
 * The canonical form (spec §2.2 / §7.2: compact, keys sorted at every level, arrays in order, raw UTF-8) of JSON *text*,
 * with every number written exactly as it was received. A notification is verified over the body it came with:
 * JSON.parse would round an integer above 2^53 and turn `1.0` into `1`, which the vendor's Java serialiser prints
 * differently (spec §7.2, "JS caveat"), and the signature would fail on an authentic notification.
 *
 * Keys sort as canonicalJson sorts them (UTF-16 code units, Java's String order); strings are re-written as
 * JSON.stringify writes them, so for ordinary numbers this is canonicalJson(JSON.parse(text)).
 */

export class JsonTooDeepError extends Error {
	constructor(limit: number) {
		super(`JSON nested deeper than ${limit} levels`);
		this.name = 'JsonTooDeepError';
	}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Throws a SyntaxError for text that is not JSON, a JsonTooDeepError past `maxDepth` nested objects/arrays. */
export function canonicalJsonText(text: string, maxDepth: number): string {
	let i = 0;
	const fail = (): never => {
		throw new SyntaxError(`not JSON (at character ${i})`);
	};
	const skipWhitespace = () => {
		WHITESPACE.lastIndex = i;
		WHITESPACE.exec(text);
		i = WHITESPACE.lastIndex;
	};
	const expect = (c: string) => {
		skipWhitespace();
		if (text[i] !== c) fail();
		i++;
	};
	/** A string token, decoded (JSON.parse checks its escapes). */
	const string = (): string => {
		const start = i++;
		while (i < text.length) {
			const c = text.charCodeAt(i);
			if (c === 0x5c) i += 2;
			else if (c === 0x22) return JSON.parse(text.slice(start, ++i)) as string;
			else if (c < 0x20) fail();
			else i++;
		}
		return fail();
	};
	const value = (depth: number): string => {
		skipWhitespace();
		const c = text[i];
		if (c === '{' || c === '[') {
			// Depth is bounded before recursing, so hostile nesting cannot exhaust the stack.
			if (depth >= maxDepth) throw new JsonTooDeepError(maxDepth);
			i++;
			skipWhitespace();
			const close = c === '{' ? '}' : ']';
			const members = new Map<string, string>();
			const items: string[] = [];
			if (text[i] === close) i++;
			else {
				for (;;) {
					if (c === '{') {
						skipWhitespace();
						if (text[i] !== '"') fail();
						const key = string();
						expect(':');
						// A repeated key: the last one counts, as in JSON.parse.
						members.delete(key);
						members.set(key, value(depth + 1));
					} else items.push(value(depth + 1));
					skipWhitespace();
					if (text[i] === ',') i++;
					else if (text[i] === close) {
						i++;
						break;
					} else fail();
				}
			}
			if (c === '[') return '[' + items.join(',') + ']';
			return '{' + [...members.keys()].sort().map((k) => JSON.stringify(k) + ':' + members.get(k)).join(',') + '}';
		}
		if (c === '"') return JSON.stringify(string());
		for (const literal of ['true', 'false', 'null']) {
			if (text.startsWith(literal, i)) {
				i += literal.length;
				return literal;
			}
		}
		NUMBER.lastIndex = i;
		const number = NUMBER.exec(text);
		if (!number) return fail();
		i = NUMBER.lastIndex;
		return number[0];
	};
	const out = value(0);
	skipWhitespace();
	if (i !== text.length) fail();
	return out;
}
