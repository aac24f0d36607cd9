import http from 'node:http';
import https from 'node:https';
import type { Transport } from './transport';
import { TransportError, transportErrorFrom } from './transport';

/**
 * The default transport: node:http(s) over keep-alive agents, status and raw text handed back untouched.
 * Plain node:http rather than an HTTP library: on a 5,000-call sweep a library's per-request work cost 1.6×
 * the bare request time (npm run bench). close() ends the agents and every request still in flight.
 */
export function createHttpTransport(options: { maxSockets?: number } = {}): Transport & { close(): void } {
	const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
	const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };
	const inFlight = new Set<http.ClientRequest>();
	// Parsed once per URL: the client sends to a handful of paths.
	const targets = new Map<string, { lib: typeof http | typeof https; agent: http.Agent; hostname: string; port: string; path: string }>();
	const target = (raw: string) => {
		let t = targets.get(raw);
		if (!t) {
			const url = new URL(raw);
			const agent = agents[url.protocol as keyof typeof agents];
			if (!agent) throw new TransportError('refused', `unsupported protocol ${url.protocol}`);
			t = { lib: url.protocol === 'https:' ? https : http, agent, hostname: url.hostname.replace(/^\[|\]$/g, ''), port: url.port, path: url.pathname + url.search };
			if (targets.size < 256) targets.set(raw, t);
		}
		return t;
	};
	const transport = ((req) =>
		new Promise((resolve, reject) => {
			let t;
			try {
				t = target(req.url);
			} catch (err) {
				return reject(transportErrorFrom(err));
			}
			const payload = JSON.stringify(req.body);
			const request = t.lib.request(
				{ method: 'POST', hostname: t.hostname, port: t.port, path: t.path, agent: t.agent, signal: req.signal, headers: { ...req.headers, 'Content-Length': Buffer.byteLength(payload) } },
				(res) => {
					let text = '';
					res.setEncoding('utf8');
					res.on('data', (c: string) => (text += c));
					res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
					res.on('error', (err) => reject(transportErrorFrom(err)));
				},
			);
			inFlight.add(request);
			request.once('close', () => inFlight.delete(request));
			// No answer within the timeout: give up on the socket; the caller decides whether that may be retried.
			request.setTimeout(req.timeoutMs, () => request.destroy(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })));
			request.on('error', (err) => reject(transportErrorFrom(err)));
			request.end(payload);
		})) as Transport & { close(): void };
	transport.close = () => {
		for (const request of inFlight) request.destroy(Object.assign(new Error('client closed'), { name: 'AbortError' }));
		agents['http:'].destroy();
		agents['https:'].destroy();
	};
	return transport;
}
