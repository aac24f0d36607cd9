// `npm run bench`: bundles the TypeScript benchmarks (core and simulator from source, via tsconfig paths) and runs them.
import { build } from 'esbuild';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

const here = dirname(fileURLToPath(import.meta.url));
const out = mkdtempSync(join(tmpdir(), 'cube-bench-'));
await build({
	entryPoints: [join(here, 'main.ts'), join(here, 'memory-sweep.ts')],
	bundle: true,
	platform: 'node',
	target: 'node20',
	outdir: out,
	tsconfig: join(here, '..', 'tsconfig.json'),
	logLevel: 'warning',
});
const result = spawnSync(process.execPath, ['--expose-gc', join(out, 'main.js'), ...process.argv.slice(2)], {
	stdio: 'inherit',
	env: { ...process.env, BENCH_DIST: out },
});
process.exit(result.status ?? 1);
