// One lint for every package. The n8n package (credentials/, nodes/, package.json) gets n8n's own community-node
// config (what `n8n-node lint` runs; the CLI itself can't be used here: in strict mode it insists on an unmodified
// config, which would lint the whole monorepo against the community-node rules). The other packages' sources
// get typescript-eslint's recommended rules — the same typescript-eslint instance n8n's config brings.
import { config } from '@n8n/node-cli/eslint';

const N8N_SOURCES = ['credentials/**/*.ts', 'nodes/**/*.ts'];
const PACKAGE_SOURCES = ['packages/{core,simulator,node-red,testkit}/src/**/*.ts'];
const typescriptRecommended = config.filter((c) => /^typescript-eslint\//.test(c.name ?? ''));

export default [
	{ ignores: ['*', '!credentials', '!nodes', '!package.json', '!packages', '**/*.test.ts', '**/dist/**', 'packages/*/test/**', 'packages/*/*.mjs', 'packages/*/src/**/*.js'] },
	...config.map((c) => (c.files?.includes('**/*.ts') ? { ...c, files: N8N_SOURCES } : c)),
	{
		// The core is a package (bundled by build.mjs), not a folder to reach into.
		files: N8N_SOURCES,
		rules: { 'no-restricted-imports': ['error', { patterns: [{ group: ['**/packages/*/src/**', '**/packages/*/src'], message: 'Import @linksfield-cube/core by name.' }] }] },
	},
	...typescriptRecommended.map((c) => ({ ...c, files: PACKAGE_SOURCES })),
	{
		files: PACKAGE_SOURCES,
		rules: {
			// `_name` marks a value taken out on purpose (a destructured field left behind, an unused argument).
			'@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
			// Node-RED's node constructors name their `this` "node", as Node-RED's own nodes do.
			'@typescript-eslint/no-this-alias': ['error', { allowedNames: ['node'] }],
			// A path reference declares a module that ships no types (proxy-from-env) for the core's own build.
			'@typescript-eslint/triple-slash-reference': ['error', { path: 'always', types: 'prefer-import', lib: 'always' }],
		},
	},
];
