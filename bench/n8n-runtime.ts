import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './measure';
import { ensureN8n, n8n, packPackage, startSimulatorProcess, type N8nRun } from '@linksfield-cube/testkit';
import { ACCOUNT, ROOT, fleetIccids } from './runtime-harness';

const ITEMS = 1000;
const ROUNDS = 5;
const PACKAGE = 'n8n-nodes-linksfield-cube';
const CREDENTIAL = { id: 'LfBenchCredential1', name: 'Linksfield Cube (bench simulator)' };

/**
 * Every workflow starts the same way: Manual Trigger → a Code node that emits the 1,000 ICCIDs as items.
 * What differs is the work after it, so besides the whole execution (startedAt → stoppedAt) the figure
 * gives the time of the nodes that do the work (each node's executionTime in the run data).
 */
const iccidSource = (iccids: string[]) => ({
	id: 'src', name: 'ICCIDs', type: 'n8n-nodes-base.code', typeVersion: 2, position: [220, 0],
	parameters: { mode: 'runOnceForAllItems', jsCode: `return ${JSON.stringify(iccids)}.map((iccid) => ({ json: { iccid } }));` },
});
const trigger = { id: 'trg', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} };

/**
 * What a user writes without our node: the vendor's signing rule in a Code node. `require('crypto')` needs
 * NODE_FUNCTION_ALLOW_BUILTIN=crypto on the n8n instance (n8n blocks builtins in Code nodes by default).
 * The account sits in the code: a Code node cannot read n8n credentials.
 */
const DIY_SIGN = `
const crypto = require('crypto');
const ACCESS_CODE = '${ACCOUNT.accessCode}';
const SECRET = '${ACCOUNT.secret}';
return $input.all().map((item) => {
	const body = { device_id: item.json.iccid, access_code: ACCESS_CODE, timestamp: String(Math.floor(Date.now() / 1000)), version: '2.0' };
	const sorted = {};
	for (const key of Object.keys(body).sort()) if (body[key] !== undefined && body[key] !== null && body[key] !== '') sorted[key] = body[key];
	body.sign = crypto.createHmac('sha1', SECRET).update(JSON.stringify(sorted)).digest('base64');
	return { json: body };
});
`;

type Variant = 'ours' | 'oursGetMany' | 'diy' | 'httpRequestWithOurCredential';

function workflows(simulatorUrl: string, iccids: string[]) {
	const credentials = { linksfieldCubeApi: CREDENTIAL };
	const chain = (names: string[]) =>
		Object.fromEntries(names.slice(0, -1).map((name, i) => [name, { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] }]));
	const workflow = (id: string, name: string, work: Array<Record<string, unknown>>) => ({
		id, name, active: false, settings: { executionOrder: 'v1' }, pinData: {},
		nodes: [trigger, iccidSource(iccids), ...work],
		connections: chain([trigger.name, 'ICCIDs', ...work.map((n) => n.name as string)]),
	});
	return {
		ours: {
			workNodes: ['Usage'],
			json: workflow('LfBenchOursGet', 'bench: ours, Usage → Get', [
				{ id: 'use', name: 'Usage', type: `${PACKAGE}.linksfieldCube`, typeVersion: 1, position: [440, 0], credentials,
					parameters: { resource: 'usage', operation: 'get', device_id: '={{ $json.iccid }}' } },
			]),
		},
		oursGetMany: {
			workNodes: ['Usage'],
			json: workflow('LfBenchOursGetMany', 'bench: ours, Usage → Get Many (input items)', [
				{ id: 'use', name: 'Usage', type: `${PACKAGE}.linksfieldCube`, typeVersion: 1, position: [440, 0], credentials,
					parameters: { resource: 'usage', operation: 'getMany', source: 'items', iccid: '={{ $json.iccid }}' } },
			]),
		},
		diy: {
			workNodes: ['Sign', 'HTTP Request'],
			json: workflow('LfBenchDiy', 'bench: Code (sign) + HTTP Request', [
				{ id: 'sign', name: 'Sign', type: 'n8n-nodes-base.code', typeVersion: 2, position: [440, 0], parameters: { mode: 'runOnceForAllItems', jsCode: DIY_SIGN } },
				{ id: 'http', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [660, 0],
					parameters: {
						method: 'POST', url: `${simulatorUrl}/flow/queryDeviceFlowUsage`,
						sendHeaders: true, headerParameters: { parameters: [{ name: 'Accept-Language', value: 'en-US' }] },
						sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify($json) }}', options: {},
					} },
			]),
		},
		// Not a user's choice we recommend, a diagnostic: n8n's HTTP Request node signing through OUR credential
		// (its `authenticate`, run per request by n8n). Separates n8n's per-request credential path from our node.
		httpRequestWithOurCredential: {
			workNodes: ['HTTP Request'],
			json: workflow('LfBenchHttpOurCred', 'bench: HTTP Request with the Linksfield credential', [
				{ id: 'http', name: 'HTTP Request', type: 'n8n-nodes-base.httpRequest', typeVersion: 4.2, position: [440, 0], credentials,
					parameters: {
						method: 'POST', url: `${simulatorUrl}/flow/queryDeviceFlowUsage`,
						authentication: 'predefinedCredentialType', nodeCredentialType: 'linksfieldCubeApi',
						sendBody: true, specifyBody: 'json', jsonBody: '={{ JSON.stringify({ device_id: $json.iccid }) }}', options: {},
					} },
			]),
		},
	} satisfies Record<Variant, { workNodes: string[]; json: { id: string } }>;
}

interface Sample { workflowMs: number; nodesMs: number; processMs: number; answered: number; failed: number; firstError?: unknown }

/** Every SIM answered exactly once, with its own usage (ours) or a success envelope for it (do it yourself). */
function check(run: N8nRun, variant: Variant, lastNode: string, iccids: string[]): Pick<Sample, 'answered' | 'failed' | 'firstError'> {
	const task = run.data.resultData.runData[lastNode]?.[0];
	const items = (task?.data?.main?.[0] ?? []).map((i) => i.json);
	const expected = new Set(iccids);
	let answered = 0;
	let firstError: unknown;
	for (const json of items) {
		const iccid = variant === 'diy' || variant === 'httpRequestWithOurCredential' ? (json.code === '0000' ? (json.data as { device_id?: string } | undefined)?.device_id : undefined) : json.error ? undefined : json.iccid;
		if (typeof iccid === 'string' && expected.delete(iccid)) answered++;
		else firstError ??= json;
	}
	return { answered, failed: iccids.length - answered, firstError: firstError ?? task?.error };
}

/** Figure 4, n8n half: our node vs Code (sign) + HTTP Request, the same n8n install and user folder. */
export async function n8nRuntimeFigure() {
	await ensureN8n();
	const work = mkdtempSync(join(tmpdir(), 'lf-bench-n8n-'));
	const sim = await startSimulatorProcess(['--seed', `fleet:${ITEMS}`, '--history', '10']);
	const userDir = n8n.createUserDir({ prefix: 'lf-bench-n8n-user-', env: { NODE_FUNCTION_ALLOW_BUILTIN: 'crypto' } });
	try {
		const iccids = await fleetIccids(sim.url, ITEMS);
		await n8n.installCommunityPackage(userDir, packPackage(ROOT, work));
		const credentialFile = join(work, 'credentials.json');
		writeFileSync(credentialFile, JSON.stringify([{ ...CREDENTIAL, type: 'linksfieldCubeApi', data: { environment: 'custom', baseUrl: sim.url, accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret, notificationSecret: ACCOUNT.notificationSecret, language: 'en-US', timestampUnit: 's' } }]));
		await n8n.importCredentials(userDir, credentialFile);
		const flows = workflows(sim.url, iccids);
		const workflowFile = join(work, 'workflows.json');
		writeFileSync(workflowFile, JSON.stringify(Object.values(flows).map((f) => f.json)));
		await n8n.importWorkflow(userDir, workflowFile);

		const variants = Object.keys(flows) as Variant[];
		const execute = async (variant: Variant): Promise<Sample> => {
			const { json, workNodes } = flows[variant];
			const run = await n8n.executeWorkflow(userDir, json.id, { timeoutMs: 600_000 });
			const runData = run.data.resultData.runData;
			return {
				workflowMs: Date.parse(run.stoppedAt!) - Date.parse(run.startedAt),
				nodesMs: workNodes.reduce((sum, name) => sum + Number(runData[name]?.[0]?.executionTime ?? NaN), 0),
				processMs: run.durationMs ?? NaN,
				...check(run, variant, workNodes[workNodes.length - 1], iccids),
			};
		};
		// One unmeasured execution each: the first execute on a folder also pays for n8n's own warm-up.
		for (const variant of variants) await execute(variant);
		await sim.admin('DELETE', '/counters');
		const samples = Object.fromEntries(variants.map((v) => [v, [] as Sample[]])) as Record<Variant, Sample[]>;
		const loadBefore = loadavg()[0];
		for (let r = 0; r < ROUNDS; r++) {
			const order = r % 2 ? [...variants].reverse() : variants;
			for (const variant of order) samples[variant].push(await execute(variant));
		}
		const loadAfter = loadavg()[0];
		const counters = await sim.admin<Record<string, unknown>>('GET', '/counters');
		const summary = (list: Sample[]) => {
			const workflowMs = median(list.map((s) => s.workflowMs));
			const nodesMs = median(list.map((s) => s.nodesMs));
			return {
				workflowMedianMs: Math.round(workflowMs),
				msPerItem: round(workflowMs / ITEMS, 3),
				workNodesMedianMs: Math.round(nodesMs),
				workNodesMsPerItem: round(nodesMs / ITEMS, 3),
				processWallMedianMs: Math.round(median(list.map((s) => s.processMs))),
				runsWorkflowMs: list.map((s) => s.workflowMs),
				answered: Math.min(...list.map((s) => s.answered)),
				failed: Math.max(...list.map((s) => s.failed)),
				firstError: list.find((s) => s.firstError)?.firstError,
			};
		};
		const ours = summary(samples.ours);
		const oursGetMany = summary(samples.oursGetMany);
		const diy = summary(samples.diy);
		const viaCredential = summary(samples.httpRequestWithOurCredential);
		return {
			runtime: 'n8n 2.40.7 on Node 24 (harness cache), `n8n execute --id` per run on one user folder; simulator in another process',
			itemsPerRun: ITEMS,
			rounds: ROUNDS,
			ours: { what: 'Linksfield Cube node, Usage → Get, one item per SIM (reads 8 at a time, the fan-out default)', ...ours },
			oursGetMany: { what: 'Linksfield Cube node, Usage → Get Many, source Input Items (default concurrency 8)', ...oursGetMany },
			diy: { what: 'Code node signing with require("crypto") (NODE_FUNCTION_ALLOW_BUILTIN=crypto) + HTTP Request node (POST JSON body, defaults)', ...diy },
			httpRequestWithOurCredential: { what: 'diagnostic: HTTP Request node with the Linksfield credential (n8n runs its authenticate per request), no Code node', ...viaCredential },
			ratioOursOverDiy: round(ours.workflowMedianMs / diy.workflowMedianMs),
			ratioOursGetManyOverDiy: round(oursGetMany.workflowMedianMs / diy.workflowMedianMs),
			ratioWorkNodes: {
				oursOverDiy: round(ours.workNodesMedianMs / diy.workNodesMedianMs),
				oursGetManyOverDiy: round(oursGetMany.workNodesMedianMs / diy.workNodesMedianMs),
				httpRequestWithOurCredentialOverDiy: round(viaCredential.workNodesMedianMs / diy.workNodesMedianMs),
			},
			allAnswered: [ours, oursGetMany, diy, viaCredential].every((s) => s.answered === ITEMS && s.failed === 0),
			simulatorCounters: counters,
			loadAverage1m: { before: round(loadBefore), after: round(loadAfter) },
			timedBy: "n8n's run data: workflow = stoppedAt − startedAt; work nodes = the executionTime of the nodes after the ICCID source (median of interleaved rounds)",
		};
	} finally {
		await sim.stop();
		n8n.removeUserDir(userDir);
		rmSync(work, { recursive: true, force: true });
	}
}
