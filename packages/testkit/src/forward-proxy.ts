import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureProgram } from './apt-package';
import { freePort } from './free-port';
import { reapOnExit } from './reaper';

export interface ForwardProxy {
	/** http://127.0.0.1:<port> */
	url: string;
	port: number;
	/** The request lines tinyproxy logged ("GET http://…", "CONNECT 127.0.0.1:…"). */
	requests(): string[];
	stop(): Promise<void>;
}

/**
 * A real forward proxy: Debian's tinyproxy (apt-installed when missing) on a free loopback port with a
 * throw-away config and log. `connectPorts` limits where CONNECT tunnels may go (tinyproxy answers 403
 * elsewhere); empty = anywhere.
 */
export async function startForwardProxy(options: { connectPorts?: number[] } = {}): Promise<ForwardProxy> {
	const tinyproxy = ensureProgram('tinyproxy', 'tinyproxy');
	const dir = mkdtempSync(join(tmpdir(), 'cube-proxy-'));
	const forgetDir = reapOnExit({ path: dir });
	// tinyproxy drops root to nobody, who must still write its log.
	chmodSync(dir, 0o777);
	const port = await freePort();
	const log = join(dir, 'tinyproxy.log');
	const config = [
		`Port ${port}`,
		'Listen 127.0.0.1',
		'Timeout 30',
		`LogFile "${log}"`,
		'LogLevel Connect',
		`PidFile "${join(dir, 'tinyproxy.pid')}"`,
		'MaxClients 100',
		'Allow 127.0.0.1',
		...(process.getuid?.() === 0 ? ['User nobody', 'Group nogroup'] : []),
		...(options.connectPorts ?? []).map((p) => `ConnectPort ${p}`),
	].join('\n');
	writeFileSync(join(dir, 'tinyproxy.conf'), config + '\n');
	const child: ChildProcess = spawn(tinyproxy, ['-d', '-c', join(dir, 'tinyproxy.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
	// a killed test process would leave it listening
	const forgetChild = child.pid ? reapOnExit({ pid: child.pid }) : () => {};
	child.once('exit', forgetChild);
	let stderr = '';
	child.stderr!.on('data', (c) => (stderr += c));
	await waitForPort(port, child, () => stderr);
	return {
		url: `http://127.0.0.1:${port}`,
		port,
		requests: () => {
			let text = '';
			try {
				text = readFileSync(log, 'utf8');
			} catch {
				return [];
			}
			return [...text.matchAll(/Request \(file descriptor \d+\): (.+)$/gm)].map((m) => m[1]);
		},
		stop: () =>
			new Promise<void>((resolve) => {
				const done = () => (rmSync(dir, { recursive: true, force: true }), forgetDir(), resolve());
				if (child.exitCode !== null || child.signalCode) return done();
				child.once('exit', done);
				child.kill('SIGTERM');
			}),
	};
}

async function waitForPort(port: number, child: ChildProcess, stderr: () => string): Promise<void> {
	for (let i = 0; i < 100; i++) {
		if (child.exitCode !== null) throw new Error(`tinyproxy exited (${child.exitCode}): ${stderr()}`);
		const open = await new Promise<boolean>((resolve) => {
			const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
			socket.once('error', () => resolve(false));
		});
		if (open) return;
		await new Promise((r) => setTimeout(r, 50));
	}
	throw new Error(`tinyproxy did not listen on ${port}: ${stderr()}`);
}
