#!/usr/bin/env node
/**
 * Throughput of the simulator under a simple load: keep-alive, 32 concurrent requests, signed usage queries
 * over a 100,000-SIM fleet. Bodies are signed before the clock starts, so the figure is the simulator's.
 * Run after `npm run build`: node scripts/throughput.js [requests] [concurrency]
 */
const http = require('node:http');
const { spawn } = require('node:child_process');
const path = require('node:path');
const { signRequestBody } = require('@linksfield-cube/core');
// The account the CLI starts with: the load signs as it.
const { DEFAULT_ACCOUNT } = require('../dist/options');

const total = Number(process.argv[2] ?? 50000);
const concurrency = Number(process.argv[3] ?? 32);

/** The simulator runs in its own process, as in a benchmark, so the load generator does not share its event loop. */
function startCli() {
	const child = spawn(process.execPath, [path.join(__dirname, '../dist/cli.js'), '--port', '0', '--seed', 'fleet:100000'], { stdio: ['ignore', 'pipe', 'inherit'] });
	return new Promise((resolve, reject) => {
		let out = '';
		child.stdout.on('data', (c) => {
			out += c;
			const m = /listening on (http:\/\/\S+)/.exec(out);
			if (m) resolve({ url: m[1], close: () => child.kill('SIGINT') });
		});
		child.on('exit', (code) => reject(new Error(`simulator exited with ${code}`)));
	});
}

async function main() {
	const sim = await startCli();
	const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
	const first = await post(sim.url, agent, '/package/queryOrder', { page_no: 1000, page_size: 100 });
	const iccids = JSON.parse(first).data.package_order.map((o) => o.deviceId);
	const bodies = Array.from({ length: total }, (_, i) =>
		JSON.stringify(signRequestBody({ device_id: iccids[i % iccids.length] }, DEFAULT_ACCOUNT)),
	);
	let next = 0;
	let failed = 0;
	const started = process.hrtime.bigint();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			while (next < total) {
				const text = await post(sim.url, agent, '/flow/queryDeviceFlowUsage', bodies[next++]);
				if (!text.startsWith('{"code":"0000"')) failed++;
			}
		}),
	);
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	console.log(`${total} requests, concurrency ${concurrency}, keep-alive: ${(total / seconds).toFixed(0)} req/s (${seconds.toFixed(2)} s, ${failed} failed), node ${process.version}`);
	agent.destroy();
	sim.close();
}

function post(url, agent, path, body) {
	const text = typeof body === 'string' ? body : JSON.stringify(signRequestBody(body, DEFAULT_ACCOUNT));
	return new Promise((resolve, reject) => {
		const req = http.request(url + path, { method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) } }, (res) => {
			let raw = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (raw += c));
			res.on('end', () => resolve(raw));
		});
		req.on('error', reject);
		req.end(text);
	});
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
