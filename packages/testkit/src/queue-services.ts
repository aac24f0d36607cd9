// The services n8n's queue mode needs besides n8n itself: PostgreSQL (the shared database) and Redis (the
// Bull queue). Debian's packages, apt-installed when missing (CI is a fresh machine, as root), each started
// on a free loopback port with a throw-away data folder and stopped afterwards.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { cleanEnv } from './env';
import { freePort } from './free-port';
import { reapOnExit } from './reaper';
import { cacheRoot, runLogged, withInstallLock } from './runtime-cache';

const TAG = '[queue-services]';
const say = (line: string) => void process.stderr.write(`${TAG} ${line}\n`);

export interface PostgresServer {
	host: string;
	port: number;
	user: string;
	database: string;
	dir: string;
	/** the server's process group (it is a detached child) */
	pid: number | undefined;
	log(): string;
	/** stops the server and deletes its data folder */
	stop(): Promise<void>;
}

export interface RedisServer {
	host: string;
	port: number;
	dir: string;
	/** the server's process group (it is a detached child) */
	pid: number | undefined;
	log(): string;
	stop(): Promise<void>;
}

/** Debian's PostgreSQL server binaries (initdb, postgres), newest major first; null when none. */
function postgresBinDir(): string | null {
	const root = '/usr/lib/postgresql';
	let majors: string[] = [];
	try {
		majors = fs.readdirSync(root).filter((d) => /^\d+$/.test(d)).sort((a, b) => Number(b) - Number(a));
	} catch {
		return null;
	}
	return majors.map((m) => path.join(root, m, 'bin')).find((d) => fs.existsSync(path.join(d, 'postgres')) && fs.existsSync(path.join(d, 'initdb'))) || null;
}

function redisBin(): string | null {
	return ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) => fs.existsSync(f)) || null;
}

/**
 * Installs what is missing of Debian's `postgresql` and `redis-server` (root only: `apt-get update` once, then
 * `apt-get install -y`), one installer at a time on this machine (the cache's install lock; apt's own lock is
 * waited for, as other jobs may run apt too). Resolves with the binaries' paths.
 */
export async function ensureQueueServices(): Promise<{ postgresBin: string; redisServer: string }> {
	const found = () => ({ postgresBin: postgresBinDir(), redisServer: redisBin() });
	let f = found();
	const missing = () => [!f.postgresBin && 'postgresql', !f.redisServer && 'redis-server'].filter((m): m is string => !!m);
	if (!missing().length) return f as { postgresBin: string; redisServer: string };
	if (process.getuid?.() !== 0) throw new Error(`${TAG} ${missing().join(' and ')} missing and not root: run apt-get install -y ${missing().join(' ')}`);
	await withInstallLock(path.join(cacheRoot(), 'debian-queue-services'), { say, staleMs: 30 * 60_000, timeoutMs: 25 * 60_000, noticeMs: 15_000 }, async (lock) => {
		f = found();
		if (!missing().length) return;
		fs.mkdirSync(cacheRoot(), { recursive: true });
		const logFile = path.join(cacheRoot(), 'debian-queue-services.log');
		const env = cleanEnv({ DEBIAN_FRONTEND: 'noninteractive' });
		const wait = ['-o', 'DPkg::Lock::Timeout=900'];
		say(`installing ${missing().join(', ')} with apt-get (log ${logFile})`);
		// not reaped: dpkg killed mid-install leaves the machine needing `dpkg --configure -a`; apt finishes on its own
		await runLogged('apt-get', [...wait, 'update'], { cwd: os.tmpdir(), env, logFile, lock, label: 'apt-get update', reap: false });
		await runLogged('apt-get', [...wait, 'install', '-y', '--no-install-recommends', ...missing()], { cwd: os.tmpdir(), env, logFile, lock, label: 'apt-get install', reap: false });
	});
	f = found();
	if (missing().length) throw new Error(`${TAG} ${missing().join(', ')} still missing after apt-get install`);
	return f as { postgresBin: string; redisServer: string };
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
	try {
		if (pid) process.kill(-pid, signal);
	} catch {
		/* gone */
	}
}

/** A server child in its own process group, its output in a log file; resolves once `ready` shows in it. */
async function startServer(
	name: string,
	cmd: string,
	args: string[],
	{ logFile, ready, timeoutMs = 60_000, env = cleanEnv() }: { logFile: string; ready: RegExp; timeoutMs?: number; env?: Record<string, string> },
): Promise<{ pid: number | undefined; stop(): Promise<void>; log(): string }> {
	const fd = fs.openSync(logFile, 'a');
	const child = spawn(cmd, args, { env, stdio: ['ignore', fd, fd], detached: true });
	fs.closeSync(fd);
	// detached, so neither Ctrl-C nor the end of this process stops it: the reaper does
	const forget = child.pid ? reapOnExit({ group: child.pid }) : () => {};
	let gone: { code: number | null; signal: string | null } | null = null;
	const exited = new Promise<void>((resolve) =>
		child.on('close', (code, signal) => {
			gone = { code, signal };
			forget();
			resolve();
		}),
	);
	const log = () => {
		try {
			return fs.readFileSync(logFile, 'utf8');
		} catch {
			return '';
		}
	};
	const stop = async () => {
		if (gone) return;
		killGroup(child.pid, 'SIGTERM');
		const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 10_000);
		await exited;
		clearTimeout(timer);
	};
	process.once('exit', () => killGroup(child.pid, 'SIGKILL'));
	for (const end = Date.now() + timeoutMs; ; await new Promise((r) => setTimeout(r, 200))) {
		if (ready.test(log())) return { pid: child.pid, stop, log };
		const ended = gone as { code: number | null; signal: string | null } | null;
		if (ended || Date.now() > end) {
			await stop();
			throw new Error(`${TAG} ${name} ${ended ? `exited (${ended.signal || `exit ${ended.code}`})` : `not ready after ${timeoutMs} ms`}:\n${log().trimEnd().split('\n').slice(-20).join('\n')}`);
		}
	}
}

/**
 * A PostgreSQL cluster in a fresh temp folder: trust authentication on 127.0.0.1:<free port>, superuser `n8n`,
 * database `postgres`, durability off (a test database). PostgreSQL refuses to run as root, so as root the
 * cluster belongs to Debian's `postgres` system user.
 */
export async function startPostgres(): Promise<PostgresServer> {
	const { postgresBin } = await ensureQueueServices();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-queue-pg-'));
	const forgetDir = reapOnExit({ path: dir });
	const data = path.join(dir, 'data');
	const asRoot = process.getuid?.() === 0;
	if (asRoot) fs.chmodSync(dir, 0o755);
	const as = (cmd: string, args: string[]): [string, string[]] => (asRoot ? ['runuser', ['-u', 'postgres', '--', cmd, ...args]] : [cmd, args]);
	if (asRoot) spawnSync('chown', ['postgres:postgres', dir]);
	const init = spawnSync(...as(path.join(postgresBin, 'initdb'), ['-D', data, '-U', 'n8n', '-A', 'trust', '-E', 'UTF8', '--no-sync', '--no-instructions']), {
		encoding: 'utf8',
		env: cleanEnv({ LC_ALL: 'C' }),
	});
	if (init.status !== 0) throw new Error(`${TAG} initdb failed: ${init.stderr || init.stdout}`);
	const port = await freePort();
	const settings = ['listen_addresses=127.0.0.1', `unix_socket_directories=${dir}`, 'fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];
	const [cmd, args] = as(path.join(postgresBin, 'postgres'), ['-D', data, '-p', String(port), ...settings.flatMap((s) => ['-c', s])]);
	const logFile = path.join(dir, 'postgres.log');
	fs.writeFileSync(logFile, '');
	if (asRoot) spawnSync('chown', ['postgres:postgres', logFile]);
	const server = await startServer('postgres', cmd, args, { logFile, ready: /database system is ready to accept connections/, env: cleanEnv({ LC_ALL: 'C' }) });
	return {
		host: '127.0.0.1',
		port,
		user: 'n8n',
		database: 'postgres',
		dir,
		pid: server.pid,
		log: server.log,
		async stop() {
			await server.stop();
			fs.rmSync(dir, { recursive: true, force: true });
			forgetDir();
		},
	};
}

/** A Redis server on 127.0.0.1:<free port>, nothing persisted, in a fresh temp folder. */
export async function startRedis(): Promise<RedisServer> {
	const { redisServer } = await ensureQueueServices();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-queue-redis-'));
	const forgetDir = reapOnExit({ path: dir });
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--logfile', ''];
	const server = await startServer('redis-server', redisServer, args, { logFile, ready: /Ready to accept connections/ });
	return {
		host: '127.0.0.1',
		port,
		dir,
		pid: server.pid,
		log: server.log,
		async stop() {
			await server.stop();
			fs.rmSync(dir, { recursive: true, force: true });
			forgetDir();
		},
	};
}
