// Installs real Node-RED runtimes (and the Node 24 binary that Node-RED 5 needs) into a per-user cache,
// once, so e2e tests and the demo can start them in seconds. Plain Node ESM, no dependencies.
//
//   node test/e2e/node-red/harness/install.mjs 4 5     # pre-warm the cache, prints what it installed
//
// Layout under the cache root ($LINKSFIELD_CUBE_CACHE or ~/.cache/linksfield-cube):
//   node-24/                 npm's `node` package → node-24/node_modules/node/bin/node (shared with the n8n harness)
//   node-red-<version>/      node_modules/node-red/red.js
// A directory counts as installed only when its marker file exists; the marker is written last.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, hostname } from 'node:os';
import { delimiter, dirname, join } from 'node:path';

/** Every version the harness installs. Change them here and nowhere else. */
export const VERSIONS = Object.freeze({
  nodeRed: Object.freeze({ 4: '4.1.15', 5: '5.0.7' }),
  // Node-RED 5 needs Node >= 22.9; the machines run Node 20, so 5.x runs on this binary from the npm registry.
  node24: '24.21.0',
});

const MARKER = '.linksfield-installed.json';
const LOCK_STALE_MS = 30 * 60 * 1000;
const LOCK_WAIT_MS = 25 * 60 * 1000;
const HEARTBEAT_MS = 15 * 1000;

export function cacheRoot() {
  return process.env.LINKSFIELD_CUBE_CACHE || join(homedir(), '.cache', 'linksfield-cube');
}

function say(line) {
  process.stderr.write(`[linksfield-cube/install] ${line}\n`);
}

/**
 * Node 24 from the npm registry (`npm install node@24.x`).
 * @returns {Promise<{nodeBin: string, binDir: string, nodedir: string, dir: string, version: string}>}
 *   nodedir: headers folder, for `npm_config_nodedir` when native modules must build against this Node.
 */
export async function ensureNode24() {
  const version = VERSIONS.node24;
  const dir = join(cacheRoot(), 'node-24');
  const describe = () => {
    const pkgDir = join(dir, 'node_modules', 'node');
    return {
      nodeBin: join(pkgDir, 'bin', 'node'),
      binDir: join(pkgDir, 'bin'),
      nodedir: join(pkgDir, 'node_modules', `node-${process.platform}-${process.arch}`),
      dir,
      version,
    };
  };
  await ensureInstalled({
    dir,
    label: `node ${version}`,
    spec: `node@${version}`,
    // npm 11 warns (and a later npm may refuse) to run dependency install scripts that are not approved;
    // the `node` package's preinstall is what fetches the binary.
    packageJson: { allowScripts: { node: true } },
    markerData: { node: version },
    check: async () => (await runCapture(describe().nodeBin, ['--version'])).trim() === `v${version}`,
  });
  return describe();
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
 * `npm test` leaks (they would redirect the install into the outer project, or carry its settings).
 * @param {{binDir: string, nodedir: string} | null} node  null = this process's Node
 */
export function npmEnvFor(node) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) {
    // All of them: the project's own settings travel as npm_config_* too — ignore-scripts=true from its .npmrc
    // would skip the download script of the `node` package and leave Node 24 without its binary.
    if (/^npm_/i.test(k) || k === 'INIT_CWD') continue;
    env[k] = v;
  }
  const binDir = node ? node.binDir : dirname(process.execPath);
  env.PATH = [binDir, env.PATH || ''].join(delimiter);
  if (node) env.npm_config_nodedir = node.nodedir;
  env.npm_config_update_notifier = 'false';
  env.npm_config_fund = 'false';
  env.npm_config_audit = 'false';
  return env;
}

async function ensureInstalled({ dir, label, spec, env = npmEnvFor(null), packageJson = {}, markerData, check }) {
  if (await markerOk(dir, markerData)) return;
  const release = await acquireLock(dir, label);
  try {
    if (await markerOk(dir, markerData)) return; // another process finished it while we waited
    const started = Date.now();
    say(`installing ${label} into ${dir} (first run only; this takes a while)`);
    await rm(dir, { recursive: true, force: true }); // leftovers of an interrupted install
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name: `linksfield-cube-cache-${label.replace(/[^a-z0-9.-]+/gi, '-')}`, private: true, ...packageJson }, null, 2) + '\n');
    const logFile = join(dir, 'npm-install.log');
    await runLogged('npm', ['install', '--no-audit', '--no-fund', '--omit=dev', '--save-exact', '--prefix', dir, spec], {
      cwd: dir, env, logFile, label,
    });
    if (!(await check())) throw new Error(`${label}: npm install finished but the result does not check out (see ${logFile})`);
    await writeFile(join(dir, MARKER), JSON.stringify({ ...markerData, installedAt: new Date().toISOString(), installMs: Date.now() - started }, null, 2) + '\n');
    say(`installed ${label} in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  } finally {
    await release();
  }
}

async function markerOk(dir, expected) {
  try {
    const marker = JSON.parse(await readFile(join(dir, MARKER), 'utf8'));
    return Object.entries(expected).every(([k, v]) => marker[k] === v);
  } catch {
    return false;
  }
}

// A lock directory next to the target: mkdir is atomic, so exactly one process installs. A lock whose owner
// is gone (dead pid on this host, or simply too old) is taken over.
async function acquireLock(dir, label) {
  const lockDir = `${dir}.lock`;
  const ownerFile = join(lockDir, 'owner.json');
  await mkdir(dirname(dir), { recursive: true });
  const waitStarted = Date.now();
  let lastNote = 0;
  for (;;) {
    try {
      await mkdir(lockDir);
      await writeFile(ownerFile, JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now() }));
      return async () => { await rm(lockDir, { recursive: true, force: true }); };
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
    }
    const owner = await readFile(ownerFile, 'utf8').then(JSON.parse, () => null);
    const age = owner ? Date.now() - owner.at : Date.now() - (await stat(lockDir).then((s) => s.mtimeMs, () => Date.now()));
    const ownerDead = owner && owner.host === hostname() && !pidAlive(owner.pid);
    if (ownerDead || age > LOCK_STALE_MS) {
      say(`${label}: removing stale lock ${lockDir}${owner ? ` (pid ${owner.pid})` : ''}`);
      await rm(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - waitStarted > LOCK_WAIT_MS) throw new Error(`${label}: gave up waiting for install lock ${lockDir}`);
    if (Date.now() - lastNote > HEARTBEAT_MS) {
      say(`${label}: waiting for another install to finish${owner ? ` (pid ${owner.pid})` : ''}`);
      lastNote = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

// Runs a command with its output going to a log file; prints a heartbeat while it runs and the log's tail
// if it fails.
function runLogged(cmd, args, { cwd, env, logFile, label }) {
  return new Promise((resolve, reject) => {
    const log = createWriteStream(logFile);
    log.write(`$ ${cmd} ${args.join(' ')}\n`);
    const started = Date.now();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const beat = setInterval(() => say(`${label}: npm install still running (${Math.round((Date.now() - started) / 1000)}s)`), HEARTBEAT_MS);
    const finish = async (err) => {
      clearInterval(beat);
      await new Promise((r) => log.end(r));
      if (!err) return resolve();
      const tail = await readFile(logFile, 'utf8').then((t) => t.trimEnd().split('\n').slice(-40).join('\n'), () => '');
      err.message += `\n--- last lines of ${logFile} ---\n${tail}`;
      reject(err);
    };
    child.on('error', (err) => finish(new Error(`${label}: could not run ${cmd}: ${err.message}`)));
    child.on('close', (code, signal) => finish(code === 0 ? null : new Error(`${label}: ${cmd} ${args[0]} failed (${signal || `exit ${code}`})`)));
  });
}

function runCapture(cmd, args) {
  return new Promise((resolve, reject) => {
    let out = '';
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    child.stdout.on('data', (d) => { out += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} exited ${code}`))));
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
