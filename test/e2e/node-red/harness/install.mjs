// Installs real Node-RED runtimes (and the Node 24 binary that Node-RED 5 needs) into a per-user cache,
// once, so e2e tests and the demo can start them in seconds. Plain Node ESM, no dependencies.
//
//   node test/e2e/node-red/harness/install.mjs 4 5     # pre-warm the cache, prints what it installed
//
// Layout under the cache root ($LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube):
//   node-24/                 node-24/node_modules/node/bin/node (shared with the n8n harness)
//   node-red-<version>/      node_modules/node-red/red.js
// A directory counts as installed only when its marker file exists; the marker is written last. The cache
// root, lock, marker, logged npm run and Node 24 come from ../../runtime-cache.mjs.

import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { delimiter, dirname, join } from 'node:path';
import {
  NODE24_VERSION,
  cacheRoot,
  cleanEnv,
  ensureNode24 as ensureSharedNode24,
  markerOk,
  runLogged,
  withInstallLock,
  writeMarker,
} from '../../runtime-cache.mjs';

export { cacheRoot };

/** Every version the harness installs. Change them here and nowhere else (Node 24: test/e2e/runtime-cache.mjs). */
export const VERSIONS = Object.freeze({
  nodeRed: Object.freeze({ 4: '4.1.15', 5: '5.0.7' }),
  // Node-RED 5 needs Node >= 22.9; the machines run Node 20, so 5.x runs on this binary from the npm registry.
  node24: NODE24_VERSION,
});

const LOCK = { staleMs: 30 * 60 * 1000, timeoutMs: 25 * 60 * 1000, noticeMs: 15 * 1000 };
const HEARTBEAT_MS = 15 * 1000;

function say(line) {
  process.stderr.write(`[linksfield-cube/install] ${line}\n`);
}

/**
 * Node 24 from the npm registry, in the cache's node-24/ folder (shared with the n8n harness).
 * @returns {Promise<{nodeBin: string, binDir: string, nodedir: string, dir: string, version: string}>}
 *   nodedir: headers folder, for `npm_config_nodedir` when native modules must build against this Node.
 */
export function ensureNode24() {
  return ensureSharedNode24({ say });
}

/**
 * A real Node-RED of the given major, installed once into the cache.
 * @param {4|5} major
 * @returns {Promise<{nodeBin: string, redJs: string, dir: string, version: string, npmEnv: Record<string,string>}>}
 *   nodeBin: the Node binary to run it with (this process's Node for 4.x, Node 24 for 5.x);
 *   npmEnv: environment for running `npm` so that it (and any native build) uses that same Node.
 */
export async function ensureNodeRed(major) {
  const version = VERSIONS.nodeRed[major];
  if (!version) throw new Error(`ensureNodeRed: unsupported Node-RED major ${major} (have ${Object.keys(VERSIONS.nodeRed).join(', ')})`);
  const node = major >= 5 ? await ensureNode24() : null;
  const nodeBin = node ? node.nodeBin : process.execPath;
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
 * `npm test` leaks (they would redirect the install into the outer project, or carry its settings — the
 * project's ignore-scripts=true, say).
 * @param {{binDir: string, nodedir: string} | null} node  null = this process's Node
 */
export function npmEnvFor(node) {
  const env = cleanEnv();
  const binDir = node ? node.binDir : dirname(process.execPath);
  env.PATH = [binDir, env.PATH || ''].join(delimiter);
  if (node) env.npm_config_nodedir = node.nodedir;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

async function ensureInstalled({ dir, label, spec, env = npmEnvFor(null), packageJson = {}, markerData, check }) {
  if (markerOk(dir, markerData)) return;
  await withInstallLock(dir, { say: (l) => say(`${label}: ${l}`), ...LOCK }, async (lock) => {
    if (markerOk(dir, markerData)) return; // another process finished it while we waited
    const started = Date.now();
    say(`installing ${label} into ${dir} (first run only; this takes a while)`);
    await rm(dir, { recursive: true, force: true }); // leftovers of an interrupted install
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `linksfield-cube-cache-${label.replace(/[^a-z0-9.-]+/gi, '-')}`, private: true, ...packageJson }, null, 2) + '\n');
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

// CLI: pre-warm the cache. (No import.meta / top-level await, so a jest transform to CommonJS still works.)
async function main(majors) {
  for (const major of majors.length ? majors : [4, 5]) {
    const t0 = Date.now();
    const r = await ensureNodeRed(major);
    console.log(JSON.stringify({ major, version: r.version, nodeBin: r.nodeBin, redJs: r.redJs, ms: Date.now() - t0 }));
  }
}
if (process.argv[1] && /[\\/]install\.mjs$/.test(process.argv[1])) {
  main(process.argv.slice(2).map(Number)).catch((err) => {
    console.error(err.message);
    process.exitCode = 1;
  });
}
