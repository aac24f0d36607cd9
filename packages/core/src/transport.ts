/**
 * The one thing the client needs from the network: POST a JSON body, get status + body back.
 * Node-RED uses the default node:http keep-alive transport; the n8n node passes one built on n8n's own HTTP helper.
 */

export interface TransportRequest {
	url: string;
	headers: Record<string, string>;
	/** The body as an object: a transport that signs (n8n's credential) adds the global params to it. */
	body: Record<string, unknown>;
	timeoutMs: number;
	signal?: AbortSignal;
}

export interface TransportResponse {
	status: number;
	headers: Record<string, string | string[] | undefined>;
	/** Raw text, or an already-parsed value when the transport parses JSON itself. */
	body: unknown;
}

export type Transport = (request: TransportRequest) => Promise<TransportResponse>;

export type TransportFailure = 'timeout' | 'reset' | 'refused' | 'aborted' | 'other';

/**
 * A request that got no HTTP answer. `maybeSent` is false only when the request certainly never reached
 * the server (connection refused, DNS failure): only then may a write be repeated.
 */
export class TransportError extends Error {
	readonly failure: TransportFailure;
	readonly maybeSent: boolean;
	readonly detail: string;
	constructor(failure: TransportFailure, detail: string) {
		super(`${failure}: ${detail}`);
		this.name = 'TransportError';
		this.failure = failure;
		this.detail = detail;
		this.maybeSent = failure !== 'refused';
	}
}

const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const RESET = new Set(['ECONNRESET', 'EPIPE', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET', 'ERR_BAD_RESPONSE']);

/** Maps a network error code (Node / n8n helper) to a TransportError. */
export function transportErrorFrom(err: unknown): TransportError {
	if (err instanceof TransportError) return err;
	const e = err as { code?: string; name?: string; message?: string; cause?: { code?: string } };
	const code = e?.code ?? e?.cause?.code ?? '';
	if (e?.name === 'CanceledError' || e?.name === 'AbortError' || code === 'ERR_CANCELED') return new TransportError('aborted', 'request aborted');
	if (NOT_SENT.has(code)) return new TransportError('refused', code);
	if (TIMEOUT.has(code) || /timeout/i.test(e?.message ?? '')) return new TransportError('timeout', code || 'timeout');
	if (RESET.has(code) || /socket hang up/i.test(e?.message ?? '')) return new TransportError('reset', code || 'socket hang up');
	return new TransportError('other', code || e?.name || 'network error');
}
