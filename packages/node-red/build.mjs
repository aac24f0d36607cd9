// Builds the Node-RED package into dist/ (CommonJS, what Node-RED's loader requires):
//   core.js                    the core's Node entry (axios transport included), bundled once, so all three node files share one
//                              CubeClient class and one CubeApiError class (no runtime dependencies)
//   <node>.js                  each node's runtime, requiring ./core.js
//   <node>.html                the editor, rendered from src/editor/<node>.html with the core's catalog
//   locales/<lang>/<node>.*    messages, and help rendered with the catalog's operation / code tables
//   icons/                     palette icons
import { build } from 'esbuild';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

const root = new URL('.', import.meta.url).pathname;
const dist = join(root, 'dist');
const NODES = { 'linksfield-cube-config': 'src/config-node.ts', 'linksfield-cube': 'src/action-node.ts', 'linksfield-cube-in': 'src/callback-in-node.ts' };
// No keepNames: it wraps every function the code creates in a call that sets its name, per request in axios
// (bench/node-red-runtime.ts profile); nothing here reads a function's name, and the error classes set theirs.
const common = { absWorkingDir: root, bundle: true, platform: 'node', format: 'cjs', target: 'node18', logLevel: 'warning', tsconfig: join(root, 'tsconfig.json') };

/** Every import of the core becomes require("./core.js"): one copy of it, loaded once. */
const sharedCore = {
	name: 'shared-core',
	setup(b) {
		b.onResolve({ filter: /^@linksfield-cube\/core(\/node)?$/ }, () => ({ path: './core.js', external: true }));
	},
};

rmSync(dist, { recursive: true, force: true });
await build({ ...common, entryPoints: { core: '../core/src/node.ts' }, outdir: 'dist' });
await build({ ...common, entryPoints: NODES, outdir: 'dist', plugins: [sharedCore] });

// The renderer runs here, at build time; it is bundled in memory with the core so it sees the same catalog.
const renderer = await build({ ...common, entryPoints: ['src/editor-template.ts'], write: false });
const mod = { exports: {} };
new Function('module', 'exports', 'require', renderer.outputFiles[0].text)(mod, mod.exports, createRequire(join(root, 'build.mjs')));
const { renderEditor, renderHelp } = mod.exports;

for (const name of Object.keys(NODES)) {
	writeFileSync(join(dist, `${name}.html`), renderEditor(readFileSync(join(root, 'src', 'editor', `${name}.html`), 'utf8')));
}
for (const lang of readdirSync(join(root, 'locales'))) {
	mkdirSync(join(dist, 'locales', lang), { recursive: true });
	for (const file of readdirSync(join(root, 'locales', lang))) {
		const text = readFileSync(join(root, 'locales', lang, file), 'utf8');
		writeFileSync(join(dist, 'locales', lang, file), file.endsWith('.html') ? renderHelp(text, lang) : text);
	}
}
cpSync(join(root, 'icons'), join(dist, 'icons'), { recursive: true });
console.log(`build: packages/node-red/dist (${Object.keys(NODES).length} nodes)`);
