import { randomInt, sign as rsaSign, type KeyObject } from 'node:crypto';
import { CubeValidationError } from '../../results/errors';
import type { SignableRequest, SignedRequest, Signer } from '../signer';
import { checkKeyId } from './key-id';
import { parsePrivateKey } from './private-key';
import { signV2Message, type SignV2Settings } from './sign-v2-message';

export interface SignV2SignerOptions {
	/** The API key's id, from the Cube portal. */
	keyId: string;
	/** The API key's RSA private key, PEM (PKCS#1 or PKCS#8). */
	privateKey: string;
	/** The spec's two open points (§2.1); defaults keep spaces and raw UTF-8. */
	settings?: SignV2Settings;
	/** Epoch milliseconds; injectable for tests. */
	now?: () => number;
	/** A positive 32-bit integer per request; injectable for tests. */
	nonce?: () => number;
}

/** Java `int`, as the vendor's SDK types the nonce (spec §2.1): 1 … 2^31−1. */
const MAX_NONCE = 2 ** 31 - 1;
const randomNonce = () => randomInt(1, MAX_NONCE + 1);
/** Header-safe: visible ASCII, no separators; the value format itself is not documented (spec §1.3). */
const API_VERSION = /^[A-Za-z0-9._-]{1,32}$/;

/**
 * The current API's sign v2 (spec §2) behind the Signer port: `Authorization: LF {keyId}/{sign}` with
 * sign = Base64(SHA1withRSA(private key, message)), plus the `timestamp`, `nonce` and `X-LF-Signature-Type: 2.0`
 * headers the message is built from, and `X-LF-Api-Version` when the request names one. The body is sent as given.
 *
 * The key id and the key are checked, and the key parsed, once here: a bad credential fails before anything is
 * sent, and a request costs only the message and the RSA operation.
 */
export class SignV2Signer implements Signer {
	readonly scheme = 'sign-v2' as const;
	readonly keyId: string;
	private readonly key: KeyObject;
	private readonly settings: SignV2Settings;
	private readonly now: () => number;
	private readonly nonce: () => number;

	constructor(options: SignV2SignerOptions) {
		this.keyId = checkKeyId(options.keyId);
		this.key = parsePrivateKey(options.privateKey);
		this.settings = { ...options.settings };
		this.now = options.now ?? Date.now;
		this.nonce = options.nonce ?? randomNonce;
	}

	sign(request: SignableRequest): SignedRequest {
		const method = request.method.toUpperCase();
		// GET parameters travel in the query (spec §1.2); a GET body would be signed but dropped by HTTP clients.
		if ((method === 'GET' || method === 'HEAD') && request.body && Object.keys(request.body).length > 0) {
			throw new CubeValidationError('request', 'body', `cannot go with a ${method} request; its parameters travel in the query`);
		}
		// x-sign-uri is the path alone (spec §2.1): a query or fragment in it would sign what the server never rebuilds.
		if (!request.path.startsWith('/') || /[?#]/.test(request.path)) {
			throw new CubeValidationError('request', 'path', 'must be the URL path alone, starting with "/" and without "?…" (query parameters go in `query`)');
		}
		if (request.apiVersion !== undefined && !API_VERSION.test(request.apiVersion)) {
			throw new CubeValidationError('request', 'apiVersion', 'must be letters, digits, "-", "_" or "." (e.g. 2.0)');
		}
		const timestamp = String(Math.trunc(this.now()));
		const nonce = request.nonce ?? this.nonce();
		if (!Number.isInteger(nonce) || nonce < 1 || nonce > MAX_NONCE) throw new RangeError('sign v2: the nonce must be an integer from 1 to 2^31-1');
		const message = signV2Message({ path: request.path, timestamp, nonce: String(nonce), query: request.query, body: request.body }, this.settings);
		const headers: Record<string, string> = {
			Authorization: `LF ${this.keyId}/${signV2(message, this.key)}`,
			timestamp,
			nonce: String(nonce),
			'X-LF-Signature-Type': '2.0',
		};
		if (request.apiVersion !== undefined) headers['X-LF-Api-Version'] = request.apiVersion;
		return request.body === undefined ? { headers } : { headers, body: request.body };
	}
}

/** Base64(RSA-PKCS#1-v1.5-SHA1(key, utf8(message))): the `sign` of sign v2. */
export function signV2(message: string, key: KeyObject): string {
	return rsaSign('sha1', Buffer.from(message, 'utf8'), key).toString('base64');
}
