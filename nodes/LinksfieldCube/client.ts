import { sleep } from 'n8n-workflow';
import { CubeClient, type CubeClientOptions, type Environment, type Language } from '@linksfield-cube/core';
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
