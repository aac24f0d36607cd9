// Builds the n8n community package into dist/: each node and the credential bundled on its own (CommonJS,
// Node 20) with the shared core inlined, so the published package has no runtime dependencies.
// n8n-workflow is provided by n8n itself. The nodes always give the core n8n's own HTTP helper as its
// transport; the core's node:http fallback is bundled but never used here.
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const dist = join(root, 'dist');
const nodeDirs = readdirSync(join(root, 'nodes'), { withFileTypes: true })
	.filter((d) => d.isDirectory() && d.name !== 'icons' && d.name !== 'examples')
	.map((d) => d.name);

rmSync(dist, { recursive: true, force: true });
await build({
	absWorkingDir: root,
	entryPoints: [
		'credentials/LinksfieldCubeApi.credentials.ts',
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
	logLevel: 'warning',
});

mkdirSync(join(dist, 'nodes', 'icons'), { recursive: true });
cpSync(join(root, 'nodes', 'icons'), join(dist, 'nodes', 'icons'), { recursive: true });
for (const name of nodeDirs) cpSync(join(root, 'nodes', name, `${name}.node.json`), join(dist, 'nodes', name, `${name}.node.json`));
console.log(`build:n8n → dist/ (${nodeDirs.length} nodes, 1 credential)`);
