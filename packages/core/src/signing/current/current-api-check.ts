import { readCurrentResponse } from '../../client/current-response';
import { checkedBaseUrl, type Language } from '../../client/environments';
import { CubeApiError, CubeValidationError, toPlainError, type PlainError } from '../../results/errors';
import { SignV2Signer } from './sign-v2-signer';
import type { SigningSetting } from '../legacy/signing-diagnosis';
import { transportErrorFrom, type Transport } from '../../transport/transport';

/**
 * Does a current-API key work? One signed read-only request, `GET /sims?page_size=1` (the cheapest call that needs a
 * valid key and returns the organisation's SIM count), read by readCurrentResponse, whose 401/403 diagnosis names the
 * settings to fix: the key id, the key pair (private key), the environment, this machine's clock. The command line's
 * `check --api current` prints it; the n8n credential's Test and the Node-RED Test button can call it alike (no Node
 * import here: it sends through the transport it is given).
 */

export interface CurrentApiCheckOptions {
	transport: Transport;
	/** The current API's base URL, ending in /cube/v4. */
	baseUrl: string;
	keyId: string;
	/** PEM text (PKCS#1 or PKCS#8). */
	privateKey: string;
	language?: Language;
	timeoutMs?: number;
	/** Epoch ms: what the request is signed with and the server's Date is compared to. */
	now?: () => number;
	signal?: AbortSignal;
}

export interface CurrentApiCheckReport {
	/** The key, the clock and the environment were accepted. */
	ok: boolean;
	/** The request as made (`GET /cube/v4/sims?page_size=1`), or null when nothing could be sent. */
	request: string | null;
	/** What came back, in one line: "accepted", or the HTTP status, code and message. */
	answer: string;
	/** The organisation's SIM count (`total_count`), when accepted and the answer carries it. */
	simCount?: number;
	/** What to fix, most likely first: 'clock' | 'keyId' | 'privateKey' (the key pair) | 'environment'. */
	settings: SigningSetting[];
	/** One or two sentences naming them, in the requested language. */
	hint?: string;
	/** The failure as a node reports it; absent when accepted. */
	error?: PlainError;
	/** Nothing about the key was learnt: the API rate-limited the check or failed on its side; try again later. */
	interrupted?: 'rate-limited' | 'server-error';
}

const OPERATION = 'check';
const QUERY = { page_size: '1' };

/** A server that says the key id is what it refused (the simulator does: "unknown key id …") is believed first. */
const KEY_ID_WORDS = /key\s?_?id|密钥\s?id/i;

function refusedBeforeSending(err: CubeValidationError): CurrentApiCheckReport {
	const setting: SigningSetting = err.field === 'keyId' ? 'keyId' : err.field === 'baseUrl' ? 'environment' : 'privateKey';
	// The signer's message names the setting and what is wrong with it, never the key.
	return { ok: false, request: null, answer: 'not sent', settings: [setting], hint: err.message, error: toPlainError(err) };
}

export async function checkCurrentApi(options: CurrentApiCheckOptions): Promise<CurrentApiCheckReport> {
	const now = options.now ?? Date.now;
	let signer: SignV2Signer;
	let base: URL;
	try {
		base = new URL(checkedBaseUrl(options.baseUrl));
		signer = new SignV2Signer({ keyId: options.keyId, privateKey: options.privateKey, now });
	} catch (err) {
		if (err instanceof CubeValidationError) return refusedBeforeSending(err);
		throw err;
	}
	const path = `${base.pathname.replace(/\/+$/, '')}/sims`;
	const request = `GET ${path}?page_size=1`;
	const url = `${base.origin}${path}`;
	const headers = { 'Accept-Language': options.language ?? 'en-US', ...signer.sign({ method: 'GET', path, query: QUERY }).headers };
	let res;
	try {
		res = await options.transport({ method: 'GET', url, query: QUERY, headers, timeoutMs: options.timeoutMs ?? 15000, signal: options.signal });
	} catch (err) {
		const failure = transportErrorFrom(err, { url });
		const zh = options.language === 'zh-CN';
		const error = new CubeApiError({ operation: OPERATION, kind: failure.failure === 'timeout' ? 'timeout' : 'connection', detail: failure.detail, outcome: 'failed', attempts: 1 });
		return {
			ok: false,
			request,
			answer: `no answer (${failure.detail})`,
			settings: ['environment'],
			hint: zh ? '没有收到回应:请检查环境 / Base URL、代理或网络。' : 'No answer: check the environment (the base URL), a proxy, or the network.',
			error: toPlainError(error),
		};
	}
	const reading = readCurrentResponse(res, { language: options.language, now: now() });
	if (reading.ok) {
		const simCount = reading.totalCount;
		return { ok: true, request, answer: 'accepted', settings: [], ...(simCount === undefined ? {} : { simCount }) };
	}
	const answer = [`HTTP ${reading.httpStatus}`, reading.code, reading.vendorMessage ?? reading.detail].filter(Boolean).join(' ');
	let settings: SigningSetting[] = reading.settings ?? [];
	let hint = reading.hint;
	if (reading.kind === 'authentication' && KEY_ID_WORDS.test(reading.vendorMessage ?? '') && settings.includes('keyId')) {
		settings = ['keyId', ...settings.filter((s) => s !== 'keyId')];
	}
	if (reading.kind === 'http' && reading.httpStatus === 404) {
		// GET /sims exists on every current API: a 404 is a base URL that does not point at it.
		settings = ['environment'];
		hint = options.language === 'zh-CN' ? '路径不存在:当前版 API 的 Base URL 以 /cube/v4 结尾。' : "Path not found: check the environment (the current API's base URL ends in /cube/v4).";
	}
	const { ok: _ok, transient: _t, notProcessed: _n, retryAfterMs: _r, documentation: _d, ...init } = reading;
	const error = new CubeApiError({ ...init, settings: settings.length ? settings : undefined, hint, operation: OPERATION, outcome: 'failed', attempts: 1 });
	const interrupted = reading.kind === 'rate-limited' ? 'rate-limited' : reading.kind === 'server' ? 'server-error' : undefined;
	return { ok: false, request, answer, settings, ...(hint ? { hint } : {}), error: toPlainError(error), ...(interrupted ? { interrupted } : {}) };
}
