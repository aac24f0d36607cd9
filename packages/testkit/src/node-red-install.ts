// Installs real Node-RED runtimes (and the Nodes they need besides this machine's) into the per-user cache, once,
// so tests, the demo and the benchmarks start them in seconds.
//
// Layout under the cache root ($LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube):
//   node-24/                 node-24/node_modules/node/bin/node (shared with n8n)
//   node-20.3.0/             the oldest Node the Node-RED package claims (runtime-cache.ts, ensureNodeBinary)
//   node-red-<version>/      node_modules/node-red/red.js
// A directory counts as installed only when its marker file exists; the marker is written last.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import { cleanEnv } from './env';
import { NODE24_VERSION, NODE_FLOOR_VERSION, cacheRoot, ensureNode24, ensureNodeBinary, markerOk, runLogged, sayInstall as say, withInstallLock, writeMarker, type NodeBinary } from './runtime-cache';

/**
 * Every Node-RED version the kit installs. Change them here and nowhere else (Node 24: runtime-cache.ts).
 * 4 and 5: the newest tested release of that major. `floor`: the lowest pair packages/node-red/package.json
 * claims (`node-red.version`, `engines.node`); the e2e test checks that the two agree.
 */
export const NODE_RED_VERSIONS = Object.freeze({
	nodeRed: Object.freeze({ floor: '4.1.0', 4: '4.1.15', 5: '5.0.7' }),
	// Node-RED 5 needs Node >= 22.9; the machines run Node 20, so 5.x runs on this binary from the npm registry.
	node24: NODE24_VERSION,
	// The floor runs on the oldest Node the package claims, also from the npm registry.
	floorNode: NODE_FLOOR_VERSION,
});

/** A major (its newest tested release) or `floor` (the lowest claimed Node-RED on the lowest claimed Node). */
export type NodeRedMajor = keyof typeof NODE_RED_VERSIONS.nodeRed;

/** The e2e matrix, as `describe.each` rows: [title, major]. */
export const NODE_RED_MATRIX: ReadonlyArray<readonly [string, NodeRedMajor]> = [
	['Node-RED 4.x', 4],
	['Node-RED 5.x', 5],
	[`Node-RED ${NODE_RED_VERSIONS.nodeRed.floor} on Node ${NODE_RED_VERSIONS.floorNode} (the lowest claimed)`, 'floor'],
];

const LOCK = { staleMs: 30 * 60 * 1000, timeoutMs: 25 * 60 * 1000, noticeMs: 15 * 1000 };
const HEARTBEAT_MS = 15 * 1000;

export interface NodeRedInstall {
	/** Node binary to run this Node-RED with (this process's Node for 4.x, Node 24 for 5.x, the claimed floor's Node for `floor`) */
	nodeBin: string;
	redJs: string;
	dir: string;
	version: string;
	/** environment for `npm` so it (and native builds) use the same Node */
	npmEnv: Record<string, string>;
}

/** A real Node-RED of the given major, installed once into the cache. */
export async function ensureNodeRed(major: NodeRedMajor): Promise<NodeRedInstall> {
	const version = NODE_RED_VERSIONS.nodeRed[major];
	if (!version) throw new Error(`ensureNodeRed: unsupported Node-RED major ${major} (have ${Object.keys(NODE_RED_VERSIONS.nodeRed).join(', ')})`);
	const node = major === 5 ? await ensureNode24({ say }) : null;
	// The floor's Node only runs Node-RED: npm itself (npm 11 wants Node >= 20.17) runs on this process's Node,
	// which is harmless as Node-RED and our package install no native code.
	const floor = major === 'floor' ? await ensureNodeBinary(NODE_RED_VERSIONS.floorNode, { say }) : null;
	const nodeBin = (node ?? floor)?.nodeBin ?? process.execPath;
	const npmEnv = npmEnvFor(node);
	const dir = join(cacheRoot(), `node-red-${version}`);
	const redJs = join(dir, 'node_modules', 'node-red', 'red.js');
	await ensureInstalled({
		dir,
		label: `node-red ${version}`,
		spec: `node-red@${version}`,
		env: npmEnv,
		// Node-RED's tree is plain JS (bcrypt is a N-API prebuild), so the install does not depend on which
		// Node ran npm; the marker only pins the Node-RED version.
		markerData: { 'node-red': version },
		check: async () => {
			const pkg = JSON.parse(await readFile(join(dir, 'node_modules', 'node-red', 'package.json'), 'utf8'));
			return pkg.version === version && existsSync(redJs);
		},
	});
	return { nodeBin, redJs, dir, version, npmEnv };
}

/**
 * Environment for child `npm` processes: the chosen Node first on PATH (npm's shebang is `env node`, and
 * install scripts call `node`), headers for native builds, and none of the npm_* variables an outer
 * `npm test` leaks. `node` null = this process's Node.
 */
export function npmEnvFor(node: Pick<NodeBinary, 'binDir' | 'nodedir'> | null): Record<string, string> {
	const env = cleanEnv();
	const binDir = node ? node.binDir : dirname(process.execPath);
	env.PATH = [binDir, env.PATH || ''].join(delimiter);
	if (node) env.npm_config_nodedir = node.nodedir;
	env.npm_config_update_notifier = 'false';
	env.npm_config_fund = 'false';
	env.npm_config_audit = 'false';
	return env;
}

async function ensureInstalled({ dir, label, spec, env, markerData, check }: { dir: string; label: string; spec: string; env: Record<string, string>; markerData: Record<string, unknown>; check: () => Promise<boolean> }): Promise<void> {
	if (markerOk(dir, markerData)) return;
	await withInstallLock(dir, { say: (l) => say(`${label}: ${l}`), ...LOCK }, async (lock) => {
		if (markerOk(dir, markerData)) return; // another process finished it while we waited
		const started = Date.now();
		say(`installing ${label} into ${dir} (first run only; this takes a while)`);
		await rm(dir, { recursive: true, force: true }); // leftovers of an interrupted install
		await mkdir(dir, { recursive: true });
		await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `linksfield-cube-cache-${label.replace(/[^a-z0-9.-]+/gi, '-')}`, private: true }, null, 2) + '\n');
		const logFile = join(dir, 'npm-install.log');
		await writeFile(logFile, '');
		await runLogged('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--save-exact', '--prefix', dir, spec], {
			cwd: dir,
			env,
			logFile,
			lock,
			label,
			heartbeatMs: HEARTBEAT_MS,
			heartbeat: (s) => say(`${label}: npm install still running (${s}s)`),
		});
		if (!(await check())) throw new Error(`${label}: npm install finished but the result does not check out (see ${logFile})`);
		writeMarker(dir, { ...markerData, installMs: Date.now() - started });
		say(`installed ${label} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
	});
}
