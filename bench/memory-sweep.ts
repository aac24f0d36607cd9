import { readFileSync } from 'node:fs';
import { CubeClient } from '@linksfield-cube/core/node';
import { nodeHttpTransport } from './node-http-transport';

/**
 * Child process of figure 5: one sweep, then its peak RSS (VmHWM) and the heap its results keep after a full GC.
 * The ICCIDs come from a JSON file; the requests go through the default axios transport, or with `node-http`
 * through a bare node:http one (for comparison only).
 */
async function main() {
	const [url, count, file, transport] = process.argv.slice(2);
	// The simulator's default account as literals: importing the testkit would load it into the process measured.
	const bare = transport === 'node-http' ? nodeHttpTransport() : undefined;
	const client = new CubeClient({ baseUrl: url, accessCode: 'P000270', secret: 'test-secret', transport: bare });
	const all = JSON.parse(readFileSync(file, 'utf8')) as string[];
	const iccids = all.slice(0, Number(count));
	all.length = 0;
	const results = await client.getUsageMany(iccids, { concurrency: 32 });
	client.close();
	bare?.close();
	const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
	(globalThis as { gc?: () => void }).gc?.();
	const heapBytes = process.memoryUsage().heapUsed;
	process.stdout.write(JSON.stringify({ sims: iccids.length, ok: results.filter((r) => r.ok).length, peakRssBytes: peakKb * 1024, heapBytes }) + '\n');
}
main().catch((err) => {
	process.stderr.write(String(err) + '\n');
	process.exit(1);
});
