import { readFileSync } from 'node:fs';
import path from 'node:path';
import { root, runCoreCli, simulatorProcesses } from './cli-processes';

/**
 * `npx @linksfield-cube/core check --api current`: one signed read-only request with a sign v2 key pair, against the
 * simulator's own CLI holding the team's test public key. Accepted: exit 0 and the SIM count; refused: exit 1 and
 * which of the key pair, the key id, the environment or this machine's clock to fix — never the private key.
 */

const KEYS = path.join(root, 'packages/testkit/fixtures/sign-v2-keys');
const KEY_ID = 'cli-test-key';
const PRIVATE_KEY = readFileSync(path.join(KEYS, 'team-rsa1024.pkcs8.pem'), 'utf8');
/** A valid RSA key, but not the half of the pair the simulator holds for KEY_ID. */
const OTHER_PRIVATE_KEY = readFileSync(path.join(KEYS, 'team-rsa2048.pkcs8.pem'), 'utf8');
const KEY_BODY = (pem: string) => pem.split('\n')[1];

const simulators = simulatorProcesses();
let base: string;

beforeAll(async () => {
	const url = await simulators.start(['--seed', 'demo', '--key', `${KEY_ID}:${path.join(KEYS, 'team-rsa1024.public.pem')}`]);
	base = `${url}/cube/v4`;
}, 20000);
afterAll(() => simulators.stopAll());

async function check(env: Record<string, string>, flags: string[] = []) {
	const run = await runCoreCli(['check', '--api', 'current', '--env', base, ...flags], env);
	for (const pem of [PRIVATE_KEY, OTHER_PRIVATE_KEY]) expect(run.stdout + run.stderr).not.toContain(KEY_BODY(pem));
	return run;
}

test('the right key pair: OK with the SIM count, exit 0', async () => {
	const run = await check({ LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: PRIVATE_KEY });
	expect(run).toMatchObject({ status: 0, stderr: '' });
	expect(run.stdout).toContain(`Linksfield Cube check (current API, sign v2): ${base}, key id ${KEY_ID}`);
	expect(run.stdout).toMatch(/GET \/cube\/v4\/sims\?page_size=1 → accepted/);
	expect(run.stdout).toMatch(/OK: Linksfield accepted the signed request\. SIMs: 50\.\n$/);
}, 20000);

test('--private-key-file reads the PEM from a file', async () => {
	const run = await check({ LINKSFIELD_KEY_ID: KEY_ID }, ['--private-key-file', path.join(KEYS, 'team-rsa1024.pkcs1.pem')]);
	expect(run.status).toBe(0);
	expect(run.stdout).toMatch(/SIMs: 50\./);
}, 20000);

test('a private key that is not the pair of the key id: exit 1, the key pair named first', async () => {
	const run = await check({ LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: OTHER_PRIVATE_KEY });
	expect(run.status).toBe(1);
	expect(run.stdout).toMatch(/→ HTTP 403 CB-99-9403/);
	expect(run.stdout).toMatch(/To fix, most likely first:\n {2}- the key pair: /);
}, 20000);

test('an unknown key id: exit 1, the key id named first', async () => {
	const run = await check({ LINKSFIELD_KEY_ID: 'someone-else', LINKSFIELD_PRIVATE_KEY: PRIVATE_KEY });
	expect(run.status).toBe(1);
	expect(run.stdout).toMatch(/To fix, most likely first:\n {2}- the key id \(LINKSFIELD_KEY_ID \/ --key-id\)\n {2}- the key pair/);
}, 20000);

test('a key that is no PEM key: exit 1 naming the key pair, nothing sent, the text not echoed', async () => {
	const run = await check({ LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: 'pasted-not-a-key-value' });
	expect(run.status).toBe(1);
	expect(run.stdout).toMatch(/\(none sent\) → not sent/);
	expect(run.stdout).toMatch(/- the key pair/);
	expect(run.stdout + run.stderr).not.toContain('pasted-not-a-key-value');
}, 20000);

test('no key id: a usage error, exit 2, naming the variables', async () => {
	const run = await check({ LINKSFIELD_PRIVATE_KEY: PRIVATE_KEY });
	expect(run.status).toBe(2);
	expect(run.stderr).toMatch(/LINKSFIELD_KEY_ID and LINKSFIELD_PRIVATE_KEY/);
}, 20000);

test('docs/first-contact.md shows the output of a real run with the wrong key pair', async () => {
	const page = readFileSync(path.join(root, 'docs', 'first-contact.md'), 'utf8');
	const run = await check({ LINKSFIELD_KEY_ID: KEY_ID, LINKSFIELD_PRIVATE_KEY: OTHER_PRIVATE_KEY });
	const block = /```text\n(\$ LINKSFIELD_KEY_ID=[\s\S]*?)```/.exec(page);
	expect(block).not.toBeNull();
	const normalise = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').trim();
	expect(normalise(block![1].split('\n').slice(1).join('\n'))).toBe(normalise(run.stdout));
}, 20000);
