// Builds the n8n community package into dist/: each node and the credential bundled on its own (CommonJS,
// Node 20) with the shared core inlined, so the published package has no runtime dependencies.
// n8n-workflow is provided by n8n itself. The core comes from its TypeScript source (tsconfig paths), so
// esbuild drops what the nodes do not use.
//
// n8n's scanner lints these bundles, core included: no timers, no node:http / node:events. The nodes import the
// core's shared entry, which has no HTTP client (axios lives in the Node entry, node.ts), and always give the
// client n8n's HTTP helper and n8n-workflow's sleep; the client's timer sleep is replaced here by a stub that
// fails loudly if anything ever reached it.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
const nodeDirs = readdirSync(join(root, 'nodes'), { withFileTypes: true })
	.filter((d) => d.isDirectory() && d.name !== 'icons' && d.name !== 'examples')
	.map((d) => d.name);

const NODE_ONLY_DEFAULTS = {
	'./timer-sleep': 'export function timerSleep() { throw new Error("the n8n nodes pass n8n-workflow\'s sleep"); }',
};
const withoutNodeDefaults = {
	name: 'without-node-defaults',
	setup(b) {
		const filter = new RegExp(`^(${Object.keys(NODE_ONLY_DEFAULTS).map((p) => p.replace(/[./]/g, '\\$&')).join('|')})$`);
		b.onResolve({ filter }, (args) => (/[\\/]packages[\\/]core[\\/]src[\\/]/.test(args.importer) ? { path: args.path, namespace: 'node-only-default' } : undefined));
		b.onLoad({ filter: /.*/, namespace: 'node-only-default' }, (args) => ({ contents: NODE_ONLY_DEFAULTS[args.path], loader: 'js' }));
	},
};

rmSync(dist, { recursive: true, force: true });
await build({
	absWorkingDir: root,
	entryPoints: [
		// Every credential type: the access code one (legacy API) and the key pair one (current API).
		...readdirSync(join(root, 'credentials')).filter((f) => f.endsWith('.credentials.ts')).map((f) => `credentials/${f}`),
		...nodeDirs.map((name) => `nodes/${name}/${name}.node.ts`),
	],
	outbase: '.',
	outdir: 'dist',
	bundle: true,
	platform: 'node',
	format: 'cjs',
	target: 'node20',
	external: ['n8n-workflow'],
	keepNames: true,
	plugins: [withoutNodeDefaults],
	logLevel: 'warning',
});

mkdirSync(join(dist, 'nodes', 'icons'), { recursive: true });
cpSync(join(root, 'nodes', 'icons'), join(dist, 'nodes', 'icons'), { recursive: true });
for (const name of nodeDirs) cpSync(join(root, 'nodes', name, `${name}.node.json`), join(dist, 'nodes', name, `${name}.node.json`));
console.log(`build:n8n → dist/ (${nodeDirs.length} nodes, ${readdirSync(join(root, "credentials")).filter((f) => f.endsWith(".credentials.ts")).length} credentials)`);
