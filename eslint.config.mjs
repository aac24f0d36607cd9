// n8n's own community-node lint config (what `n8n-node lint` runs), limited to the n8n package's sources.
// `n8n-node lint` itself can't be used here: in strict mode it insists on an unmodified config, which would
// lint the whole monorepo (core, simulator, Node-RED package, tests) against the community-node rules.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['dist/**', 'packages/**', 'test/**', '**/*.test.ts', 'nodes/build.mjs', '**/node_modules/**', 'coverage/**', 'eslint.config.mjs', 'jest.config.js'] },
	...config,
];
