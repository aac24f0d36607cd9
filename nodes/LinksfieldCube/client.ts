import { CubeClient, type CubeClientOptions } from '../../packages/core/src/client';
import type { Environment, Language } from '../../packages/core/src/environments';
import { CREDENTIAL_TYPE, n8nTransport, type RequestingContext } from './transport';

/**
 * A CubeClient for one node run: environment and access code from the credential, requests through n8n.
 * The secret is deliberately not given to the client — the credential's `authenticate` signs.
 */
export async function cubeClientFor(ctx: RequestingContext, options: Partial<CubeClientOptions> = {}): Promise<CubeClient> {
	const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
	const environment = String(credentials.environment || 'production') as Environment;
	return new CubeClient({
		environment,
		baseUrl: environment === 'custom' ? String(credentials.baseUrl ?? '') || undefined : undefined,
		accessCode: String(credentials.accessCode ?? ''),
		language: String(credentials.language || 'en-US') as Language,
		...options,
		transport: n8nTransport(ctx),
	});
}
