#!/usr/bin/env node
// `npm run demo:n8n`: the simulator and a real n8n (2.40.7 on Node 24, installed once into the cache) with
// this package installed from its tarball, two credentials pointing at the simulator — the legacy one (access
// code and secret) and a key-pair one (the simulator's demo key pair, its /cube/v4) — and the example workflows of
// both APIs. Nothing here talks to a Linksfield host.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureN8n, n8n, packPackage, startSimulatorProcess, TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { nearlyOut } from './seed.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PORT = Number(process.env.DEMO_N8N_PORT ?? 5678);
const SIM_PORT = process.env.DEMO_SIMULATOR_PORT ?? '8787';
const LOGIN = { email: 'demo@example.com', password: 'Demo-password-1', firstName: 'Demo', lastName: 'User' };
const CREDENTIAL = { id: 'LfDemoCredential1', name: 'Linksfield Cube (local simulator)' };
const KEY_PAIR_CREDENTIAL = { id: 'LfDemoCredential2', name: 'Linksfield Cube key pair (local simulator)' };
// The headline workflow of each API: each runs once after n8n has started.
const HEADLINES = { legacy: 'usage-check-renew.json', current: 'current-usage-add-bundle.json' };
const PACKAGE = 'n8n-nodes-linksfield-cube';

async function main() {
	console.log('Preparing n8n 2.40.7 (first run: a few minutes to install into ~/.cache/linksfield-cube) …');
	await ensureN8n();
	const work = mkdtempSync(join(tmpdir(), 'lf-demo-n8n-'));
	const sim = await startSimulatorProcess(['--port', SIM_PORT, '--seed', 'demo'], { echo: true });
	const userDir = n8n.createUserDir({ prefix: 'lf-demo-n8n-user-' });
	let server;
	const stop = async () => {
		console.log('\nStopping n8n and the simulator …');
		await server?.stop();
		await sim.stop();
		n8n.removeUserDir(userDir);
		rmSync(work, { recursive: true, force: true });
		process.exit(0);
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);

	await n8n.installCommunityPackage(userDir, packPackage(ROOT, work));
	const { accessCode, secret, notificationSecret } = TEST_ACCOUNT;
	const credentials = join(work, 'credentials.json');
	const { demoKey } = await sim.admin('GET', '/current');
	if (!demoKey) throw new Error('the simulator has no demo key pair for the current API');
	const keyPair = { environment: 'custom', baseUrl: `${sim.url}/cube/v4`, keyId: demoKey.keyId, privateKey: readFileSync(demoKey.privateKeyPath, 'utf8'), notificationKeyId: 'test-key-id', notificationSecretKey: 'test-notification-key', language: 'en-US' };
	writeFileSync(
		credentials,
		JSON.stringify([
			{ ...CREDENTIAL, type: 'linksfieldCubeApi', data: { environment: 'custom', baseUrl: sim.url, accessCode, secret, notificationSecret, language: 'en-US', timestampUnit: 's' } },
			{ ...KEY_PAIR_CREDENTIAL, type: 'linksfieldCubeKeyPairApi', data: keyPair },
		]),
	);
	await n8n.importCredentials(userDir, credentials);

	const examples = readdirSync(join(ROOT, 'examples', 'n8n')).filter((f) => f.endsWith('.json'));
	const workflows = examples.map((file, i) => {
		const workflow = JSON.parse(readFileSync(join(ROOT, 'examples', 'n8n', file), 'utf8'));
		for (const node of workflow.nodes) if (node.credentials) node.credentials = 'linksfieldCubeKeyPairApi' in node.credentials ? { linksfieldCubeKeyPairApi: KEY_PAIR_CREDENTIAL } : { linksfieldCubeApi: CREDENTIAL };
		return { ...workflow, id: `LfDemoWorkflow${String(i).padStart(3, '0')}`, active: false };
	});
	const file = join(work, 'workflows.json');
	writeFileSync(file, JSON.stringify(workflows));
	await n8n.importWorkflow(userDir, file);
	const usesKeyPair = (w) => w.nodes.some((node) => node.credentials && 'linksfieldCubeKeyPairApi' in node.credentials);
	const headline = workflows[examples.indexOf(HEADLINES.legacy)] ?? workflows[0];
	const currentHeadline = workflows[examples.indexOf(HEADLINES.current)];
	// The callback workflow (legacy) and the notification workflow (current) listen while n8n runs; the simulator
	// sends its callbacks and its notifications there.
	const listeners = workflows.filter((w) => w.nodes.some((node) => node.type === `${PACKAGE}.linksfieldCubeTrigger`));
	const callbacks = listeners.find((w) => !usesKeyPair(w));
	const notifications = listeners.find(usesKeyPair);
	const webhookOf = (w) => w?.nodes.find((node) => node.webhookId)?.webhookId;
	for (const w of listeners) await n8n.activateWorkflow(userDir, w.id);

	server = await n8n.startN8n(userDir, PORT, { env: await n8n.ownerEnv(LOGIN), timeoutMs: 180_000 });
	if (webhookOf(callbacks)) await sim.admin('PUT', '/callback-url', { url: `${server.url}/webhook/${webhookOf(callbacks)}/linksfield-cube` });
	if (webhookOf(notifications)) await sim.admin('PUT', '/current/notification-url', { url: `${server.url}/webhook/${webhookOf(notifications)}/linksfield-cube` });
	const headlineRun = await runOnce(server.url, headline);
	const { renewals } = await sim.admin('GET', '/counters');
	// The current headline workflow's SIMs: a few more of the fleet nearly out (the renewals took the others below 90 %).
	await nearlyOut(sim, 3);
	const currentRun = await runOnce(server.url, currentHeadline);
	const { bundlesAdded } = await sim.admin('GET', '/current/counters');
	console.log(`
n8n is running: ${server.url}
  Log in:       ${LOGIN.email} / ${LOGIN.password}
  Legacy API (credential "${CREDENTIAL.name}", access code and secret):
    Ran once:     "${headline?.name}" (execution ${headlineRun.id}, ${headlineRun.status}): usage of every SIM in
                  use and a renewal for each SIM at 90 % or more — ${renewals} renewal(s) in the simulator's counters.
    Callbacks:    "${callbacks?.name}" is active; make the simulator send one:
                  curl -X POST ${sim.url}/_sim/callbacks -H 'content-type: application/json' -d '{"kind":"usageWarning"}'
                  then open Executions (the same warning again within 24 h is acknowledged but dropped as a replay).
  Current API (credential "${KEY_PAIR_CREDENTIAL.name}", the simulator's demo key pair):
    Ran once:     "${currentHeadline?.name}" (execution ${currentRun.id}, ${currentRun.status}): usage of every SIM
                  from SIM pages and the bundle in use added to each SIM at 90 % or more — ${bundlesAdded} bundle(s) added.
    Notifications: "${notifications?.name}" is active; make the simulator send one:
                  curl -X POST ${sim.url}/_sim/current/notifications -H 'content-type: application/json' -d '{"kind":"usage","simId":"89852022018041800150"}'
  See the runs under Executions; open a workflow and click "Execute workflow" to run it again.
  Simulator:    ${sim.url}  (admin API: ${sim.url}/_sim, counters: ${sim.url}/_sim/counters, ${sim.url}/_sim/current/counters)
Ctrl-C stops everything.
DEMO READY ${JSON.stringify({ n8n: server.url, simulator: sim.url, headlineExecution: headlineRun.id, status: headlineRun.status, renewals, currentExecution: currentRun.id, currentStatus: currentRun.status, bundlesAdded })}`);
}

/**
 * Runs a workflow once as the editor's "Execute workflow" does (POST /rest/workflows/:id/run from its trigger,
 * as the demo user), so it shows in n8n's executions list, and waits until it has finished.
 */
async function runOnce(url, workflow) {
	const cookie = await n8n.login(url, LOGIN);
	const trigger = workflow.nodes.find((node) => /trigger/i.test(node.type));
	const rest = async (method, path, body) => {
		const res = await fetch(`${url}/rest${path}`, { method, headers: { 'content-type': 'application/json', cookie }, body: body && JSON.stringify(body) });
		if (!res.ok) throw new Error(`${method} /rest${path}: HTTP ${res.status} ${await res.text()}`);
		return (await res.json()).data;
	};
	const { executionId } = await rest('POST', `/workflows/${workflow.id}/run`, { triggerToStartFrom: { name: trigger.name } });
	for (const deadline = Date.now() + 120_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
		const execution = await rest('GET', `/executions/${executionId}`);
		if (execution?.finished || ['success', 'error', 'crashed', 'canceled'].includes(execution?.status)) return { id: executionId, status: execution.status };
	}
	throw new Error(`the run of "${workflow.name}" (execution ${executionId}) did not finish within 2 minutes`);
}

main().catch((err) => {
	console.error(`demo:n8n failed: ${err.message}`);
	process.exit(1);
});
