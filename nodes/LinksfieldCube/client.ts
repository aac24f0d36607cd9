import { sleep } from 'n8n-workflow';
import { createCurrentClient, CubeClient, type CubeClientOptions, type Environment, type Language } from '@linksfield-cube/core';
import { KEY_PAIR_CREDENTIAL_TYPE, keyPairSettings } from '../../credentials/key-pair-settings';
import { credentialSigning } from '../../credentials/LinksfieldCubeApi.credentials';
import { CREDENTIAL_TYPE, n8nTransport, type RequestingContext } from './transport';

/**
 * A CubeClient for one node run: environment, access code and secret from the credential (read once per run),
 * requests through n8n's HTTP helper, waits through n8n-workflow's sleep (n8n's rules forbid timers in a
 * node). The client signs each attempt with the same core function the credential's `authenticate` uses: resolving the credential for every request through
 * httpRequestWithAuthentication cost about 3.5 ms a request in n8n 2.40 (npm run bench, figure runtimes).
 */
export async function cubeClientFor(ctx: RequestingContext, options: Partial<CubeClientOptions> = {}): Promise<CubeClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const environment = String(credentials.environment || 'production') as Environment;
	return new CubeClient({
		environment,
		baseUrl: environment === 'custom' ? String(credentials.baseUrl ?? '') || undefined : undefined,
		...credentialSigning(credentials),
		language: String(credentials.language || 'en-US') as Language,
		...options,
		transport: n8nTransport(ctx, { skipSslCertificateValidation: credentials.ignoreSslIssues === true }),
		sleep,
	});
}

/**
 * A client of the current API for one node run, from the key-pair credential: the core's createCurrentClient (sign v2
 * signer, the vendor's 10 requests a second and 3 in flight) over n8n's HTTP helper and sleep. A key that cannot sign
 * is refused here, before anything is sent, naming the setting and never the key.
 */
export async function currentClientFor(ctx: RequestingContext): Promise<CubeClient> {
	const credentials = await ctx.getCredentials(KEY_PAIR_CREDENTIAL_TYPE);
	return createCurrentClient({
		...keyPairSettings(credentials),
		transport: n8nTransport(ctx, { skipSslCertificateValidation: credentials.ignoreSslIssues === true }),
		sleep,
	});
}

/** The client of the API the node is set to. */
export const clientFor = (ctx: RequestingContext, api: 'current' | 'legacy'): Promise<CubeClient> => (api === 'current' ? currentClientFor(ctx) : cubeClientFor(ctx));
