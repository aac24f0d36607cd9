import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * `npm pack` of one of our packages into `destination`, as demo/pack.mjs does — in TypeScript, so the e2e tests
 * need no extra ESM import of their own (see the harness loaders for why that matters). The packages are built
 * once before the run (npm test, npm run test:e2e): e2e files run in parallel, and a build in one of them would
 * delete dist/ under another one's pack.
 */
export function packPackage(packageDir: string, destination: string): string {
	return packWithFiles(packageDir, destination).tarball;
}

/** The same, with the paths the tarball carries (the package tests check them). */
export function packWithFiles(packageDir: string, destination: string): { tarball: string; files: string[] } {
	// npm_* variables of an outer `npm run` would make this npm act on the outer package.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, env, encoding: 'utf8' });
	const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	return { tarball: path.join(destination, info.filename), files: info.files.map((f) => f.path) };
}
