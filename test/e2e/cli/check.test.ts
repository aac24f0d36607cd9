import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ensureNodeBinary, NODE_FLOOR_VERSION, TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { root, runCoreCli, simulatorProcesses } from './cli-processes';

/**
 * `npx @linksfield-cube/core check` as a user runs it: the built CLI in its own process against the
 * simulator's own CLI in each signing variant. The output shown in docs/first-contact.md comes from these runs.
 * Both also run once on the oldest Node their package.json claims (from the npm registry).
 */

const ACCOUNT = { LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode, LINKSFIELD_SECRET: TEST_ACCOUNT.secret };

const simulators = simulatorProcesses();
afterAll(() => simulators.stopAll());

const simulator = (flags: string[] = [], node?: string) => simulators.start(flags, node);
const check = (args: string[], env: Record<string, string> = ACCOUNT, node?: string) => runCoreCli(['check', ...args], env, node);

test('default variant: OK with the SIM count, exit 0', async () => {
	const url = await simulator();
	const run = await check(['--env', url]);
	expect(run.status).toBe(0);
	expect(run.stdout).toMatch(/OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
	expect(run.stdout).not.toContain(TEST_ACCOUNT.secret);
}, 20000);

test(`on the oldest Node core and simulator claim (${NODE_FLOOR_VERSION}): both CLIs run, OK, exit 0`, async () => {
	for (const pkg of ['core', 'simulator']) {
		expect(JSON.parse(readFileSync(path.join(root, 'packages', pkg, 'package.json'), 'utf8')).engines).toEqual({ node: `>=${NODE_FLOOR_VERSION}` });
	}
	const { nodeBin } = await ensureNodeBinary(NODE_FLOOR_VERSION);
	const url = await simulator([], nodeBin);
	const run = await check(['--env', url], ACCOUNT, nodeBin);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	expect(run.stdout).toMatch(/OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./);
}, 180_000);

test('ms-strict: prints that milliseconds work, exit 0', async () => {
	const url = await simulator(['--timestamp-unit', 'ms', '--timestamp-strict']);
	const run = await check(['--env', url]);
	expect(run.status).toBe(0);
	expect(run.stdout).toMatch(/1\. timestamp in seconds, keys sorted, non-ASCII as UTF-8 — orders → 1003 Timestamp out of the allowed range/);
	expect(run.stdout).toMatch(/but these work: “Timestamp unit” = milliseconds\. Set them in the n8n credential or the Node-RED config node\. SIMs in use: \d+\./);
	expect(run.stdout).toMatch(/Timestamp unit {5}ms/);
}, 20000);

test('insertion order and escaped unicode together: both found', async () => {
	const url = await simulator(['--signing', 'insertion', '--escape-unicode']);
	const run = await check(['--env', url]);
	expect(run.status).toBe(0);
	expect(run.stdout).toMatch(/“Key order” = as sent, “Escape non-ASCII” = on/);
}, 20000);

test('a wrong secret: exit 1, the diagnosis and the string to send support, never the secret', async () => {
	const url = await simulator();
	const run = await check(['--env', url], { ...ACCOUNT, LINKSFIELD_SECRET: 'wrong-secret-value' });
	expect(run.status).toBe(1);
	expect(run.stdout).toMatch(/the Secret is most likely wrong/);
	expect(run.stdout).toContain(`For Linksfield support, the last string that was signed (it never contains the secret):\n  {"access_code":"${TEST_ACCOUNT.accessCode}"`);
	expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
}, 20000);

test('a server that wants \\uXXXX and refuses with a generic "9001 Request refused": escaping on, not "off", exit 0', async () => {
	const url = await simulator(['--escape-unicode', '--generic-refusals']);
	const run = await check(['--env', url]);
	expect(run.status).toBe(0);
	expect(run.stdout).toMatch(/2\. timestamp in seconds, keys sorted, non-ASCII as UTF-8 — orders, Chinese text → 9001 Request refused/);
	expect(run.stdout).toMatch(/but these work: “Escape non-ASCII” = on\./);
	expect(run.stdout).toMatch(/Escape non-ASCII {3}on/);
}, 20000);

test('a first answer, then 429s: rate limiting said as such, nothing unchecked listed as working, exit 3', async () => {
	const url = await simulator(['--faults', '[{"kind":"rate-limit","skip":1}]']);
	const run = await check(['--env', url]);
	expect(run.status).toBe(3);
	expect(run.stdout).not.toMatch(/OK/);
	expect(run.stdout).toMatch(/Linksfield accepted 1 of the 2 signed requests, with the configured settings\. Then it rate-limited the check \(rate limited by the API \(HTTP 429\) after 2 attempts\): “Escape non-ASCII” and the SIM count were not checked\./);
	expect(run.stdout).toMatch(/Settings that work:\n {2}Timestamp unit {5}s\n {2}Key order {10}sorted\nNot verified \(no request with either value was accepted\):\n {2}Escape non-ASCII\n/);
}, 20000);

test('HTTP 500 on the request with Chinese text: a server error, not "refused whichever way it was written", exit 3', async () => {
	const url = await simulator(['--faults', '[{"kind":"status","status":500,"nonAscii":true}]']);
	const run = await check(['--env', url]);
	expect(run.status).toBe(3);
	expect(run.stdout).toMatch(/Then it failed with a server error \(HTTP 500 after 2 attempts\)/);
	expect(run.stdout).not.toMatch(/whichever way|OK/);
}, 20000);

test('--secret=<value> is accepted; a stray value is refused by position, never echoed', async () => {
	const url = await simulator();
	const ok = await check([`--env=${url}`, `--secret=${TEST_ACCOUNT.secret}`], { LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode });
	expect(ok.status).toBe(0);
	expect(ok.stdout + ok.stderr).not.toContain(TEST_ACCOUNT.secret);
	const stray = await check(['--env', url, 'pasted-secret-value'], { LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode });
	expect(stray.status).toBe(2);
	expect(stray.stderr).toMatch(/unexpected argument 4/);
	expect(stray.stdout + stray.stderr).not.toContain('pasted-secret-value');
}, 20000);

test('bad usage exits 2 and says what is missing', async () => {
	const run = await check(['--env', 'http://127.0.0.1:9'], {});
	expect(run.status).toBe(2);
	expect(run.stderr).toMatch(/LINKSFIELD_ACCESS_CODE and LINKSFIELD_SECRET/);
});

test('docs/first-contact.md shows the output of a real run', async () => {
	const readme = readFileSync(path.join(root, 'docs', 'first-contact.md'), 'utf8');
	const url = await simulator(['--timestamp-unit', 'ms', '--timestamp-strict']);
	const run = await check(['--env', url]);
	// Everything but the port, the timestamps and the server's "… s away" figures must read as in the page.
	const normalise = (text: string) => text.replace(/127\.0\.0\.1:\d+/g, '127.0.0.1:PORT').replace(/\d{10,13}/g, 'T').replace(/T is \d+ s away/g, 'T is N s away');
	const block = /```text\n(\$ LINKSFIELD_ACCESS_CODE=[\s\S]*?)```/.exec(readme);
	expect(block).not.toBeNull();
	const shown = block![1].split('\n').slice(1).join('\n');
	expect(normalise(shown).trim()).toBe(normalise(run.stdout).trim());
}, 20000);
