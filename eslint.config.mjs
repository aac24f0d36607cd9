// n8n's own community-node lint config (what `n8n-node lint` runs), applied to the n8n package's sources
// only: credentials/, nodes/ and package.json. `n8n-node lint` itself can't be used here: in strict mode it
// insists on an unmodified config, which would lint the whole monorepo (core, simulator, Node-RED package,
// tests, benchmarks) against the community-node rules.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['*', '!credentials', '!nodes', '!package.json', '**/*.test.ts'] },
	...config,
	{
		// The core is a package (bundled by build.mjs), not a folder to reach into.
		files: ['credentials/**/*.ts', 'nodes/**/*.ts'],
		rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/packages/*/src/**', '**/packages/*/src'], message: 'Import @linksfield-cube/core by name.' }] }] },
	},
];
