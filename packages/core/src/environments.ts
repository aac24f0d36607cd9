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

export function baseUrlFor(environment: Environment | string, customBaseUrl?: string): string {
	if (environment === 'custom') {
		if (!customBaseUrl) throw new Error('A custom environment needs a base URL');
		return customBaseUrl.replace(/\/+$/, '');
	}
	const env = ENVIRONMENTS.find((e) => e.value === environment);
	if (!env) throw new Error(`Unknown environment "${environment}"`);
	return env.baseUrl;
}

export type Language = 'en-US' | 'zh-CN';
export const LANGUAGES: { value: Language; name: string }[] = [
	{ value: 'en-US', name: 'English (en-US)' },
	{ value: 'zh-CN', name: 'Chinese (zh-CN)' },
];
