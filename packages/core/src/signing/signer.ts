/**
 * The Signer port: what the client needs from a signing scheme. The client builds the request, hands it to its
 * signer, and sends the headers and body the signer returns. Each scheme (legacy/ HMAC in the body, current/ RSA
 * sign v2 in the headers) implements it, so the client, its retries and the runtimes never know which one is in use.
 *
 * A signer is called once per attempt: a retry is signed again and carries a fresh timestamp (and nonce).
 */

export interface SignableRequest {
	/** HTTP method, upper case. */
	method: string;
	/** The URL's path as sent, with the base URL's own path (`/cube/v4/sims/…`), without host or query. */
	path: string;
	/** Query parameters, decoded; an array is one parameter with several values. */
	query?: Record<string, unknown>;
	/** Headers the client already sends (Content-Type, Accept-Language); a signer never needs to change them. */
	headers?: Record<string, string>;
	/** The JSON body, when the request has one. */
	body?: Record<string, unknown>;
	/** The endpoint's API version (current API: `X-LF-Api-Version`), when the catalog names one. */
	apiVersion?: string;
}

export interface SignedRequest {
	/** Headers to add to the request's own. */
	headers: Record<string, string>;
	/** The body to send: the request's body, or a new one when the scheme signs inside the body. */
	body?: Record<string, unknown>;
}

export type SigningScheme = 'legacy-hmac' | 'sign-v2';

export interface Signer {
	readonly scheme: SigningScheme;
	sign(request: SignableRequest): SignedRequest;
}
