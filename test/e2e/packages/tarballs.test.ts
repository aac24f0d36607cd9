import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cleanEnv, packWithFiles, startReaper, TEST_ACCOUNT, type Reaper } from '@linksfield-cube/testkit';

/**
 * The four public packages as npm would publish them: each packed, installed into an empty folder outside the
 * repository (third-party dependencies from the registry), and used there the way the READMEs say — nothing in
 * this repository's node_modules, build aliases or workspace links can help. The simulator runs from its folder
 * with `npx`, the core's `check` and a script that reads a SIM's usage run from the core's folder against it.
 */

const ROOT = path.resolve(__dirname, '../../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');
const run = promisify(execFile);
// No npm_* of an outer `npm test` (they would point npm at this repository), no npm chatter.
const env = cleanEnv({ npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false' });

const PACKAGES = {
	core: { dir: 'packages/core', name: '@linksfield-cube/core' },
	simulator: { dir: 'packages/simulator', name: '@linksfield-cube/simulator' },
	n8n: { dir: '.', name: 'n8n-nodes-linksfield-cube' },
	nodeRed: { dir: 'packages/node-red', name: '@linksfield-cube/node-red' },
} as const;
type Key = keyof typeof PACKAGES;

let work: string;
let reaper: Reaper;
const tarballs = {} as Record<Key, { tarball: string; files: string[] }>;
const folder = (key: Key) => path.join(work, key);
let simulator: ChildProcess | undefined;
let banner = '';
let baseUrl = '';

/** An empty project folder with these tarballs installed by npm, as a user would. */
async function installInto(key: Key, tgzs: string[], flags: string[] = []): Promise<void> {
	fs.mkdirSync(folder(key));
	fs.writeFileSync(path.join(folder(key), 'package.json'), JSON.stringify({ name: `try-${key.toLowerCase()}`, private: true }));
	await run('npm', ['install', '--no-audit', '--no-fund', ...flags, ...tgzs], { cwd: folder(key), env, timeout: 180_000 });
}

/** Runs a command in a package's folder; resolves with its exit status and output, whatever the status. */
async function inFolder(key: Key, cmd: string, args: string[], extraEnv: Record<string, string> = {}): Promise<{ status: number; stdout: string; stderr: string }> {
	try {
		const { stdout, stderr } = await run(cmd, args, { cwd: folder(key), env: { ...env, ...extraEnv }, timeout: 60_000 });
		return { status: 0, stdout, stderr };
	} catch (err) {
		const e = err as { code?: number; stdout?: string; stderr?: string; message: string };
		return { status: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? e.message };
	}
}

/** `npx @linksfield-cube/simulator --port 0` in its folder, in a process group of its own (npx → sh → node). */
function startSimulator(): Promise<void> {
	// Its demo key pair in the test's folder, not the shared default in the OS temp folder.
	simulator = spawn('npx', [PACKAGES.simulator.name, '--port', '0', '--state-dir', path.join(work, 'simulator-state')], { cwd: folder('simulator'), env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
	reaper.killGroup(simulator.pid!);
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the simulator did not listen within 60 s: ${banner}`)), 60_000);
		const read = (chunk: Buffer) => {
			banner += chunk;
			const m = /listening on (http:\/\/\S+)/.exec(banner);
			if (m && banner.includes('Ctrl-C to stop.')) {
				clearTimeout(timer);
				baseUrl = m[1];
				resolve();
			}
		};
		simulator!.stdout!.on('data', read);
		simulator!.stderr!.on('data', read);
		simulator!.once('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`the simulator exited (${code}) before listening: ${banner}`));
		});
	});
}

beforeAll(async () => {
	for (const { dir } of Object.values(PACKAGES)) {
		if (!fs.existsSync(path.join(ROOT, dir, 'dist'))) throw new Error(`${dir}/dist is missing: run \`npm run build\` first`);
	}
	reaper = startReaper();
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'linksfield-packages-'));
	reaper.remove(work);
	const packed = path.join(work, 'tarballs');
	fs.mkdirSync(packed);
	for (const [key, { dir }] of Object.entries(PACKAGES)) tarballs[key as Key] = packWithFiles(path.join(ROOT, dir), packed);
	await Promise.all([
		installInto('core', [tarballs.core.tarball]),
		installInto('simulator', [tarballs.core.tarball, tarballs.simulator.tarball]),
		// Without n8n-workflow, its peer: what the tarball itself brings is what is checked.
		installInto('n8n', [tarballs.n8n.tarball], ['--legacy-peer-deps']),
		installInto('nodeRed', [tarballs.nodeRed.tarball]),
	]);
	await startSimulator();
}, 300_000);

afterAll(async () => {
	if (simulator && simulator.exitCode === null && simulator.signalCode === null) {
		const exited = new Promise((resolve) => simulator!.once('exit', resolve));
		process.kill(-simulator.pid!, 'SIGTERM');
		let timer: NodeJS.Timeout | undefined;
		await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 5000)))]);
		clearTimeout(timer);
	}
	if (work) fs.rmSync(work, { recursive: true, force: true });
	// Kills the simulator's group for good (if SIGTERM was not enough) and lets the reaper go.
	reaper?.release();
});

test('each tarball carries its launcher, its build and its type declarations', () => {
	expect(tarballs.core.files).toEqual(expect.arrayContaining(['bin/linksfield-cube.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'dist/node.js', 'dist/node.d.ts', 'README.md', 'LICENSE']));
	expect(tarballs.simulator.files).toEqual(expect.arrayContaining(['bin/cube-simulator.js', 'dist/cli.js', 'dist/index.js', 'dist/index.d.ts', 'README.md', 'LICENSE']));
	for (const { files } of Object.values(tarballs)) expect(files.filter((f) => /(^|\/)(src|test)\/|\.ts$/.test(f) && !f.endsWith('.d.ts'))).toEqual([]);
});

test('npx @linksfield-cube/simulator starts the demo fleet and prints the base URL, the credentials and where its demo key pair is', async () => {
	expect(banner).toContain('(seed demo)');
	expect(banner).toContain(`Base URL for a node:   ${baseUrl}`);
	expect(banner).toContain(`Access code / secret:  ${TEST_ACCOUNT.accessCode} / ${TEST_ACCOUNT.secret}`);
	expect(banner).toMatch(/Notification secret: +\S+/);
	const key = /Demo private key: +(\S+)/.exec(banner)?.[1];
	expect(key).toBeDefined();
	expect(path.dirname(key!)).toBe(path.join(work, 'simulator-state'));
	expect(fs.readFileSync(key!, 'utf8')).toMatch(/^-----BEGIN [A-Z ]*PRIVATE KEY-----/);
	// It answers: the admin API lists its routes.
	const res = await fetch(`${baseUrl}/_sim`);
	expect(res.status).toBe(200);
});

test('npx @linksfield-cube/core check, from the core installed alone, accepts the simulator: exit 0', async () => {
	const r = await inFolder('core', 'npx', [PACKAGES.core.name, 'check', '--env', baseUrl], { LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode, LINKSFIELD_SECRET: TEST_ACCOUNT.secret });
	expect(r).toMatchObject({ status: 0 });
	expect(r.stdout).toMatch(/OK: Linksfield accepted the signed requests\. SIMs in use: [1-9]\d*\./);
	expect(r.stdout + r.stderr).not.toContain(TEST_ACCOUNT.secret);
}, 60_000);

test('npx --package <core tarball> check, from an empty folder: npx installs it into its own cache, as it does from npm', async () => {
	const empty = path.join(work, 'empty');
	fs.mkdirSync(empty);
	// A cache of its own (removed with the rest): no entry in the user's ~/.npm/_npx per test run.
	const r = await run('npx', ['--yes', '--package', tarballs.core.tarball, 'linksfield-cube', 'check', '--env', baseUrl], {
		cwd: empty,
		env: { ...env, npm_config_cache: path.join(work, 'npm-cache'), LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode, LINKSFIELD_SECRET: TEST_ACCOUNT.secret },
		timeout: 120_000,
	});
	expect(r.stdout).toMatch(/OK: Linksfield accepted the signed requests\. SIMs in use: [1-9]\d*\./);
	expect(fs.readdirSync(empty)).toEqual([]);
}, 150_000);

/** One SIM's usage through the Node entry's default (axios) transport; the same lines from require and import. */
const USAGE_SCRIPT = (load: string) => `${load}
const options = { baseUrl: process.env.BASE_URL, accessCode: process.env.ACCESS_CODE, secret: process.env.SECRET };
(async () => {
	const client = new core.CubeClient(options);
	const [sim] = await client.getSimsInUse();
	const usage = await client.getUsage(sim.assetId);
	client.close();
	const check = await core.checkSigning(options);
	const detected = await core.detectSigning(options);
	const shared = new shared_.CubeClient({ baseUrl: options.baseUrl, transport: async () => ({ status: 200, headers: {}, body: '{"code":"0000","success":true,"data":[]}' }) });
	let deepImport;
	try { require_('@linksfield-cube/core/dist/client'); deepImport = 'allowed'; } catch (err) { deepImport = err.code; }
	console.log(JSON.stringify({
		iccid: usage.iccid, percentUsed: usage.percentUsed, orderId: usage.orderId,
		checkOk: check.ok, detectedSims: detected.simCount,
		sharedOperations: shared_.OPERATIONS.length, sharedWithoutTransport: (() => { try { new shared_.CubeClient({ baseUrl: options.baseUrl }); return 'accepted'; } catch (e) { return e.message; } })(),
		sharedListed: (await shared.getSimsInUse()).length,
		version: require_('@linksfield-cube/core/package.json').version, deepImport,
	}));
})().catch((err) => { console.error(err); process.exit(1); });
`;

test('require and import of @linksfield-cube/core/node read a SIM’s usage through axios by default; "." needs a transport', async () => {
	const dir = folder('core');
	fs.writeFileSync(path.join(dir, 'usage.cjs'), USAGE_SCRIPT("const core = require('@linksfield-cube/core/node');\nconst shared_ = require('@linksfield-cube/core');\nconst require_ = require;"));
	fs.writeFileSync(
		path.join(dir, 'usage.mjs'),
		USAGE_SCRIPT(
			// Named imports: Node's CommonJS interop has to find them in the CommonJS build.
			"import { CubeClient, checkSigning, detectSigning } from '@linksfield-cube/core/node';\nimport { CubeClient as SharedClient, OPERATIONS } from '@linksfield-cube/core';\nimport { createRequire } from 'node:module';\nconst core = { CubeClient, checkSigning, detectSigning };\nconst shared_ = { CubeClient: SharedClient, OPERATIONS };\nconst require_ = createRequire(import.meta.url);",
		),
	);
	const scriptEnv = { BASE_URL: baseUrl, ACCESS_CODE: TEST_ACCOUNT.accessCode, SECRET: TEST_ACCOUNT.secret };
	const [cjs, esm] = await Promise.all([inFolder('core', process.execPath, ['usage.cjs'], scriptEnv), inFolder('core', process.execPath, ['usage.mjs'], scriptEnv)]);
	expect(cjs).toMatchObject({ status: 0, stderr: '' });
	expect(esm).toMatchObject({ status: 0, stderr: '' });
	const fromRequire = JSON.parse(cjs.stdout);
	expect(fromRequire).toEqual({
		iccid: expect.stringMatching(/^\d{19,20}$/),
		percentUsed: expect.any(Number),
		orderId: expect.any(String),
		checkOk: true,
		detectedSims: expect.any(Number),
		sharedOperations: expect.any(Number),
		sharedWithoutTransport: expect.stringContaining('take CubeClient from @linksfield-cube/core/node'),
		sharedListed: 0,
		version: JSON.parse(fs.readFileSync(path.join(ROOT, 'packages/core/package.json'), 'utf8')).version,
		deepImport: 'ERR_PACKAGE_PATH_NOT_EXPORTED',
	});
	expect(fromRequire.detectedSims).toBeGreaterThan(0);
	expect(fromRequire.sharedOperations).toBeGreaterThan(0);
	expect(JSON.parse(esm.stdout)).toEqual(fromRequire);
}, 60_000);

test.each([
	['node16', 'node16'],
	['commonjs', 'node10'],
])('a TypeScript project (module %s, resolution %s) gets the types of both entries', async (module, resolution) => {
	const dir = path.join(folder('core'), `ts-${resolution}`);
	fs.mkdirSync(dir);
	fs.writeFileSync(
		path.join(dir, 'consumer.ts'),
		[
			"import { CubeClient, type CubeClientOptions } from '@linksfield-cube/core/node';",
			"import { CubeClient as SharedClient, OPERATIONS, type OperationSpec } from '@linksfield-cube/core';",
			// The Node entry's client needs no transport; the shared one does (its types say so, or this line fails).
			"const options: CubeClientOptions = { baseUrl: 'http://127.0.0.1:8787', accessCode: 'P1', secret: 's' };",
			'export const client: CubeClient = new CubeClient(options);',
			'// @ts-expect-error the shared entry has no HTTP client of its own',
			"export const shared = new SharedClient({ baseUrl: 'http://127.0.0.1:8787' });",
			'export const first: OperationSpec = OPERATIONS[0];',
			'export const usage: Promise<{ percentUsed: number | null }> = client.getUsage(\'89852022018041800192\');',
		].join('\n'),
	);
	// No @types/node in the folder: the declarations' Node types (Buffer, AbortSignal) are skipped, not checked.
	const compilerOptions = { strict: true, noEmit: true, skipLibCheck: true, types: [], target: 'es2022', module, moduleResolution: resolution };
	fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
	const r = await inFolder('core', process.execPath, [TSC, '-p', dir]);
	expect(r.stdout + r.stderr).toBe('');
	expect(r.status).toBe(0);
}, 60_000);

test.each([
	['n8n', 'n8n-nodes-linksfield-cube'],
	['nodeRed', '@linksfield-cube/node-red'],
] as const)('the %s tarball brings no runtime dependency: installed alone it is all there is, and its code requires only Node and its peers', async (key, name) => {
	const installed = path.join(folder(key), 'node_modules', name);
	const pkg = JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'));
	expect(pkg.dependencies ?? {}).toEqual({});
	// npm's record of what it installed into the folder: the package and nothing else.
	const lock = JSON.parse(fs.readFileSync(path.join(folder(key), 'node_modules', '.package-lock.json'), 'utf8'));
	expect(Object.keys(lock.packages)).toEqual([`node_modules/${name}`]);

	const allowed = new Set([...builtinModules, ...Object.keys(pkg.peerDependencies ?? {})]);
	const bare = new Set<string>();
	const jsFiles = tarballs[key].files.filter((f) => f.endsWith('.js'));
	expect(jsFiles.length).toBeGreaterThan(0);
	for (const file of jsFiles) {
		const code = fs.readFileSync(path.join(installed, file), 'utf8');
		// Both builds are CommonJS (esbuild format cjs): every module they load goes through require() or import().
		for (const m of code.matchAll(/\b(?:require|import)\(\s*["']([@\w][^"']*)["']\s*\)/g)) bare.add(m[1].replace(/^node:/, ''));
	}
	const packageOf = (spec: string) => spec.split('/').slice(0, spec.startsWith('@') ? 2 : 1).join('/');
	expect([...bare].filter((spec) => !allowed.has(spec) && !allowed.has(packageOf(spec)))).toEqual([]);
	expect(bare.size).toBeGreaterThan(0);
});

test('the Node-RED package loads every node file from its own folder with nothing else installed', async () => {
	const installed = path.join(folder('nodeRed'), 'node_modules', PACKAGES.nodeRed.name);
	const nodes: string[] = Object.values(JSON.parse(fs.readFileSync(path.join(installed, 'package.json'), 'utf8'))['node-red'].nodes);
	expect(nodes.length).toBeGreaterThan(0);
	const script = `for (const f of ${JSON.stringify(nodes)}) { const m = require('./node_modules/${PACKAGES.nodeRed.name}/' + f); if (typeof m !== 'function') throw new Error(f + ' does not export a node registration function'); } console.log('loaded');`;
	const r = await inFolder('nodeRed', process.execPath, ['-e', script]);
	expect(r).toEqual({ status: 0, stdout: 'loaded\n', stderr: '' });
});
