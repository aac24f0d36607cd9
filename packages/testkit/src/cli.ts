#!/usr/bin/env node
// Pre-warms the runtime cache: `linksfield-cube-testkit install n8n | node-red [4] [5] [floor]` installs what is
// missing and prints where it is as JSON.
import { ensureN8n } from './n8n-install';
import { ensureNodeRed, NODE_RED_VERSIONS, type NodeRedMajor } from './node-red-install';

async function main([command, runtime, ...rest]: string[]): Promise<void> {
	if (command !== 'install' || (runtime !== 'n8n' && runtime !== 'node-red')) {
		throw new Error('usage: linksfield-cube-testkit install n8n | node-red [4] [5] [floor]');
	}
	if (runtime === 'n8n') {
		console.log(JSON.stringify(await ensureN8n(), null, 2));
		return;
	}
	const majors = (rest.length ? rest : Object.keys(NODE_RED_VERSIONS.nodeRed)).map((m) => (m === 'floor' ? m : Number(m)) as NodeRedMajor);
	for (const major of majors) {
		const t0 = Date.now();
		const r = await ensureNodeRed(major);
		console.log(JSON.stringify({ major, version: r.version, nodeBin: r.nodeBin, redJs: r.redJs, ms: Date.now() - t0 }));
	}
}

main(process.argv.slice(2)).catch((err: Error) => {
	console.error(err.message);
	process.exitCode = 1;
});
