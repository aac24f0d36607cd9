import { readFileSync } from 'node:fs';
import { CubeClient } from '@linksfield-cube/core/node';

/** Child process of figure 5: one sweep, then its peak RSS (VmHWM) and the heap its results keep after a full GC. */
async function main() {
	const [url, count] = process.argv.slice(2);
	// The simulator's default account as literals: importing the testkit would load it into the process measured.
	const client = new CubeClient({ baseUrl: url, accessCode: 'P000270', secret: 'test-secret' });
	const iccids = (await client.getSimsInUse()).map((s) => String(s.assetId)).slice(0, Number(count));
	const results = await client.getUsageMany(iccids, { concurrency: 32 });
	client.close();
	const peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]);
	(globalThis as { gc?: () => void }).gc?.();
	const heapBytes = process.memoryUsage().heapUsed;
	process.stdout.write(JSON.stringify({ sims: iccids.length, ok: results.filter((r) => r.ok).length, peakRssBytes: peakKb * 1024, heapBytes }) + '\n');
}
main().catch((err) => {
	process.stderr.write(String(err) + '\n');
	process.exit(1);
});
