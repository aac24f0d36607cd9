import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm pack` of one of our packages into `destination`, as demo/pack.mjs does — in TypeScript, so the e2e tests
 * need no extra ESM import of their own (see the harness loaders for why that matters). The packages are built
 * once before the run (npm test, npm run test:e2e): e2e files run in parallel, and a build in one of them would
 * delete dist/ under another one's pack.
 */
export function packPackage(packageDir: string, destination: string): string {
	// npm_* variables of an outer `npm run` would make this npm act on the outer package.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, env, encoding: 'utf8' });
	return path.join(destination, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
}
