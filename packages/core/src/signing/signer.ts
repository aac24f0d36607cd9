import type { Language } from '../client/language';
import type { CurrentSigningSetting } from './current/current-settings';
import type { LegacySigningSetting } from './legacy/legacy-settings';

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
	/**
	 * Sign v2: the nonce of an earlier attempt, to send it again. Only for the one write the vendor deduplicates by
	 * nonce (SMS send within 10 s, spec current §5.13); otherwise every attempt gets a fresh one.
	 */
	nonce?: number;
}

export interface SignedRequest {
	/** Headers to add to the request's own. */
	headers: Record<string, string>;
	/** The body to send: the request's body, or a new one when the scheme signs inside the body. */
	body?: Record<string, unknown>;
}

export type SigningScheme = 'legacy-hmac' | 'sign-v2';

/** The settings a refusal's diagnosis can point at, as both UIs name them: each scheme's own. */
export type SigningSetting = LegacySigningSetting | CurrentSigningSetting;

/** What the server answered when it refused a signed request. */
export interface Refusal {
	code?: string;
	vendorMessage?: string;
	httpStatus?: number;
}

export interface RefusalContext {
	/** The request that was refused, as it was signed. */
	request: SignableRequest;
	language?: Language;
	/** A request of the same client was accepted before: the credentials are right. */
	acceptedBefore: boolean;
}

/** Which settings to check, most likely first, and a sentence naming them in the client's language. */
export interface SigningDiagnosis {
	settings: SigningSetting[];
	hint: string;
}

export interface Signer {
	readonly scheme: SigningScheme;
	sign(request: SignableRequest): SignedRequest;
	/** When the server refused a request: whether the refusal is about signing, and then what to check. */
	diagnose?(refusal: Refusal, context: RefusalContext): SigningDiagnosis | undefined;
}
