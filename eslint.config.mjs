// n8n's own community-node lint config (what `n8n-node lint` runs), applied to the n8n package's sources
// only: credentials/, nodes/ and package.json. `n8n-node lint` itself can't be used here: in strict mode it
// insists on an unmodified config, which would lint the whole monorepo (core, simulator, Node-RED package,
// tests, benchmarks) against the community-node rules.
import { config } from '@n8n/node-cli/eslint';

export default [
	{ ignores: ['*', '!credentials', '!nodes', '!package.json', '**/*.test.ts', 'nodes/build.mjs'] },
	...config,
];
