import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { median, round } from './measure';
import { nodeRed, packPackage, startSimulatorProcess, type NodeRedRuntime } from '@linksfield-cube/testkit';
import { ACCOUNT, cpuMs, ROOT, fleetIccids } from './runtime-harness';

const MESSAGES = 2000;
// BENCH_ROUNDS: fewer while exploring; the figure is 7.
const ROUNDS = Number(process.env.BENCH_ROUNDS) || 7;
// BENCH_CPU_PROFILE=<folder>: after the rounds, a CPU profile of each variant's messages (profile-ours.cpuprofile, profile-diy.cpuprofile).
const PROFILE_DIR = process.env.BENCH_CPU_PROFILE;
// BENCH_NODE_RED_TARBALL=<file>: that build of the package instead of packing packages/node-red (e.g. an earlier commit's, to compare).
const TARBALL = process.env.BENCH_NODE_RED_TARBALL;
const WARM_UP = 200;
const MAJOR = 4;

/**
 * Both variants sit in ONE deployed Node-RED, each behind its own `http in` endpoint. A "controller"
 * function node (the same code for both) takes the POSTed ICCID list, notes the start time, sends one
 * message per ICCID into the variant, counts what comes back (answers, error outputs, Catch) and, once every
 * message is accounted for, answers the HTTP request with the time measured inside Node-RED. So the figure
 * is the runtime's own time for the messages, not the bench's HTTP round trip.
 */
const CONTROLLER = `
if (msg.req) {
	const iccids = msg.payload.iccids;
	context.set('run', { start: Date.now(), n: iccids.length, ok: 0, failed: 0, firstError: null, http: msg });
	return [iccids.map((iccid) => ({ iccid })), null];
}
const run = context.get('run');
if (!run) return null;
const good = ANSWER_OK;
if (good) run.ok++;
else {
	run.failed++;
	if (!run.firstError) run.firstError = msg.error || msg.payload;
}
if (run.ok + run.failed < run.n) return null;
context.set('run', null);
const http = run.http;
http.payload = { ms: Date.now() - run.start, messages: run.n, ok: run.ok, failed: run.failed, firstError: run.firstError };
return [null, http];
`;

/** Our node: usage.get with the ICCID from msg.iccid (the documented override); the payload names the SIM. */
const OURS_OK = `!msg.error && msg.payload && msg.payload.iccid === msg.iccid`;
/** Do-it-yourself: HTTP 200 and a success envelope for this SIM. */
const DIY_OK = `!msg.error && msg.statusCode === 200 && msg.payload && msg.payload.code === '0000' && msg.payload.data && msg.payload.data.device_id === msg.iccid`;

/**
 * What a user writes without our node: the signing rule from the vendor's docs in a function node. `crypto`
 * comes from the function node's Setup → Modules tab (libs), which a stock Node-RED 4 allows
 * (`functionExternalModules: true` in its default settings.js); the account lives in the tab's environment
 * variables rather than in the code.
 */
const DIY_SIGN = `
const body = {
	device_id: msg.iccid,
	access_code: env.get('LF_ACCESS_CODE'),
	timestamp: String(Math.floor(Date.now() / 1000)),
	version: '2.0',
};
const sorted = {};
for (const key of Object.keys(body).sort()) if (body[key] !== undefined && body[key] !== null && body[key] !== '') sorted[key] = body[key];
body.sign = crypto.createHmac('sha1', env.get('LF_SECRET')).update(JSON.stringify(sorted)).digest('base64');
msg.payload = body;
msg.headers = { 'accept-language': 'en-US' };
return msg;
`;

/**
 * Profiles the Node-RED process from inside (Node 20 refuses --cpu-prof in NODE_OPTIONS, and the harness
 * starts Node-RED itself): POST {action: 'start'} and {action: 'stop', file} to /bench/profile.
 */
const PROFILER = `
if (msg.payload.action === 'start') {
	const session = new inspector.Session();
	session.connect();
	session.post('Profiler.enable', () => session.post('Profiler.start', () => {
		context.set('session', session);
		node.send(msg);
	}));
	return null;
}
const session = context.get('session');
session.post('Profiler.stop', (err, result) => {
	if (!err) fs.writeFileSync(msg.payload.file, JSON.stringify(result.profile));
	session.disconnect();
	msg.payload = { ok: !err };
	node.send(msg);
});
return null;
`;

export const profilerFlow = () => [
	{ id: 'prof-in', z: 'bench', type: 'http in', url: '/bench/profile', method: 'post', upload: false, wires: [['prof-fn']] },
	{
		id: 'prof-fn', z: 'bench', type: 'function', name: 'profiler', func: PROFILER, outputs: 1, noerr: 0, initialize: '', finalize: '',
		libs: [{ var: 'inspector', module: 'inspector' }, { var: 'fs', module: 'fs' }], wires: [['prof-out']],
	},
	{ id: 'prof-out', z: 'bench', type: 'http response', statusCode: '', headers: {}, wires: [] },
];


function flows(simulatorUrl: string) {
	const controller = (id: string, check: string, into: string, respond: string) => ({
		id, z: 'bench', type: 'function', name: `controller (${id})`, func: CONTROLLER.replace('ANSWER_OK', check), outputs: 2, noerr: 0,
		initialize: '', finalize: '', libs: [], wires: [[into], [respond]],
	});
	return [
		{
			id: 'bench', type: 'tab', label: 'bench',
			env: [
				{ name: 'LF_ACCESS_CODE', value: ACCOUNT.accessCode, type: 'str' },
				{ name: 'LF_SECRET', value: ACCOUNT.secret, type: 'str' },
			],
		},
		// The editor's default rate limit is 10/s; 0 (none) here, as the do-it-yourself flow has none either.
		{ id: 'cfg', type: 'linksfield-cube-config', name: 'simulator', environment: 'custom', baseUrl: simulatorUrl, language: 'en-US', timeout: 30, rateLimit: 0, timestampUnit: 's', credentials: { accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret, notificationSecret: ACCOUNT.notificationSecret } },

		// ours: http in → controller → linksfield-cube (both outputs) → controller → http response
		{ id: 'ours-in', z: 'bench', type: 'http in', url: '/bench/ours', method: 'post', upload: false, wires: [['ours-ctl']] },
		controller('ours-ctl', OURS_OK, 'ours-node', 'ours-out'),
		{
			id: 'ours-node', z: 'bench', type: 'linksfield-cube', name: 'usage', cube: 'cfg', operation: 'usage.get',
			params: { device_id: { value: 'iccid', type: 'msg' } }, property: 'payload', manyOutput: 'each', paging: 'all', limit: 100,
			concurrency: 8, errorOutput: true, extra: '', extraType: 'json', path: '', safeToRetry: false, outputs: 2, wires: [['ours-ctl'], ['ours-ctl']],
		},
		{ id: 'ours-catch', z: 'bench', type: 'catch', scope: ['ours-node'], uncaught: false, wires: [['ours-ctl']] },
		{ id: 'ours-out', z: 'bench', type: 'http response', statusCode: '', headers: {}, wires: [] },

		// do it yourself: http in → controller → function (sign) → http request → controller → http response
		{ id: 'diy-in', z: 'bench', type: 'http in', url: '/bench/diy', method: 'post', upload: false, wires: [['diy-ctl']] },
		controller('diy-ctl', DIY_OK, 'diy-sign', 'diy-out'),
		{
			id: 'diy-sign', z: 'bench', type: 'function', name: 'sign', func: DIY_SIGN, outputs: 1, noerr: 0, initialize: '', finalize: '',
			libs: [{ var: 'crypto', module: 'crypto' }], wires: [['diy-http']],
		},
		{
			id: 'diy-http', z: 'bench', type: 'http request', name: 'usage', method: 'POST', ret: 'obj', paytoqs: 'ignore',
			url: `${simulatorUrl}/flow/queryDeviceFlowUsage`, tls: '', persist: false, proxy: '', insecureHTTPParser: false, authType: '', senderr: false, headers: [],
			wires: [['diy-ctl']],
		},
		{ id: 'diy-catch', z: 'bench', type: 'catch', scope: ['diy-sign', 'diy-http'], uncaught: false, wires: [['diy-ctl']] },
		{ id: 'diy-out', z: 'bench', type: 'http response', statusCode: '', headers: {}, wires: [] },
	];
}

interface RunReport { ms: number; messages: number; ok: number; failed: number; firstError: unknown; cpuMs: number }

async function drive(red: NodeRedRuntime, variant: 'ours' | 'diy', iccids: string[]): Promise<RunReport> {
	const cpuBefore = cpuMs(red.pid);
	const res = await fetch(`${red.url}/bench/${variant}`, {
		method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ iccids }), signal: AbortSignal.timeout(300_000),
	});
	if (!res.ok) throw new Error(`Node-RED /bench/${variant}: HTTP ${res.status} ${await res.text()}`);
	const report = (await res.json()) as Omit<RunReport, 'cpuMs'>;
	// Node-RED's own CPU time for the run (the simulator runs in another process): less swayed by other jobs on the machine than wall time.
	return { ...report, cpuMs: cpuMs(red.pid) - cpuBefore };
}

/** A CPU profile of Node-RED while it runs `rounds` runs of one variant. */
async function profile(red: NodeRedRuntime, variant: 'ours' | 'diy', iccids: string[], rounds: number, dir: string): Promise<string> {
	const file = join(dir, `profile-${variant}.cpuprofile`);
	const post = (payload: unknown) =>
		fetch(`${red.url}/bench/profile`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) }).then((r) => {
			if (!r.ok) throw new Error(`Node-RED /bench/profile: HTTP ${r.status}`);
		});
	await post({ action: 'start' });
	for (let r = 0; r < rounds; r++) await drive(red, variant, iccids);
	await post({ action: 'stop', file });
	return file;
}

/** Figure 4, Node-RED half: our node vs function + http request, in one Node-RED 4 against one simulator. */
export async function nodeRedRuntimeFigure() {
	const work = mkdtempSync(join(tmpdir(), 'lf-bench-nr-'));
	const sim = await startSimulatorProcess(['--seed', `fleet:${MESSAGES}`, '--history', '10']);
	let red: NodeRedRuntime | undefined;
	try {
		const { startNodeRed, deployFlows, requireModuleLoaded } = nodeRed;
		const iccids = await fleetIccids(sim.url, MESSAGES);
		const tarball = TARBALL ?? packPackage(join(ROOT, 'packages', 'node-red'), work);
		// Node-RED's own default for function-node modules (the harness turns it off for the e2e tests).
		red = await startNodeRed({ major: MAJOR, packages: [tarball], settings: { functionExternalModules: true, logging: { console: { level: 'warn', metrics: false, audit: false } } }, startTimeoutMs: 180_000 });
		await requireModuleLoaded(red.url, '@linksfield-cube/node-red');
		await deployFlows(red.url, [...flows(sim.url), ...(PROFILE_DIR ? profilerFlow() : [])]);

		for (const variant of ['ours', 'diy'] as const) {
			const warm = await drive(red, variant, iccids.slice(0, WARM_UP));
			if (warm.failed) throw new Error(`Node-RED ${variant} warm-up failed: ${JSON.stringify(warm.firstError)}`);
		}
		await sim.admin('DELETE', '/counters');
		const runs: Record<'ours' | 'diy', RunReport[]> = { ours: [], diy: [] };
		const loadBefore = loadavg()[0];
		for (let r = 0; r < ROUNDS; r++) {
			// Alternate which goes first, so neither always runs on a machine the other just warmed or loaded.
			for (const variant of r % 2 ? (['diy', 'ours'] as const) : (['ours', 'diy'] as const)) runs[variant].push(await drive(red, variant, iccids));
		}
		const loadAfter = loadavg()[0];
		const counters = await sim.admin<Record<string, unknown>>('GET', '/counters');
		const profiles: string[] = [];
		if (PROFILE_DIR) {
			mkdirSync(PROFILE_DIR, { recursive: true });
			for (const variant of ['ours', 'diy'] as const) profiles.push(await profile(red, variant, iccids, 2, PROFILE_DIR));
		}
		const summary = (list: RunReport[]) => {
			const ms = median(list.map((x) => x.ms));
			const cpu = median(list.map((x) => x.cpuMs));
			return {
				medianMs: Math.round(ms),
				msPerMessage: round(ms / MESSAGES, 3),
				messagesPerSecond: Math.round(MESSAGES / (ms / 1000)),
				runsMs: list.map((x) => x.ms),
				cpuMsPerMessage: round(cpu / MESSAGES, 3),
				runsCpuMs: list.map((x) => x.cpuMs),
				answered: Math.min(...list.map((x) => x.ok)),
				failed: Math.max(...list.map((x) => x.failed)),
				firstError: list.find((x) => x.firstError)?.firstError,
			};
		};
		const ours = summary(runs.ours);
		const diy = summary(runs.diy);
		return {
			runtime: `Node-RED ${red.version} on Node ${process.version}, one process; simulator in another process`,
			...(TARBALL ? { package: TARBALL } : {}),
			messagesPerRun: MESSAGES,
			rounds: ROUNDS,
			ours: { what: 'linksfield-cube node, usage.get, ICCID from msg.iccid (config rate limit off)', ...ours },
			diy: { what: 'function node signing with crypto (Setup → Modules) + core http request node (POST, parsed JSON, defaults)', ...diy },
			ratioOursOverDiy: round(ours.medianMs / diy.medianMs),
			cpuRatioOursOverDiy: round(ours.cpuMsPerMessage / diy.cpuMsPerMessage),
			allAnswered: ours.answered === MESSAGES && diy.answered === MESSAGES && ours.failed === 0 && diy.failed === 0,
			simulatorCounters: counters,
			loadAverage1m: { before: round(loadBefore), after: round(loadAfter) },
			timedBy: 'Date.now() inside Node-RED: from the fan-out to the last answer counted (median of interleaved rounds); CPU time of the Node-RED process per run from /proc',
			...(PROFILE_DIR ? { profiles } : {}),
		};
	} finally {
		await red?.stop();
		await sim.stop();
		rmSync(work, { recursive: true, force: true });
	}
}
