// `npm pack` of one of our packages into a folder: the demos install the tarball as a user would.
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** Packs the package in `packageDir` (already built) into `destination`; returns the tarball's path. */
export function packPackage(packageDir, destination) {
	// npm_* variables of an outer `npm run` would make this npm act on the outer package.
	const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, env, encoding: 'utf8' });
	return join(destination, JSON.parse(out)[0].filename);
}
