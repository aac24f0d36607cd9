// `npm run bench`: bundles the TypeScript benchmarks (core and simulator from source, via tsconfig paths) and runs them.
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
// Inside the project, so the bundle resolves the workspace packages (the simulator's CLI) like the sources do.
const out = join(here, '..', 'node_modules', '.cache', 'cube-bench');
mkdirSync(out, { recursive: true });
await build({
	entryPoints: [join(here, 'main.ts'), join(here, 'memory-sweep.ts'), join(here, 'current-memory-sweep.ts')],
	bundle: true,
	platform: 'node',
	target: 'node20',
	outdir: out,
	// ESM output with a `require` of its own (the testkit finds the simulator's CLI through require.resolve).
	format: 'esm',
	outExtension: { '.js': '.mjs' },
	banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
	tsconfig: join(here, '..', 'tsconfig.json'),
	logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', join(out, 'main.mjs'), ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, BENCH_DIST: out },
});
process.exit(result.status ?? 1);
