import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { clientOverheadFigure } from './client-overhead';
import { currentSweepFigure } from './current-sweep';
import { fleetSweepFigure } from './fleet-sweep';
import { memoryFigure } from './memory';
import { runtimesFigure } from './runtimes';
import { runtimesCurrentFigure } from './runtimes-current';
import { signingFigure } from './signing';
import { signV2Figure } from './sign-v2';

/** `npm run bench`: every figure with what it is compared against, measured side by side in one run. */
async function main() {
	// Figure names to run side by side (`node bench/run.mjs clientOverhead fleetSweep`); none = all of them.
	const only = process.argv.slice(2);
	const machine = { cpus: cpus().length, cpuModel: cpus()[0]?.model, memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version, date: new Date().toISOString() };
	console.log(`Linksfield Cube benchmarks — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}\n`);
	const figures: Record<string, () => Promise<unknown>> = {
		signing: signingFigure,
		signV2: signV2Figure,
		clientOverhead: clientOverheadFigure,
		fleetSweep: fleetSweepFigure,
		currentSweep: currentSweepFigure,
		runtimes: runtimesFigure,
		runtimesCurrent: runtimesCurrentFigure,
		memory: memoryFigure,
	};
	// Single figures update their entries and keep the others' last figures.
	const file = join(process.cwd(), 'bench', 'results.json');
	const previous = only.length && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>) : {};
	const results: Record<string, unknown> = { ...previous, machine };
	for (const [name, run] of Object.entries(figures)) {
		if (only.length && !only.includes(name)) continue;
		const t0 = Date.now();
		results[name] = await run();
		console.log(`${name} (${((Date.now() - t0) / 1000).toFixed(1)} s):\n${JSON.stringify(results[name], null, 2)}\n`);
	}
	mkdirSync(join(process.cwd(), 'bench'), { recursive: true });
	writeFileSync(file, JSON.stringify(results, null, 2) + '\n');
	console.log('Written to bench/results.json');
}

main().catch((err) => {
	console.error(err);
	process.exit(1);
});
