import type http from 'node:http';

/** A request's body as text, or undefined when it is longer than `maxBytes` (read to the end all the same, kept no further). */
export function readBody(req: http.IncomingMessage, maxBytes: number): Promise<string | undefined> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= maxBytes) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks).toString('utf8')));
		req.on('error', reject);
	});
}
