import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { cleanEnv } from './env';

/**
 * `npm pack` of one of our packages (already built) into `destination`, as a user's install would get it; with
 * the paths the tarball carries. Build before packing, once per run: a build inside a parallel test would delete
 * dist/ under another one's pack.
 */
export function packWithFiles(packageDir: string, destination: string): { tarball: string; files: string[] } {
	const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', destination], { cwd: packageDir, env: cleanEnv(), encoding: 'utf8' });
	const [info] = JSON.parse(out) as Array<{ filename: string; files: Array<{ path: string }> }>;
	return { tarball: join(destination, info.filename), files: info.files.map((f) => f.path) };
}

/** The tarball's path only. */
export function packPackage(packageDir: string, destination: string): string {
	return packWithFiles(packageDir, destination).tarball;
}
