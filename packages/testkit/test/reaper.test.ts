// The servers the testkit starts detached outlive a test process that is killed (a CI time limit) or interrupted
// (Ctrl-C) before its afterAll, unless the starters register them with the reaper. Each case runs a starter in a
// child process, kills that process, and expects the server's port closed and its folder gone within seconds.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { freePort } from '../src/free-port';
import { ensureQueueServices } from '../src/queue-services';
import { withInstallLock } from '../src/runtime-cache';

let work: string;
let script: string;
/** process groups the cases saw started: killed in afterAll should the reaper have missed them */
const started: number[] = [];

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'lf-reaper-test-'));
	script = path.join(work, 'reaped-server.js');
	await build({ entryPoints: [path.join(__dirname, 'fixtures', 'reaped-server.ts')], bundle: true, platform: 'node', target: 'node20', outfile: script, logLevel: 'error' });
	// apt-installs them on a fresh machine, before any case's clock runs
	await ensureQueueServices();
}, 20 * 60_000);

afterAll(() => {
	for (const pgid of started) {
		try {
			process.kill(-pgid, 'SIGKILL');
		} catch {
			/* reaped, as expected */
		}
	}
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

/** Runs the fixture until it prints what it started. */
async function startChild(args: string[]): Promise<{ child: ChildProcess; started: { port: number; dir?: string; pid?: number; lockDir?: string } }> {
	const child = spawn(process.execPath, [script, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
	let out = '';
	let err = '';
	child.stderr!.on('data', (d) => (err += d));
	const line = await new Promise<string>((resolve, reject) => {
		child.stdout!.on('data', (d) => {
			out += d;
			if (out.includes('\n')) resolve(out.split('\n')[0]);
		});
		child.once('exit', (code, signal) => reject(new Error(`fixture ${args[0]} ended (${signal || code}) before starting: ${err}`)));
	});
	const info = JSON.parse(line);
	if (info.pid) started.push(info.pid);
	return { child, started: info };
}

const portOpen = (port: number) =>
	new Promise<boolean>((resolve) => {
		const socket = net.connect(port, '127.0.0.1', () => (socket.destroy(), resolve(true)));
		socket.once('error', () => resolve(false));
	});

async function waitFor(what: string, check: () => boolean | Promise<boolean>, ms: number): Promise<void> {
	for (const end = Date.now() + ms; !(await check()); await new Promise((r) => setTimeout(r, 100))) {
		if (Date.now() > end) throw new Error(`not within ${ms} ms: ${what}`);
	}
}

async function killAndExpectCleanedUp(server: 'redis' | 'postgres', signal: NodeJS.Signals): Promise<void> {
	const { child, started: s } = await startChild([server]);
	expect(await portOpen(s.port)).toBe(true);
	expect(fs.existsSync(s.dir!)).toBe(true);
	const gone = new Promise((r) => child.once('exit', r));
	child.kill(signal);
	await gone;
	await waitFor(`${server} port ${s.port} closed`, async () => !(await portOpen(s.port)), 5000);
	await waitFor(`${s.dir} removed`, () => !fs.existsSync(s.dir!), 5000);
}

test('Redis started by a test process that is SIGKILLed is killed and its folder removed', async () => {
	await killAndExpectCleanedUp('redis', 'SIGKILL');
}, 60_000);

test('Redis started by a test process interrupted with SIGINT (Ctrl-C) is killed and its folder removed', async () => {
	await killAndExpectCleanedUp('redis', 'SIGINT');
}, 60_000);

test('PostgreSQL (as the postgres user under root, through runuser) started by a SIGKILLed test process is killed and its folder removed', async () => {
	await killAndExpectCleanedUp('postgres', 'SIGKILL');
}, 60_000);

test('an install interrupted by a SIGKILL stops its npm child and frees the lock for the next installer at once', async () => {
	const target = path.join(work, 'install');
	const { child, started: s } = await startChild(['install', target, String(await freePort())]);
	await waitFor('the install child to listen', () => portOpen(s.port), 10_000);
	const owner = JSON.parse(fs.readFileSync(path.join(s.lockDir!, 'owner.json'), 'utf8'));
	started.push(owner.childPid);
	const gone = new Promise((r) => child.once('exit', r));
	child.kill('SIGKILL');
	await gone;
	await waitFor(`install child's port ${s.port} closed`, async () => !(await portOpen(s.port)), 5000);
	// owner and child both dead: the next installer takes the lock over instead of waiting for a live npm
	const took = await withInstallLock(target, { say: () => {}, staleMs: 30 * 60_000, timeoutMs: 5000, noticeMs: 60_000 }, async () => 'taken over');
	expect(took).toBe('taken over');
}, 60_000);
