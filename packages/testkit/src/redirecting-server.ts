import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
	method: string;
	path: string;
	body: string;
}

export interface RecordingServer {
	url: string;
	/** Every request that reached this server, in order. */
	received: ReceivedRequest[];
	close(): Promise<void>;
}

async function listen(answer: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<RecordingServer> {
	const received: ReceivedRequest[] = [];
	const server = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			received.push({ method: req.method ?? '', path: req.url ?? '', body });
			answer(req, res);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	const close = () =>
		new Promise<void>((resolve) => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return { url, received, close };
}

/**
 * A server that answers every request with a redirect (`status`) to the same path under `to`: a moved API, a
 * misconfigured gateway, or someone who wants a signed request to land elsewhere.
 */
export function startRedirectingServer(status: number, to: string): Promise<RecordingServer> {
	return listen((req, res) => res.writeHead(status, { Location: to.replace(/\/$/, '') + (req.url ?? '/'), 'Content-Length': '0' }).end());
}

/**
 * A stranger's server: records what reaches it and answers anything, GET included, with a Cube success envelope —
 * what a client that follows a redirect would take for a carried-out request.
 */
export function startStrangerServer(): Promise<RecordingServer> {
	return listen((_req, res) => {
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ code: '0000', data: { order_id: 'STRANGER' }, message: 'success', success: true }));
	});
}
