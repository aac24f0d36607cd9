#!/usr/bin/env node
// Cached installer for a real n8n used by the e2e tests.
//
// n8n 2.40.x needs Node >= 24, the project (and this script) runs on Node 20. So the cache folder gets
// its own Node 24 from the npm registry (`node` package) and n8n is installed and run with that binary.
//
//   node test/e2e/n8n/harness/install.mjs          # install (or verify) and print the paths as JSON
//   import { ensureN8n } from './install.mjs'       # same, from a test / globalSetup
//
// Layout: <cache>/n8n-<version>/ with package.json, node_modules/{node,n8n,...}, install.log and a
// marker file that is only written after every step succeeded. <cache>/n8n-<version>.lock/ is a lock
// directory (mkdir is atomic) so concurrent callers wait for one installer instead of racing.
// No dependencies, Node 20 compatible.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const N8N_VERSION = '2.40.7';
/** Exact Node 24 release taken from the npm registry (`node` + `node-<platform>-<arch>` packages). */
export const NODE_VERSION = '24.21.0';
/**
 * Native addons n8n needs at run time whose install scripts were skipped (--ignore-scripts):
 * sqlite3 (the DB; its prebuilt download from GitHub is unreachable, so node-gyp compiles it, ~1 min)
 * and isolated-vm (ships a Node 24 / ABI 137 prebuild that node-gyp-build just picks). The other
 * install-script packages in the tree are optional or download-only: @confluentinc/kafka-javascript
 * (Kafka nodes only; fetches librdkafka), cpu-features/ssh2 (JS fallback), agent-browser (browser
 * download), @scarf/scarf (telemetry), oracledb/protobufjs/@sentry/* (messages/checks, prebuilt).
 */
export const NATIVE_MODULES = ['sqlite3', 'isolated-vm'];

/** Binary + headers package the `node` package itself downloads; kept as a direct dependency for the headers. */
const HEADERS_PKG = `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
const MARKER = '.linksfield-cube-install.json';
const LOG = 'install.log';
const TAG = '[n8n-harness]';

export function cacheRoot() {
  return process.env.LINKSFIELD_CUBE_CACHE || path.join(os.homedir(), '.cache', 'linksfield-cube');
}

export function installDir(root = cacheRoot()) {
  return path.join(root, `n8n-${N8N_VERSION}`);
}

function paths(dir) {
  return {
    dir,
    nodeBin: path.join(dir, 'node_modules', 'node', 'bin', 'node'),
    n8nBin: path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'),
  };
}

function readMarker(dir) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return null;
  }
}

function isInstalled(dir) {
  const m = readMarker(dir);
  if (!m || m.n8nVersion !== N8N_VERSION || m.nodeVersion !== NODE_VERSION) return false;
  const p = paths(dir);
  return fs.existsSync(p.nodeBin) && fs.existsSync(p.n8nBin);
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

// ---------------------------------------------------------------------------------------------- lock

async function acquireLock(lockDir, { log, timeoutMs }) {
  const owner = path.join(lockDir, 'owner.json');
  const started = Date.now();
  let lastNotice = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(owner, JSON.stringify({ pid: process.pid, host: os.hostname(), since: new Date().toISOString() }));
      lockOwnerFile = owner;
      return () => {
        lockOwnerFile = null;
        fs.rmSync(lockDir, { recursive: true, force: true });
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    // Someone else holds it. Steal it when the holder is gone (same host, dead pid) or the lock is stale.
    let info = null;
    try {
      info = JSON.parse(fs.readFileSync(owner, 'utf8'));
    } catch {
      /* owner file not written yet, or torn */
    }
    let age = 0;
    try {
      age = Date.now() - fs.statSync(lockDir).mtimeMs;
    } catch {
      continue; // vanished in between: retry at once
    }
    const dead = info && info.host === os.hostname() && !pidAlive(info.pid) && !(info.childPid && pidAlive(info.childPid));
    if (dead || (!info && age > 60_000) || age > 60 * 60_000) {
      log(`removing stale lock ${lockDir} (${info ? `pid ${info.pid}` : 'no owner'}, ${Math.round(age / 1000)} s old)`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`${TAG} timed out after ${Math.round(timeoutMs / 1000)} s waiting for lock ${lockDir} held by ${JSON.stringify(info)}`);
    }
    if (Date.now() - lastNotice > 30_000) {
      log(`another install is running (${info ? `pid ${info.pid}` : 'starting'}), waiting for ${lockDir}`);
      lastNotice = Date.now();
    }
    await sleep(1000);
  }
}

// ------------------------------------------------------------------------------------------- helpers

/** Environment for the npm children: no npm_* leaking in from an outer `npm run`/`npm test`. */
function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
  return { ...env, ...extra };
}

function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    return text.slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** The npm/node child currently running (killed with us on SIGINT/SIGTERM; its pid is kept in the lock). */
let currentChild = null;
let lockOwnerFile = null;

function noteChild(child) {
  currentChild = child;
  if (!lockOwnerFile) return;
  try {
    const info = JSON.parse(fs.readFileSync(lockOwnerFile, 'utf8'));
    info.childPid = child ? child.pid : undefined;
    fs.writeFileSync(lockOwnerFile, JSON.stringify(info));
  } catch {
    /* lock owner file is advisory */
  }
}

/** Runs a command in `cwd`, appending its output to the install log. Rejects with the log tail. */
function run(cmd, args, { cwd, env, logFile, log }) {
  const line = `$ ${cmd} ${args.join(' ')}`;
  fs.appendFileSync(logFile, `\n[${new Date().toISOString()}] ${line}\n`);
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    // Own process group, so an interrupted install can take npm's whole subtree down with it.
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
    noteChild(child);
    const t0 = Date.now();
    const ticker = setInterval(() => log(`  ... still running (${Math.round((Date.now() - t0) / 1000)} s)`), 60_000);
    child.on('error', (e) => {
      noteChild(null);
      clearInterval(ticker);
      fs.closeSync(out);
      reject(new Error(`${TAG} cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      noteChild(null);
      clearInterval(ticker);
      fs.closeSync(out);
      if (code === 0) return resolve(Date.now() - t0);
      const logTail = tail(logFile);
      // npm writes "A complete log of this run can be found in: <file>"; show the end of that one too.
      const m = /complete log of this run can be found in:\s*(\S+)/.exec(logTail);
      const debugTail = m ? `\n--- tail of ${m[1]} ---\n${tail(m[1], 25)}` : '';
      reject(
        new Error(
          `${TAG} step failed (${signal || `exit ${code}`}): ${line}\n--- tail of ${logFile} ---\n${logTail}${debugTail}`,
        ),
      );
    });
  });
}

function writePackageJson(dir) {
  const file = path.join(dir, 'package.json');
  let pkg = {};
  try {
    pkg = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* new */
  }
  pkg.name = 'linksfield-cube-n8n-harness';
  pkg.private = true;
  pkg.description = 'Cached n8n + Node 24 for the Linksfield Cube e2e tests (generated by test/e2e/n8n/harness/install.mjs)';
  // n8n's own xlsx dependency points at cdn.sheetjs.com, which is not reachable here; 0.18.5 is on npm.
  pkg.overrides = { ...(pkg.overrides || {}), xlsx: '0.18.5' };
  // npm >= 11.x blocks dependency install scripts unless approved here. `node` needs its preinstall
  // (it fetches node-<platform>-<arch>); the native addons are built explicitly with `npm rebuild`.
  pkg.allowScripts = { ...(pkg.allowScripts || {}), node: true, ...Object.fromEntries(NATIVE_MODULES.map((m) => [m, true])) };
  fs.writeFileSync(file, JSON.stringify(pkg, null, 2) + '\n');
}

/** The folder with Node 24's headers (include/node/node_api.h), used as npm_config_nodedir. */
function findNodeDir(dir) {
  const candidates = [
    path.join(dir, 'node_modules', HEADERS_PKG),
    path.join(dir, 'node_modules', 'node', 'node_modules', HEADERS_PKG),
  ];
  for (const c of candidates) if (fs.existsSync(path.join(c, 'include', 'node', 'node_api.h'))) return c;
  throw new Error(`${TAG} Node headers not found; looked in:\n  ${candidates.join('\n  ')}`);
}

// ---------------------------------------------------------------------------------------------- main

/**
 * Makes sure the cache holds a working n8n and returns where it is.
 * @param {{ cacheDir?: string, quiet?: boolean, lockTimeoutMs?: number }} [opts]
 * @returns {Promise<{ nodeBin: string, n8nBin: string, dir: string }>}
 */
export async function ensureN8n(opts = {}) {
  const root = opts.cacheDir || cacheRoot();
  const dir = installDir(root);
  const p = paths(dir);
  const log = opts.quiet ? () => {} : (msg) => process.stderr.write(`${TAG} ${msg}\n`);
  if (isInstalled(dir)) return p;

  fs.mkdirSync(root, { recursive: true });
  const release = await acquireLock(`${dir}.lock`, { log, timeoutMs: opts.lockTimeoutMs ?? 30 * 60_000 });
  const onSignal = (sig) => {
    if (currentChild) {
      try {
        process.kill(-currentChild.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    release();
    process.kill(process.pid, sig);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (isInstalled(dir)) {
      log(`installed meanwhile by another process: ${dir}`);
      return p;
    }
    const t0 = Date.now();
    fs.mkdirSync(dir, { recursive: true });
    fs.rmSync(path.join(dir, MARKER), { force: true });
    const logFile = path.join(dir, LOG);
    fs.writeFileSync(logFile, `n8n harness install ${new Date().toISOString()}\n`);
    log(`installing n8n@${N8N_VERSION} with node@${NODE_VERSION} into ${dir} (log: ${logFile})`);
    writePackageJson(dir);
    const npmFlags = ['--no-audit', '--no-fund', '--save-exact', '--loglevel=warn'];

    // `node`'s preinstall downloads node-<platform>-<arch> (binary + headers) *nested* under
    // node_modules/node without recording it, and the next `npm install` prunes that folder (the
    // hard-linked bin/node survives, the headers do not). So the platform package is also a direct
    // dependency, which keeps the headers. --ignore-scripts + `npm rebuild node` runs only node's own
    // preinstall, even on a retry where package.json already lists n8n (whose addons must not be
    // built by Node 20).
    const nodeOk = () => spawnSync(p.nodeBin, ['--version'], { encoding: 'utf8' });
    let v = nodeOk();
    let ms = 0;
    if (v.status === 0 && v.stdout.trim() === `v${NODE_VERSION}` && fs.existsSync(path.join(dir, 'node_modules', HEADERS_PKG))) {
      log(`1/4 node@${NODE_VERSION} already present`);
    } else {
      log(`1/4 npm install node@${NODE_VERSION} ${HEADERS_PKG}@${NODE_VERSION}`);
      ms = await run('npm', ['install', `node@${NODE_VERSION}`, `${HEADERS_PKG}@${NODE_VERSION}`, '--ignore-scripts', ...npmFlags], { cwd: dir, env: cleanEnv(), logFile, log });
      ms += await run('npm', ['rebuild', 'node', '--loglevel=warn'], { cwd: dir, env: cleanEnv(), logFile, log });
      v = nodeOk();
    }
    if (v.status !== 0 || v.stdout.trim() !== `v${NODE_VERSION}`) {
      throw new Error(`${TAG} ${p.nodeBin} does not run as v${NODE_VERSION}: ${v.error?.message || v.stdout + v.stderr}\n${tail(logFile)}`);
    }
    const nodedir = findNodeDir(dir);
    log(`    ok (${Math.round(ms / 1000)} s): ${p.nodeBin} ${v.stdout.trim()}, headers ${nodedir}`);

    // From here on npm (a `#!/usr/bin/env node` script) and node-gyp run on Node 24 and build against its headers.
    const env24 = cleanEnv({
      PATH: `${path.dirname(p.nodeBin)}${path.delimiter}${process.env.PATH}`,
      npm_config_nodedir: nodedir,
    });

    log(`2/4 npm install n8n@${N8N_VERSION} --ignore-scripts (the slow one: minutes, ~2.8 GB)`);
    ms = await run('npm', ['install', `n8n@${N8N_VERSION}`, '--ignore-scripts', ...npmFlags], { cwd: dir, env: env24, logFile, log });
    log(`    ok (${Math.round(ms / 1000)} s)`);

    log(`3/4 npm rebuild ${NATIVE_MODULES.join(' ')} (compiles against Node ${NODE_VERSION})`);
    ms = await run('npm', ['rebuild', ...NATIVE_MODULES, '--foreground-scripts', '--loglevel=warn'], { cwd: dir, env: env24, logFile, log });
    log(`    ok (${Math.round(ms / 1000)} s)`);

    log('4/4 smoke check: native addons load, n8n --version');
    const n8nDir = path.join(dir, 'node_modules', 'n8n');
    const probe = NATIVE_MODULES.map((m) => `require(require.resolve(${JSON.stringify(m)}, { paths: [${JSON.stringify(n8nDir)}] }));`).join('');
    await run(p.nodeBin, ['-e', probe], { cwd: dir, env: env24, logFile, log });
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-ver-'));
    const ver = spawnSync(p.nodeBin, [p.n8nBin, '--version'], {
      encoding: 'utf8',
      env: { ...env24, N8N_USER_FOLDER: scratch },
      timeout: 120_000,
    });
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.appendFileSync(logFile, `\n$ n8n --version\n${ver.stdout}${ver.stderr}\n`);
    if (ver.status !== 0 || !ver.stdout.includes(N8N_VERSION)) {
      throw new Error(`${TAG} n8n --version failed (status ${ver.status}):\n${tail(logFile)}`);
    }

    const marker = { n8nVersion: N8N_VERSION, nodeVersion: NODE_VERSION, nodedir, installedAt: new Date().toISOString(), seconds: Math.round((Date.now() - t0) / 1000) };
    fs.writeFileSync(path.join(dir, MARKER), JSON.stringify(marker, null, 2) + '\n');
    log(`done in ${marker.seconds} s`);
    return p;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    release();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureN8n().then(
    (p) => process.stdout.write(JSON.stringify(p, null, 2) + '\n'),
    (e) => {
      process.stderr.write(`${e.stack && !String(e.message).startsWith(TAG) ? e.stack : e.message}\n`);
      process.exit(1);
    },
  );
}
