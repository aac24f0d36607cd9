import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';
import { requestUrl, TransportError, transportErrorFrom, type Transport } from '@linksfield-cube/core';
import { NODE_TRUST_ADVICE } from '../../credentials/LinksfieldCubeApi.credentials';

export const CREDENTIAL_TYPE = 'linksfieldCubeApi';

export type RequestingContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** n8n wraps network failures in NodeApiError; the socket's code (ECONNREFUSED, ETIMEDOUT…) is on the cause. */
function networkCause(err: unknown): unknown {
	const cause = (err as { cause?: unknown })?.cause;
	return cause && typeof cause === 'object' ? cause : err;
}

/**
 * The core's Transport on top of n8n's HTTP helper, so n8n's proxy / TLS settings apply: any method, the query
 * in the URL, a JSON body when the request has one (signed by the client). HTTP errors and redirects are handed back as status + body, not thrown or followed: the
 * core decides what is retried and what an error says.
 */
export function n8nTransport(ctx: RequestingContext, tls: { skipSslCertificateValidation?: boolean } = {}): Transport {
	return async (req) => {
		// The timeout bounds the whole attempt, answer included, as in the core's own transport: n8n's `timeout` is the
		// socket's idle time, so a server sending a byte now and then held a request far beyond it. 0: no timeout.
		const deadline = req.timeoutMs > 0 ? AbortSignal.timeout(req.timeoutMs) : undefined;
		const signal = deadline && req.signal ? AbortSignal.any([req.signal, deadline]) : (deadline ?? req.signal);
		const options: IHttpRequestOptions = {
			method: req.method ?? 'POST',
			url: requestUrl(req),
			headers: req.headers,
			...(req.body === undefined ? {} : { body: req.body as IHttpRequestOptions['body'] }),
			json: true,
			timeout: req.timeoutMs,
			// The attempt's deadline, and the caller's signal (the plan picker's deadline, a closing client).
			...(signal ? { abortSignal: signal } : {}),
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// n8n follows up to 21 redirects by default: a 307/308 would re-send the signed body (to the same URL: a
			// second renewal; to another host: a valid signed write for a stranger), a 301/302/303 would report a GET's
			// answer as the write's. The 3xx comes back as it is and the core says what it means.
			disableFollowRedirect: true,
			// The credential's "Ignore SSL Issues (Insecure)"; off by default.
			skipSslCertificateValidation: tls.skipSslCertificateValidation === true,
		};
		try {
			const res = (await ctx.helpers.httpRequest(options)) as IN8nHttpFullResponse;
			return { status: res.statusCode, headers: res.headers as Record<string, string>, body: res.body };
		} catch (err) {
			// Cut by the deadline: a timeout like the idle one — maybe sent (a write's outcome unknown, never repeated), a read may go again.
			const cut = deadline?.aborted && !req.signal?.aborted ? new TransportError('timeout', `no complete answer within ${req.timeoutMs} ms`) : undefined;
			// The core's TransportError: the client turns it into its error (the node's NodeApiError is made from that).
			throw cut ?? transportErrorFrom(networkCause(err), { trustAdvice: NODE_TRUST_ADVICE });
		}
	};
}
