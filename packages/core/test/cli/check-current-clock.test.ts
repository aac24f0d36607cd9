import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { runCli } from '../../src/cli';
import { testKey } from '../signing/sign-v2-keys';

/**
 * `check --api current` with this machine's clock 20 minutes ahead: the simulator CLI cannot skew its clock, so the
 * check runs in process with an injected clock against an in-process simulator.
 */

const KEY_ID = 'cli-test-key';
const PRIVATE_KEY = testKey('team-rsa1024.pkcs8.pem');

let sim: RunningSimulator;
beforeAll(async () => {
	sim = await startSimulator({ port: 0, seed: 'demo', callbackRetries: 0, current: { keys: [{ keyId: KEY_ID, publicKey: testKey('team-rsa1024.public.pem') }] } });
});
afterAll(() => sim.close());

test('a clock 20 minutes ahead: exit 1, this machine\'s clock named alone', async () => {
	let out = '';
	const status = await runCli(['check', '--api', 'current', '--env', `${sim.url}/cube/v4`], {
		out: (t) => (out += t),
		err: (t) => (out += t),
		env: { LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: PRIVATE_KEY },
		now: () => Date.now() + 20 * 60_000,
	});
	expect(status).toBe(1);
	expect(out).toMatch(/This machine's clock is about 20 minutes ahead of the API's/);
	expect(out).toMatch(/To fix, most likely first:\n {2}- this machine's clock \(NTP: the timestamp must be within 10 minutes\)\n$/);
	expect(out).not.toContain(PRIVATE_KEY.split('\n')[1]);
});
