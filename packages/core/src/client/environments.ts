import { CubeValidationError } from '../results/errors';

export { LANGUAGES, type Language } from './language';

/** Where the old-version Cube API lives (spec §1). */

export type Environment = 'production' | 'productionV3' | 'uat' | 'custom';

export const ENVIRONMENTS: { value: Environment; name: string; baseUrl: string; description: string }[] = [
	{
		value: 'production',
		name: 'Production',
		baseUrl: 'https://api.io.linksfield.net/cube/v4',
		description: 'api.io.linksfield.net/cube/v4 — host family of the UAT server (inferred; confirm with Linksfield)',
	},
	{
		value: 'productionV3',
		name: 'Production (apiv3)',
		baseUrl: 'https://apiv3.linksfield.net',
		description: 'apiv3.linksfield.net — the production host named on the vendor\'s overview page',
	},
	{ value: 'uat', name: 'UAT', baseUrl: 'https://api-uat.io.linksfield.net/cube/v4', description: 'The vendor\'s test environment' },
	{ value: 'custom', name: 'Custom', baseUrl: '', description: 'Any base URL: the local simulator, a proxy' },
];

/**
 * A custom base URL, checked before anything is sent: an unusable one would otherwise surface as a network
 * failure — for a write, "outcome unknown" although nothing left the machine.
 */
export function checkedBaseUrl(raw: string): string {
	const fail = (rule: string) => new CubeValidationError('configuration', 'baseUrl', rule);
	const trimmed = typeof raw === 'string' ? raw.trim() : '';
	let url: URL;
	try {
		url = new URL(trimmed);
	} catch {
		throw fail(`must be an http(s) URL such as http://127.0.0.1:8787 or https://host/cube/v4, got "${trimmed.slice(0, 60)}"`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw fail(`must start with http:// or https://, got ${url.protocol}`);
	if (url.username || url.password) throw fail('must not carry a user name or password');
	if (url.search || url.hash) throw fail('must not carry a query (?…) or fragment (#…): paths are appended to it');
	return trimmed.replace(/\/+$/, '');
}

export function baseUrlFor(environment: Environment | string, customBaseUrl?: string): string {
	if (environment === 'custom') {
		if (!customBaseUrl) throw new CubeValidationError('configuration', 'baseUrl', 'is required for the Custom environment');
		return checkedBaseUrl(customBaseUrl);
	}
	const env = ENVIRONMENTS.find((e) => e.value === environment);
	if (!env) throw new Error(`Unknown environment "${environment}"`);
	return env.baseUrl;
}
