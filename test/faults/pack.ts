import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm pack` of one of our (already built) packages into `destination`, as demo/pack.mjs does — in TypeScript,
 * so the e2e abuse tests need no extra ESM import of their own (see the harness loaders for why that matters).
 */
export function packPackage(packageDir: string, destination: string): string {
	// npm_* variables of an outer `npm run` would make this npm act on the outer package.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, env, encoding: 'utf8' });
	return path.join(destination, (JSON.parse(out) as Array<{ filename: string }>)[0].filename);
}
