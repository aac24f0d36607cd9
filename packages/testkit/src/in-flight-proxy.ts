import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP proxy in front of the simulator that counts requests still waiting for their answer:
 * the runtimes point their base URL here, so a test can redeploy / deactivate while requests are provably in
 * flight. Clients that hang up early (a node closing its client) are counted as aborted, never as errors.
 */
export interface InFlightProxy {
	url: string;
	inFlight(): number;
	started(): number;
	answered(): number;
	/** Requests whose client went away before the answer. */
	aborted(): number;
	/** Every request: when it started (Date.now()), its path and its body. */
	log(): Array<{ at: number; path: string; body: string }>;
	close(): Promise<void>;
}

export async function startInFlightProxy(target: string): Promise<InFlightProxy> {
	const base = new URL(target);
	let inFlight = 0;
	let started = 0;
	let answered = 0;
	let aborted = 0;
	const log: Array<{ at: number; path: string; body: string }> = [];
	const server = http.createServer((req, res) => {
		const entry = { at: Date.now(), path: req.url ?? '', body: '' };
		log.push(entry);
		req.on('data', (chunk: Buffer) => (entry.body += chunk.toString('utf8')));
		inFlight++;
		started++;
		let settled = false;
		const settle = (ok: boolean) => {
			if (settled) return;
			settled = true;
			inFlight--;
			if (ok) answered++;
			else aborted++;
		};
		const upstream = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
			res.writeHead(up.statusCode ?? 502, up.headers);
			up.pipe(res);
			up.on('end', () => settle(true));
			up.on('error', () => settle(false));
		});
		upstream.on('error', () => {
			settle(false);
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		res.on('close', () => {
			if (!settled) {
				settle(false);
				upstream.destroy();
			}
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		inFlight: () => inFlight,
		started: () => started,
		answered: () => answered,
		aborted: () => aborted,
		log: () => log,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}
