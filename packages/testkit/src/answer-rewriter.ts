import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A pass-through HTTP server in front of the simulator that changes JSON answers on their way back, for answers
 * the simulator never gives — a bulk order whose answer leaves a SIM out, which the core must report as "may
 * have been ordered". Requests reach the simulator as sent, so its counters still say what was carried out.
 */
export interface AnswerRewriter {
	/** Use as the base URL (same origin layout as the target). */
	url: string;
	close(): Promise<void>;
}

/** `rewrite` gets each answer's path and parsed JSON body and returns the body to send instead. */
export async function startAnswerRewriter(target: string, rewrite: (path: string, answer: unknown) => unknown): Promise<AnswerRewriter> {
	const base = new URL(target);
	const server = http.createServer((req, res) => {
		const upstream = http.request({ host: base.hostname, port: base.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
			const chunks: Buffer[] = [];
			up.on('data', (c: Buffer) => chunks.push(c));
			up.on('end', () => {
				const raw = Buffer.concat(chunks).toString('utf8');
				let body = raw;
				try {
					body = JSON.stringify(rewrite(req.url ?? '', JSON.parse(raw)));
				} catch {
					// Not JSON: passed on as it came.
				}
				const headers = { ...up.headers, 'content-length': String(Buffer.byteLength(body)) };
				delete headers['transfer-encoding'];
				res.writeHead(up.statusCode ?? 502, headers);
				res.end(body);
			});
		});
		upstream.on('error', () => {
			if (!res.headersSent) res.writeHead(502);
			res.end();
		});
		req.pipe(upstream);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${(server.address() as AddressInfo).port}${base.pathname.replace(/\/$/, '')}`,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
}

/** A rewrite for bulk orders: the answer's device_order without the entries of `iccids`. */
export const withoutBulkOrderEntries =
	(iccids: string[]) =>
	(path: string, answer: unknown): unknown => {
		const data = (answer as { data?: { device_order?: Array<{ device_id?: string }> } } | null)?.data;
		if (!path.endsWith('/package/batchOrderPackages') || !Array.isArray(data?.device_order)) return answer;
		return { ...(answer as object), data: { ...data, device_order: data.device_order.filter((e) => !iccids.includes(String(e.device_id))) } };
	};
