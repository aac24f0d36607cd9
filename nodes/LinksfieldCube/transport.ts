import type { IExecuteFunctions, IHttpRequestOptions, ILoadOptionsFunctions, IN8nHttpFullResponse, IPollFunctions } from 'n8n-workflow';
import { requestUrl, transportErrorFrom, type Transport } from '@linksfield-cube/core';
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
		const options: IHttpRequestOptions = {
			method: req.method ?? 'POST',
			url: requestUrl(req),
			headers: req.headers,
			...(req.body === undefined ? {} : { body: req.body as IHttpRequestOptions['body'] }),
			json: true,
			timeout: req.timeoutMs,
			// n8n's timeout is the socket's idle time: a caller's deadline (the plan picker's) ends a trickling answer.
			...(req.signal ? { abortSignal: req.signal } : {}),
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
			throw transportErrorFrom(networkCause(err), { trustAdvice: NODE_TRUST_ADVICE });
		}
	};
}
