import { readFileSync } from 'node:fs';
import { createCurrentClient } from '@linksfield-cube/core/node';

/**
 * Child process of the current sweep figure: one usage sweep of the simulator's whole fleet, its result (every SIM's
 * facts) held, then the heap after a full GC and the peak RSS (VmHWM).
 */
async function main() {
	const [baseUrl, keyId, keyFile] = process.argv.slice(2);
	const client = createCurrentClient({ baseUrl, keyId, privateKey: readFileSync(keyFile, 'utf8'), ratePerSecond: 0 });
	const result = await client.sweepUsage();
	client.close();
	const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
	(globalThis as { gc?: () => void }).gc?.();
	const heapBytes = process.memoryUsage().heapUsed;
	process.stdout.write(JSON.stringify({ sims: result.sims.length, pages: result.pages, heapBytes, peakRssBytes: peakKb * 1024 }) + '\n');
}
main().catch((err) => {
	process.stderr.write(String(err) + '\n');
	process.exit(1);
});
