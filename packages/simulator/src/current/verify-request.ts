import { verify, type KeyObject } from 'node:crypto';
import { signV2Message, type SignV2Settings } from '@linksfield-cube/core';
import { CurrentError } from './codes';

/**
 * Sign v2 as the server checks it (spec §2): `Authorization: LF {keyId}/{sign}` (else 401 / CB-99-9401), a
 * `timestamp` within the allowed skew of the simulator's clock, and an RSA-SHA1 signature over the message rebuilt
 * from the request as received — path, headers, decoded query, parsed body (else 403 / CB-99-9403). The message
 * comes from the core's builder, the one clients sign with, so both sides cannot drift apart.
 */

export interface ReceivedRequest {
	/** As received, with /cube/v4 when the client sent it: x-sign-uri is the path the client signed. */
	path: string;
	headers: Record<string, string | string[] | undefined>;
	query: Record<string, string | string[]>;
	body?: Record<string, unknown>;
}

export interface VerifyOptions {
	keys: Map<string, KeyObject>;
	now: number;
	skewMs: number;
	settings?: SignV2Settings;
}

const AUTHORIZATION = /^LF ([^/\s]+)\/(\S+)$/;
const DIGITS = /^\d+$/;

const header = (headers: ReceivedRequest['headers'], name: string) => {
	const value = headers[name];
	return Array.isArray(value) ? value[0] : value;
};

/** The key id of a request that passes; throws CurrentError otherwise. */
export function verifyRequest(request: ReceivedRequest, options: VerifyOptions): string {
	const authorization = header(request.headers, 'authorization');
	if (!authorization) throw new CurrentError('authorizationMissing');
	// The key id ends at the first "/": a Base64 signature may contain "/" itself.
	const match = AUTHORIZATION.exec(authorization);
	if (!match) throw new CurrentError('authorizationMissing', 'Authorization must be "LF {keyId}/{sign}"');
	const [, keyId, signature] = match;
	const publicKey = options.keys.get(keyId);
	if (!publicKey) throw new CurrentError('authenticationFailed', `unknown key id ${keyId}`);
	const timestamp = header(request.headers, 'timestamp');
	if (!timestamp || !DIGITS.test(timestamp)) throw new CurrentError('authenticationFailed', 'the timestamp header must be epoch milliseconds');
	const skew = Math.abs(options.now - Number(timestamp));
	if (!(skew <= options.skewMs))
		throw new CurrentError('authenticationFailed', `timestamp ${timestamp} is ${Math.round(skew / 1000)} s away from the server time (allowed ±${Math.round(options.skewMs / 1000)} s)`);
	const nonce = header(request.headers, 'nonce');
	if (!nonce) throw new CurrentError('authenticationFailed', 'the nonce header is missing');
	const message = signV2Message({ path: request.path, timestamp, nonce, query: request.query, body: request.body }, options.settings);
	if (!verify('sha1', Buffer.from(message, 'utf8'), publicKey, Buffer.from(signature, 'base64'))) throw new CurrentError('authenticationFailed', 'signature mismatch');
	return keyId;
}
