import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { runCli } from '../../src/cli';
import { testKey } from '../signing/sign-v2-keys';

/** `call` for current API operations, as a shell user runs it against the simulator: --all walks a list, --wait waits. */

const KEY_ID = 'cli-current-key';
const PRIVATE_KEY = testKey('team-rsa1024.pkcs8.pem');
const SIM_IN_USE = '89852022018041800192';
const SIM_NEAR_LIMIT = '89852022018041800150';

let sim: RunningSimulator;
let env: Record<string, string>;
beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 'demo', callbackRetries: 0, current: { keys: [{ keyId: KEY_ID, publicKey: testKey('team-rsa1024.public.pem') }], asyncDelayMs: 20 } });
	env = { LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: PRIVATE_KEY, LINKSFIELD_ENV: `${sim.url}/cube/v4` };
});
afterAll(() => sim.close());

async function cli(argv: string[]) {
	let stdout = '';
	let stderr = '';
	const status = await runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), env });
	expect(stdout + stderr).not.toContain(PRIVATE_KEY.split('\n')[1]);
	return { status, stdout, stderr };
}

test('call current.sim.getMany --all: every SIM, each with its usage facts', async () => {
	const run = await cli(['call', 'current.sim.getMany', '--all']);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	const sims = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
	// Without --all one page of the vendor's default 10; with it, the whole fleet once.
	const page = JSON.parse((await cli(['call', 'current.sim.getMany'])).stdout) as unknown[];
	expect(page).toHaveLength(10);
	expect(sims.length).toBeGreaterThan(10);
	expect(new Set(sims.map((s) => s.sim_id)).size).toBe(sims.length);
	expect(sims.find((s) => s.sim_id === SIM_IN_USE)).toMatchObject({ iccid: SIM_IN_USE, bundlesInUse: 1, percentUsed: expect.any(Number) });
});

test('call current.sim.suspend --wait: the final result of the asynchronous write, with its request id', async () => {
	const run = await cli(['call', 'current.sim.suspend', `sim_id=${SIM_NEAR_LIMIT}`, '--wait']);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	expect(JSON.parse(run.stdout)).toMatchObject({ status: 'succeeded', operation: 'current.sim.suspend', requestId: expect.stringMatching(/^[0-9a-f]{32}$/), result: { status: 'success' } });
});

test('a write on a locked SIM: exit 1 and the locked kind on stderr, sent once', async () => {
	sim.admin.current.setAsyncDelay(60_000);
	try {
		expect((await cli(['call', 'current.sim.resume', `sim_id=${SIM_NEAR_LIMIT}`])).status).toBe(0);
		const before = sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_NEAR_LIMIT}/resume`];
		const run = await cli(['call', 'current.sim.resume', `sim_id=${SIM_NEAR_LIMIT}`]);
		expect(run.status).toBe(1);
		expect(sim.admin.counters().requestsByPath[`/cube/v4/sims/${SIM_NEAR_LIMIT}/resume`]).toBe(before + 1);
		expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'locked', code: 'CB-01-0111', operation: 'current.sim.resume', outcome: 'failed', attempts: 1 });
	} finally {
		sim.admin.current.finishJobs();
		sim.admin.current.setAsyncDelay(20);
	}
});

test('a parameter the current catalog refuses: exit 1, the field named, nothing sent', async () => {
	sim.admin.clearRequests();
	const run = await cli(['call', 'current.sms.send', `sim_ids=["${SIM_IN_USE}"]`, 'message.type=1', `message.content=${'x'.repeat(141)}`]);
	expect(run.status).toBe(1);
	expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'validation', field: 'message.content' });
	expect(sim.admin.requests()).toEqual([]);
});
