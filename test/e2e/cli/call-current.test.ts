import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runCoreCli, simulatorProcesses } from './cli-processes';

/**
 * `npx @linksfield-cube/core call current.…` as a shell or cron user runs it: the built command in its own process,
 * the key pair from --private-key-file / LINKSFIELD_PRIVATE_KEY, against the simulator's own CLI. The private key
 * appears in no output. (--wait and a locked SIM: packages/core/test/cli/call-current.test.ts, in process.)
 */

const KEYS = path.join(root, 'packages/testkit/fixtures/sign-v2-keys');
const KEY_ID = 'cli-call-key';
const KEY_FILE = path.join(KEYS, 'team-rsa1024.pkcs1.pem');
const KEY_LINES = [readFileSync(KEY_FILE, 'utf8'), readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8')].map((pem) => pem.split('\n')[1]);
const SIM = '89852022018041800192';

const simulators = simulatorProcesses();
let base: string;

beforeAll(async () => {
	const url = await simulators.start(['--seed', 'demo', '--key', `${KEY_ID}:${path.join(KEYS, 'team-rsa1024.public.pem')}`]);
	base = `${url}/cube/v4`;
}, 20000);
afterAll(() => simulators.stopAll());

async function call(args: string[], keyFile = KEY_FILE) {
	const run = await runCoreCli(['call', ...args, '--env', base, '--private-key-file', keyFile], { LINKSFIELD_KEY_ID: KEY_ID });
	for (const line of KEY_LINES) expect(run.stdout + run.stderr).not.toContain(line);
	return run;
}

test('call current.sim.get sim_id=… prints the SIM with the usage of its bundle in use, exit 0', async () => {
	const run = await call(['current.sim.get', `sim_id=${SIM}`]);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	expect(JSON.parse(run.stdout)).toMatchObject({ sim_id: SIM, iccid: SIM, percentUsed: expect.any(Number) });
}, 20000);

test('call current.sim.getMany --all walks every page: as many SIMs as check --api current counts, each once', async () => {
	const check = await runCoreCli(['check', '--api', 'current', '--env', base, '--private-key-file', KEY_FILE], { LINKSFIELD_KEY_ID: KEY_ID });
	const count = Number(/SIMs: (\d+)\./.exec(check.stdout)?.[1]);
	expect(count).toBeGreaterThan(10);
	const run = await call(['current.sim.getMany', 'page_size=10', '--all']);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	const sims = JSON.parse(run.stdout) as Array<{ sim_id: string }>;
	expect(sims).toHaveLength(count);
	expect(new Set(sims.map((s) => s.sim_id)).size).toBe(count);
}, 20000);

test('another key pair: exit 1, the plain error on stderr names the key pair first', async () => {
	const run = await call(['current.sim.get', `sim_id=${SIM}`], path.join(KEYS, 'team-rsa2048.pkcs8.pem'));
	expect(run.status).toBe(1);
	expect(run.stdout).toBe('');
	expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'authentication', code: 'CB-99-9403', httpStatus: 403, operation: 'current.sim.get', settings: ['privateKey', 'keyId', 'environment'] });
}, 20000);

test('a current operation with the legacy credentials only: a usage error naming the key variables, exit 2', async () => {
	const run = await runCoreCli(['call', 'current.sim.get', `sim_id=${SIM}`, '--env', base], { LINKSFIELD_ACCESS_CODE: 'P000270', LINKSFIELD_SECRET: 'test-secret' });
	expect(run.status).toBe(2);
	expect(run.stderr).toMatch(/LINKSFIELD_KEY_ID and LINKSFIELD_PRIVATE_KEY/);
	expect(run.stderr).not.toContain('test-secret');
}, 20000);
