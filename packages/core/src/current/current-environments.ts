import { checkedBaseUrl } from '../client/environments';
import { CubeValidationError } from '../results/errors';

/**
 * Where the current API lives (spec current §1.1). Every base URL ends in `/cube/v4`: the paths of the catalog are
 * below it and sign v2 signs the full request path (`x-sign-uri` = `/cube/v4/sims/…`). The legacy list
 * (environments.ts) is not reused: its `productionV3` host serves the legacy API only, and the current API's
 * production host is the one its overview page documents.
 */

export type CurrentEnvironment = 'production' | 'productionIo' | 'uat' | 'custom';

export const CURRENT_ENVIRONMENTS: { value: CurrentEnvironment; name: string; baseUrl: string; description: string }[] = [
	{ value: 'production', name: 'Production', baseUrl: 'https://api.linksfield.net/cube/v4', description: 'api.linksfield.net/cube/v4 — the host of the vendor\'s overview page' },
	{
		value: 'productionIo',
		name: 'Production (api.io)',
		baseUrl: 'https://api.io.linksfield.net/cube/v4',
		description: 'api.io.linksfield.net/cube/v4 — the host of the vendor\'s sign v2 example; which host is canonical is not documented',
	},
	{ value: 'uat', name: 'UAT', baseUrl: 'https://api-uat.io.linksfield.net/cube/v4', description: 'The vendor\'s test environment (that it serves this API is not confirmed)' },
	{ value: 'custom', name: 'Custom', baseUrl: '', description: 'Any base URL: the local simulator (…/cube/v4), a proxy' },
];

/** The base URL of a named environment, or a custom one checked (`custom`, or any environment when `baseUrl` is given). */
export function currentBaseUrlFor(environment: CurrentEnvironment | string | undefined, baseUrl?: string): string {
	if (baseUrl !== undefined && baseUrl !== '') return checkedBaseUrl(baseUrl);
	const env = CURRENT_ENVIRONMENTS.find((e) => e.value === (environment ?? 'production'));
	if (!env) throw new CubeValidationError('configuration', 'environment', `must be one of ${CURRENT_ENVIRONMENTS.map((e) => e.value).join(', ')} for the current API`);
	if (!env.baseUrl) throw new CubeValidationError('configuration', 'baseUrl', 'is required for the Custom environment');
	return env.baseUrl;
}
