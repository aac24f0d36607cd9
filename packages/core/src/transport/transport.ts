/**
 * The one thing the client needs from the network: send a request of any method (a query, a JSON body), get
 * status + body back. Node-RED uses the axios transport of the core's Node entry (node.ts); the n8n node passes
 * one built on n8n's own HTTP helper. This file is shared by both, so it imports nothing from Node.
 */

export interface TransportRequest {
	/** POST when absent: every legacy call is one. */
	method?: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';
	/** The base URL and the path, without a query. */
	url: string;
	/** Query parameters, decoded, as text: the transport puts them in the URL (requestUrl). */
	query?: Record<string, string>;
	headers: Record<string, string>;
	/** The JSON body, when the request has one (a GET has none). A transport that signs (n8n's credential) adds the global params to it. */
	body?: Record<string, unknown>;
	timeoutMs: number;
	signal?: AbortSignal;
}

/** `?name=value&…` percent-encoded, or '' when there is none. */
export function queryString(query: Record<string, string> = {}): string {
	// encodeURIComponent, not URLSearchParams: a space is %20 (never "+"), as sign v2 signs it, and nothing outside the core's globals.
	const text = Object.entries(query)
		.map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
		.join('&');
	return text === '' ? '' : `?${text}`;
}

/** The URL a transport sends a request to: its URL and its query. */
export function requestUrl(request: Pick<TransportRequest, 'url' | 'query'>): string {
	return request.url + queryString(request.query);
}

/** The JSON text of a request's body, or undefined when it has none. */
export function bodyText(request: Pick<TransportRequest, 'body'>): string | undefined {
	return request.body === undefined ? undefined : JSON.stringify(request.body);
}

export interface TransportResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** Raw text, or an already-parsed value when the transport parses JSON itself. */
	body: unknown;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

/**
 * refused: DNS failure or connection refused (the server or the proxy); tls: handshake or certificate failure;
 * proxy: the proxy refused the CONNECT tunnel. None of these let a single byte of the request out.
 */
export type TransportFailure = 'timeout' | 'reset' | 'refused' | 'tls' | 'proxy' | 'aborted' | 'other';

/**
 * A request that got no HTTP answer. `maybeSent` is false only when the request certainly never reached
 * the server: only then may a write be repeated, and only then is a failed write's outcome "failed".
 * `retryable` is false where repeating cannot help (an untrusted certificate, a proxy that says no).
 */
export class TransportError extends Error {
	readonly failure: TransportFailure;
	readonly maybeSent: boolean;
	readonly retryable: boolean;
	readonly detail: string;
	/** `known` overrides what the failure class implies, where the moment of the failure says more (a reset before TLS was up). */
	constructor(failure: TransportFailure, detail: string, known: { maybeSent?: boolean; retryable?: boolean } = {}) {
		super(`${failure}: ${detail}`);
		this.name = 'TransportError';
		this.failure = failure;
		this.detail = detail;
		this.maybeSent = known.maybeSent ?? !PRE_SEND.has(failure);
		this.retryable = known.retryable ?? (failure !== 'aborted' && failure !== 'tls' && failure !== 'proxy');
	}
}

const PRE_SEND = new Set<TransportFailure>(['refused', 'tls', 'proxy']);
const DNS = new Set(['ENOTFOUND', 'EAI_AGAIN']);
const NOT_SENT = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ERR_BAD_RESPONSE']);
/** OpenSSL's verification codes (Node puts them on err.code) and Node's own TLS codes. */
const CERTIFICATE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS_CERT_ALTNAME_INVALID/;
const HANDSHAKE = /^(ERR_SSL_|ERR_TLS_|EPROTO$)/;
/**
 * Node's words for a TLS socket closed before its handshake completed. The request is written only once the
 * connection is secure, so none of it has left.
 */
const BEFORE_TLS = /before secure TLS connection was established/;

function certificateWords(code: string, trustAdvice: string | undefined, whose = "the server's"): string {
	if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return `${whose} certificate is not valid for this host name (${code})`;
	if (code === 'CERT_HAS_EXPIRED') return `${whose} certificate has expired (${code})`;
	return `${whose} certificate is not trusted (${code})${trustAdvice ? ` — ${trustAdvice}` : ''}`;
}

/** Where a request was going, so an error can say whether the server or the proxy failed. */
export interface TransportTarget {
	url?: string;
	/** The proxy the request went through, if any. */
	proxy?: string;
	/** How to trust a server's CA in this runtime, appended to an untrusted-certificate error (each runtime has its own way). */
	trustAdvice?: string;
	/**
	 * The failure came while the connection to the proxy or its tunnel was being opened (its TLS, its answer to
	 * CONNECT): the proxy is the one that failed, and none of the request has left.
	 */
	atProxy?: boolean;
}

const hostPort = (raw: string) => {
	const u = new URL(raw);
	return `${u.hostname}:${u.port || (u.protocol === 'https:' ? '443' : '80')}`;
};

/** Maps a network error (Node, axios, hpagent, n8n's helper) to a TransportError that says what failed in plain words. */
export function transportErrorFrom(err: unknown, target: TransportTarget = {}): TransportError {
	if (err instanceof TransportError) return err;
	const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string; message?: string } };
	const code = e?.code ?? e?.cause?.code ?? '';
	const message = e?.message ?? e?.cause?.message ?? '';
	const via = target.proxy ? `proxy ${hostPort(target.proxy)}` : undefined;
	if (e?.name === 'CanceledError' || e?.name === 'AbortError' || code === 'ERR_CANCELED') return new TransportError('aborted', 'request aborted');
	// hpagent: the proxy answered the CONNECT with something other than 200.
	const tunnel = /^Bad response: (\d+)/.exec(message);
	if (tunnel) return new TransportError('proxy', `${via ?? 'the proxy'} refused the tunnel (HTTP ${tunnel[1]})`);
	if (/^Proxy timeout/.test(message)) return new TransportError('timeout', `${via ?? 'the proxy'} did not answer`);
	// With a proxy, the client itself only ever resolves and connects to the proxy.
	if (DNS.has(code)) {
		const host = target.proxy ? `proxy host ${new URL(target.proxy).hostname}` : target.url ? `host ${new URL(target.url).hostname}` : 'the host';
		return new TransportError('refused', `${host} not found (${code})`);
	}
	if (NOT_SENT.has(code)) {
		const who = via ?? (target.url ? hostPort(target.url) : 'the server');
		return new TransportError('refused', `${who} ${code === 'ECONNREFUSED' ? 'refused the connection' : 'is unreachable'} (${code})`);
	}
	const atProxy = target.atProxy === true && via !== undefined;
	if (CERTIFICATE.test(code)) return new TransportError('tls', certificateWords(code, target.trustAdvice, atProxy ? `${via}'s` : undefined));
	if (HANDSHAKE.test(code)) return new TransportError('tls', `the TLS handshake ${atProxy ? `with ${via} ` : ''}failed (${code})`);
	const closed = code || 'socket hang up';
	if (BEFORE_TLS.test(message)) {
		const whose = atProxy ? `${via} closed the connection` : via ? `the connection through ${via} closed` : `${target.url ? hostPort(target.url) : 'the server'} closed the connection`;
		return new TransportError('reset', `${whose} before the TLS handshake completed (${closed})`, { maybeSent: false });
	}
	if (atProxy && (RESET.has(code) || /socket hang up/i.test(message))) {
		return new TransportError('reset', `${via} closed the connection before the tunnel opened (${closed})`, { maybeSent: false });
	}
	// Node refuses a request whose URL or agent does not fit its protocol before writing anything.
	if (code === 'ERR_INVALID_PROTOCOL') return new TransportError('other', `the request could not be sent: ${message} (${code})`, { maybeSent: false, retryable: false });
	if (TIMEOUT.has(code) || /timeout/i.test(message)) return new TransportError('timeout', code || 'timeout');
	if (RESET.has(code) || /socket hang up/i.test(message)) return new TransportError('reset', code || 'socket hang up');
	return new TransportError('other', code || e?.name || 'network error');
}
