import { createHmac } from 'node:crypto';

/**
 * Request signing of the old-version Cube API (spec §4, construction A):
 * sign = Base64(HMAC-SHA1(canonical JSON of the non-empty top-level params, secret)).
 */

export type Params = Record<string, unknown>;

export interface CanonicalOptions {
	/** 'sorted' (construction A, default) or 'insertion' (construction B, the overview's literal example). */
	order?: 'sorted' | 'insertion';
	/** Write non-ASCII as \uXXXX instead of raw UTF-8 (the OTA example body is written that way). */
	asciiEscape?: boolean;
}

/** "Non-empty" in the vendor's rule: null, undefined and "" are left out of the signed content. */
export function isEmptyParam(value: unknown): boolean {
	return value === undefined || value === null || value === '';
}

/** Code-point order, so keys outside the BMP sort as the spec's "lexicographic" order says. */
function compareCodePoints(a: string, b: string): number {
	for (let i = 0, j = 0; i < a.length && j < b.length; ) {
		const ca = a.codePointAt(i)!;
		const cb = b.codePointAt(j)!;
		if (ca !== cb) return ca - cb;
		i += ca > 0xffff ? 2 : 1;
		j += cb > 0xffff ? 2 : 1;
	}
	return a.length - b.length;
}

function sortedKeys(obj: object): string[] {
	return Object.keys(obj).sort(compareCodePoints);
}

/** Compact JSON; nested object keys are sorted too (spec §4.3: nested keys sorted in the sibling API). */
function writeValue(value: unknown, sorted: boolean): string {
	if (Array.isArray(value)) return '[' + value.map((v) => writeValue(v === undefined ? null : v, sorted)).join(',') + ']';
	if (value !== null && typeof value === 'object') {
		const keys = sorted ? sortedKeys(value) : Object.keys(value);
		const parts: string[] = [];
		for (const k of keys) {
			const v = (value as Params)[k];
			if (v !== undefined) parts.push(JSON.stringify(k) + ':' + writeValue(v, sorted));
		}
		return '{' + parts.join(',') + '}';
	}
	return JSON.stringify(value);
}

const NON_ASCII = /[\u0080-\uffff]/g;
const escapeNonAscii = (json: string) =>
	json.replace(NON_ASCII, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

/** The exact string that is signed: top-level params except `sign` and empty values, as compact JSON. */
export function canonicalize(params: Params, options: CanonicalOptions = {}): string {
	const sorted = options.order !== 'insertion';
	const keys = sorted ? sortedKeys(params) : Object.keys(params);
	const parts: string[] = [];
	for (const key of keys) {
		const value = params[key];
		if (key === 'sign' || isEmptyParam(value)) continue;
		parts.push(JSON.stringify(key) + ':' + writeValue(value, sorted));
	}
	const json = '{' + parts.join(',') + '}';
	return options.asciiEscape ? escapeNonAscii(json) : json;
}

/** Base64(HMAC-SHA1(utf8(content), utf8(secret))) */
export function hmacSha1Base64(content: string, secret: string): string {
	return createHmac('sha1', secret).update(content, 'utf8').digest('base64');
}

/** The `sign` value for a request body. */
export function sign(params: Params, secret: string, options: CanonicalOptions = {}): string {
	return hmacSha1Base64(canonicalize(params, options), secret);
}

export interface SigningConfig {
	accessCode: string;
	secret: string;
	/** Global `version` param; the vendor's default is "2.0". */
	version?: string;
	/** Epoch seconds (every endpoint example, default) or milliseconds (the overview example): spec §2.2. */
	timestampUnit?: 's' | 'ms';
	canonical?: CanonicalOptions;
	now?: () => number;
}

export function timestampNow(unit: 's' | 'ms' = 's', now: number = Date.now()): string {
	return unit === 'ms' ? String(now) : String(Math.floor(now / 1000));
}

/** The full request body: the operation's params plus access_code, timestamp, version and sign. */
export function signRequestBody(params: Params, config: SigningConfig): Params {
	const body: Params = Object.assign({}, params);
	body.access_code = config.accessCode;
	body.timestamp = timestampNow(config.timestampUnit, config.now ? config.now() : Date.now());
	body.version = config.version ?? '2.0';
	body.sign = sign(body, config.secret, config.canonical);
	return body;
}
