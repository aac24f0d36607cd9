import type { HttpRequest } from './node-red-api';

/**
 * The callback body as received, for the x-lf-md5 check. Reads at most `limit + 1` bytes: the receiver then
 * sees that it is too large and answers 413, without this node holding an unbounded body in memory.
 * When middleware already consumed the stream (Node-RED's own raw-body capture, or httpNodeMiddleware),
 * its result is used instead.
 */
export function readRawBody(req: HttpRequest, limit: number): Promise<Buffer | string> {
	if (req._body || req.readableEnded) {
		const body = req.body;
		if (Buffer.isBuffer(body) || typeof body === 'string') return Promise.resolve(body);
		// Parsed by someone else: the digest is over the parsed key/value pairs (spec §7.1), so JSON text is equivalent.
		return Promise.resolve(body === undefined ? '' : JSON.stringify(body));
	}
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		let finished = false;
		const finish = () => {
			if (finished) return;
			finished = true;
			resolve(Buffer.concat(chunks));
		};
		req.on('data', (chunk: Buffer) => {
			if (finished) return;
			chunks.push(chunk);
			size += chunk.length;
			if (size > limit) finish();
		});
		req.on('end', finish);
		req.on('error', (err: Error) => {
			if (!finished) {
				finished = true;
				reject(err);
			}
		});
	});
}
