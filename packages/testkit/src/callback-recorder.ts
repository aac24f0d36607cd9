import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One delivery as it arrived: headers and the raw body. */
export interface Received {
	headers: http.IncomingHttpHeaders;
	raw: string;
}

export interface CallbackRecorder {
	url: string;
	received: Received[];
	/** Each delivery's body, parsed. */
	bodies(): Record<string, any>[]; // eslint-disable-line @typescript-eslint/no-explicit-any -- callback JSON of many shapes
	close(): Promise<void>;
}

/** A callback endpoint on a free port that records what arrives and answers with `status`. */
export async function startCallbackRecorder(status = 200): Promise<CallbackRecorder> {
	const received: Received[] = [];
	const server = http.createServer((req, res) => {
		let raw = '';
		req.setEncoding('utf8');
		req.on('data', (c) => (raw += c));
		req.on('end', () => {
			received.push({ headers: req.headers, raw });
			res.writeHead(status);
			res.end();
		});
	});
	await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/cube-callback`,
		received,
		bodies: () => received.map((r) => JSON.parse(r.raw)),
		close: () => new Promise<void>((r) => server.close(() => r())),
	};
}
