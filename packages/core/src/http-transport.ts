import http from 'node:http';
import https from 'node:https';
import type { Transport } from './transport';
import { TransportError, transportErrorFrom } from './transport';

/**
 * The default transport: node:http(s) over keep-alive agents, status and raw text handed back untouched.
 * Plain node:http rather than an HTTP library: on a 5,000-call sweep a library's per-request work cost 1.6×
 * the bare request time (npm run bench), and this is all the client needs.
 */
export function createHttpTransport(options: { maxSockets?: number } = {}): Transport & { close(): void } {
	const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
	const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
	const transport = ((req) =>
		new Promise((resolve, reject) => {
			const url = new URL(req.url);
			const lib = url.protocol === 'https:' ? https : http;
			const agent = agents[url.protocol as keyof typeof agents];
			if (!agent) return reject(new TransportError('refused', `unsupported protocol ${url.protocol}`));
			const payload = JSON.stringify(req.body);
			const request = lib.request(
				url,
				{ method: 'POST', agent, signal: req.signal, headers: { ...req.headers, 'Content-Length': Buffer.byteLength(payload) } },
				(res) => {
					const chunks: Buffer[] = [];
					res.on('data', (c: Buffer) => chunks.push(c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
					res.on('error', (err) => reject(transportErrorFrom(err)));
				},
			);
			// No answer within the timeout: give up on the socket; the caller decides whether that may be retried.
			request.setTimeout(req.timeoutMs, () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
			request.on('error', (err) => reject(transportErrorFrom(err)));
			request.end(payload);
		})) as Transport & { close(): void };
	transport.close = () => {
		agents['http:'].destroy();
		agents['https:'].destroy();
	};
	return transport;
}
