import http from 'node:http';
import { bodyText, requestUrl, type Transport } from '@linksfield-cube/core/node';

/**
 * A bare node:http transport for the memory figure only: the same sweep without axios in each request, to show
 * what the transport adds to the peak. No proxy, no TLS options, no error classes — not for use elsewhere.
 */
export function nodeHttpTransport(): Transport & { close(): void } {
	const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
	const transport = ((req) =>
		new Promise((resolve, reject) => {
			const data = bodyText(req);
			const length = data === undefined ? {} : { 'content-length': Buffer.byteLength(data) };
			const request = http.request(requestUrl(req), { method: req.method ?? 'POST', agent, timeout: req.timeoutMs, headers: { ...req.headers, ...length } }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
				res.on('error', reject);
			});
			request.on('timeout', () => request.destroy(new Error('timeout')));
			request.on('error', reject);
			request.end(data);
		})) as Transport & { close(): void };
	transport.close = () => agent.destroy();
	return transport;
}
