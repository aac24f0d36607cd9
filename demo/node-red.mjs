#!/usr/bin/env node
// `npm run demo`: the simulator and a real Node-RED (4.1 on this machine's Node; DEMO_NODE_RED_MAJOR=5 for 5.x
// on Node 24) with our node set installed from its tarball and every example flow deployed, each on its own tab,
// sharing one config node that points at the simulator. Nothing here talks to a Linksfield host.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRed, packPackage, startSimulatorProcess, TEST_ACCOUNT as ACCOUNT } from '@linksfield-cube/testkit';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = join(ROOT, 'packages', 'node-red');
const EXAMPLES = join(PACKAGE_DIR, 'examples');
const CONFIG_TYPE = 'linksfield-cube-config';
const HEADLINE = 'usage-check-renew.json';

/** Every example on a tab of its own, one shared config node (with the simulator's test credentials). */
export function demoFlows(simulatorUrl) {
	const flows = [];
	let config;
	const replaced = new Map();
	const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
	// The headline flow's tab first: it is what the editor opens on.
	for (const file of [HEADLINE, ...files.filter((f) => f !== HEADLINE).sort()]) {
		const nodes = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
		const tab = { id: `demo-tab-${flows.length}`, type: 'tab', label: nodes.find((n) => n.type === 'comment')?.name ?? file };
		flows.push(tab);
		for (const node of nodes) {
			if (node.type === CONFIG_TYPE) {
				if (config) replaced.set(node.id, config.id);
				else flows.push((config = { ...node, name: 'Linksfield Cube (local simulator)', environment: 'custom', baseUrl: simulatorUrl, credentials: ACCOUNT }));
				continue;
			}
			// The headline flow runs once right after the deploy, then every hour as the example says.
			const runNow = node.type === 'inject' && file === HEADLINE;
			flows.push({ ...node, z: tab.id, ...(runNow ? { once: true, onceDelay: 2 } : {}) });
		}
	}
	for (const node of flows) for (const [key, value] of Object.entries(node)) if (replaced.has(value)) node[key] = replaced.get(value);
	return flows;
}

async function main() {
	const work = mkdtempSync(join(tmpdir(), 'lf-demo-node-red-'));
	const major = Number(process.env.DEMO_NODE_RED_MAJOR ?? 4);
	const port = Number(process.env.DEMO_NODE_RED_PORT ?? 1880) || undefined;
	const sim = await startSimulatorProcess(['--port', process.env.DEMO_SIMULATOR_PORT ?? '8787', '--seed', 'demo'], { echo: true });
	let red;
	const stop = async () => {
		console.log('\nStopping Node-RED and the simulator …');
		await red?.stop();
		await sim.stop();
		rmSync(work, { recursive: true, force: true });
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);

	console.log(`Starting Node-RED ${major}.x with @linksfield-cube/node-red installed from its tarball …`);
	red = await nodeRed.startNodeRed({ major, port, packages: [packPackage(PACKAGE_DIR, work)], startTimeoutMs: 180_000 });
	const flows = demoFlows(sim.url);
	await nodeRed.deployFlows(red.url, flows);
	const callbackIn = flows.find((n) => n.type === 'linksfield-cube-in');
	if (callbackIn) await sim.admin('PUT', '/callback-url', { url: `${red.url}${callbackIn.path}` });
	console.log(`
Node-RED ${red.version} is running: ${red.url}
  Open the editor, then the debug sidebar (the bug icon, top right).
  Tab "${flows.find((n) => n.type === 'tab').label}":
    ran once at start: usage of every SIM in use, and a renewal for each SIM at 90 % or more
    (the simulator has a few); click the inject button to run it again.
  Tab with the callback-in node: the simulator sends its callbacks to ${red.url}${callbackIn?.path ?? ''}; fire one:
    curl -X POST ${sim.url}/_sim/callbacks -H 'content-type: application/json' -d '{"kind":"usageWarning"}'
    (the same warning again within 24 h is acknowledged but dropped as a replay)
  Simulator: ${sim.url}  (counters: ${sim.url}/_sim/counters)
Ctrl-C stops everything.
DEMO READY ${JSON.stringify({ nodeRed: red.url, simulator: sim.url })}`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((err) => {
		console.error(`demo failed: ${err.message}`);
		process.exit(1);
	});
}
