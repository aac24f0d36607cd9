#!/usr/bin/env node
// `npm run demo`: the simulator and a real Node-RED (4.1 on this machine's Node; DEMO_NODE_RED_MAJOR=5 for 5.x
// on Node 24) with our node set installed from its tarball and every example flow deployed, each on its own tab:
// the legacy examples share one config node (the simulator's access code), the current-API ones another (API
// current, the simulator's demo key pair, its /cube/v4). Nothing here talks to a Linksfield host.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { nodeRed, packPackage, startSimulatorProcess, TEST_ACCOUNT as ACCOUNT } from '@linksfield-cube/testkit';
import { nearlyOut } from './seed.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE_DIR = join(ROOT, 'packages', 'node-red');
const EXAMPLES = join(PACKAGE_DIR, 'examples');
const CONFIG_TYPE = 'linksfield-cube-config';
// The headline flow of each API: their tabs come first and each runs once when the demo starts.
const HEADLINES = { legacy: 'usage-check-renew.json', current: 'current-usage-add-bundle.json' };
// The simulator's notification key (its default, printed in its banner).
const NOTIFICATION_KEY = { notificationKeyId: 'test-key-id', notificationKey: 'test-notification-key' };

/**
 * Every example on a tab of its own; one config node per API: the legacy one with the simulator's test account,
 * the current one (API current, at the simulator's /cube/v4) with its demo key pair `{keyId, privateKey}`.
 */
export function demoFlows(simulatorUrl, demoKey) {
	const flows = [];
	const configs = {};
	const replaced = new Map();
	const headlines = Object.values(HEADLINES);
	const files = readdirSync(EXAMPLES).filter((f) => f.endsWith('.json'));
	// The headline flows' tabs first: the editor opens on the legacy one.
	for (const file of [...headlines, ...files.filter((f) => !headlines.includes(f)).sort()]) {
		const nodes = JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8'));
		const tab = { id: `demo-tab-${flows.length}`, type: 'tab', label: nodes.find((n) => n.type === 'comment')?.name ?? file };
		flows.push(tab);
		for (const node of nodes) {
			if (node.type === CONFIG_TYPE) {
				const api = node.api === 'current' ? 'current' : 'legacy';
				if (configs[api]) replaced.set(node.id, configs[api].id);
				else if (api === 'current') flows.push((configs.current = { ...node, name: 'Linksfield Cube current API (local simulator)', environment: 'custom', baseUrl: `${simulatorUrl}/cube/v4`, credentials: { ...demoKey, ...NOTIFICATION_KEY } }));
				else flows.push((configs.legacy = { ...node, name: 'Linksfield Cube (local simulator)', environment: 'custom', baseUrl: simulatorUrl, credentials: ACCOUNT }));
				continue;
			}
			// The legacy headline flow runs once right after the deploy, then every hour as the example says; the current
			// one is fired by main() once the legacy one is done (both read the same fleet: a renewal takes a SIM below 90 %).
			const runNow = node.type === 'inject' && file === HEADLINES.legacy;
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
	const { demoKey } = await sim.admin('GET', '/current');
	if (!demoKey) throw new Error('the simulator has no demo key pair for the current API');
	const flows = demoFlows(sim.url, { keyId: demoKey.keyId, privateKey: readFileSync(demoKey.privateKeyPath, 'utf8') });
	const currentConfig = flows.find((n) => n.type === CONFIG_TYPE && n.api === 'current')?.id;
	const callbackIn = flows.find((n) => n.type === 'linksfield-cube-in' && n.cube !== currentConfig);
	const webhook = flows.find((n) => n.type === 'linksfield-cube-in' && n.cube === currentConfig);
	if (callbackIn) await sim.admin('PUT', '/callback-url', { url: `${red.url}${callbackIn.path}` });
	if (webhook) await sim.admin('PUT', '/current/notification-url', { url: `${red.url}${webhook.path}` });
	await nodeRed.deployFlows(red.url, flows);
	const tabOf = (file) => flows.find((n) => n.type === 'tab' && n.label === JSON.parse(readFileSync(join(EXAMPLES, file), 'utf8')).find((x) => x.type === 'comment')?.name)?.label ?? file;
	const { renewals = 0 } = await settled(async () => {
		const { renewals } = await sim.admin('GET', '/counters');
		return renewals > 0 && { renewals };
	});
	// The current headline flow's SIMs: a few more of the fleet nearly out, then its inject button pressed.
	await nearlyOut(sim, 3);
	const currentTab = flows.find((n) => n.type === 'tab' && n.label === tabOf(HEADLINES.current));
	await nodeRed.inject(red.url, flows.find((n) => n.type === 'inject' && n.z === currentTab?.id).id);
	const { bundlesAdded = 0 } = await settled(async () => {
		const { bundlesAdded, jobsPending } = await sim.admin('GET', '/current/counters');
		return bundlesAdded > 0 && jobsPending === 0 && { bundlesAdded };
	});
	console.log(`
Node-RED ${red.version} is running: ${red.url}
  Open the editor, then the debug sidebar (the bug icon, top right).
  Legacy API (config node "Linksfield Cube (local simulator)", access code and secret):
    Tab "${tabOf(HEADLINES.legacy)}":
      ran once at start: usage of every SIM in use, and a renewal for each SIM at 90 % or more
      (the simulator has a few) — ${renewals} renewal(s); click the inject button to run it again.
    Tab with the callback-in node: the simulator sends its callbacks to ${red.url}${callbackIn?.path ?? ''}; fire one:
      curl -X POST ${sim.url}/_sim/callbacks -H 'content-type: application/json' -d '{"kind":"usageWarning"}'
      (the same warning again within 24 h is acknowledged but dropped as a replay)
  Current API (config node "Linksfield Cube current API (local simulator)", the simulator's demo key pair):
    Tab "${tabOf(HEADLINES.current)}":
      ran once at start: usage of every SIM from SIM pages, and the bundle in use added to each SIM at 90 % or more,
      its result waited for — ${bundlesAdded} bundle(s) added; click the inject button to run it again.
    Tab with the webhook: the simulator sends its signed notifications to ${red.url}${webhook?.path ?? ''}; fire one:
      curl -X POST ${sim.url}/_sim/current/notifications -H 'content-type: application/json' -d '{"kind":"usage","simId":"89852022018041800150"}'
  Simulator: ${sim.url}  (counters: ${sim.url}/_sim/counters, ${sim.url}/_sim/current/counters)
Ctrl-C stops everything.
DEMO READY ${JSON.stringify({ nodeRed: red.url, simulator: sim.url, renewals, bundlesAdded })}`);
}

/**
 * Polls count() once a second until it answers the same counts twice in a row (a flow's run has come to rest), at
 * most 60 s; then returns its last counts.
 */
async function settled(count) {
	let last = '';
	for (const deadline = Date.now() + 60_000; ; await new Promise((r) => setTimeout(r, 1000))) {
		const counts = await count();
		if ((counts && JSON.stringify(counts) === last) || Date.now() > deadline) return counts || {};
		last = JSON.stringify(counts);
	}
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	main().catch((err) => {
		console.error(`demo failed: ${err.message}`);
		process.exit(1);
	});
}
