import { CURRENT_OPERATIONS, OPERATIONS } from '@linksfield-cube/core';
import { DEMO_ICCIDS } from '@linksfield-cube/simulator';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { runCoreCli, simulatorProcesses } from './cli-processes';

/**
 * `npx @linksfield-cube/core operations` and `… call` as a shell or cron user runs them: the built command in its own
 * process against the simulator's own CLI. The secret comes from the environment and never appears in any output.
 */

const ACCOUNT = { LINKSFIELD_ACCESS_CODE: TEST_ACCOUNT.accessCode, LINKSFIELD_SECRET: TEST_ACCOUNT.secret };
const simulators = simulatorProcesses();
let url: string;

beforeAll(async () => {
	url = await simulators.start(['--seed', 'demo']);
}, 20000);
afterAll(() => simulators.stopAll());

const call = async (args: string[], env: Record<string, string> = ACCOUNT) => {
	const run = await runCoreCli(['call', ...args, '--env', url], env);
	expect(run.stdout + run.stderr).not.toContain(TEST_ACCOUNT.secret);
	return run;
};

test('operations --json lists every catalog entry of both APIs, with method, path and parameters', async () => {
	const run = await runCoreCli(['operations', '--json']);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	const listed = JSON.parse(run.stdout) as Array<{ id: string; api: string; method: string; path: string | null; params: Array<{ name: string }> }>;
	expect(listed.map((op) => op.id)).toEqual([...OPERATIONS, ...CURRENT_OPERATIONS].map((op) => op.id));
	for (const op of listed) {
		const spec = [...OPERATIONS, ...CURRENT_OPERATIONS].find((o) => o.id === op.id)!;
		expect(op).toMatchObject({ api: spec.generation ?? 'legacy', method: spec.method ?? 'POST', path: spec.path });
		expect(op.params.map((p) => p.name)).toEqual(spec.params.map((p) => p.name));
	}
}, 20000);

test('call usage.get device_id=… prints the SIM\'s usage with the derived facts, exit 0', async () => {
	const run = await call(['usage.get', `device_id=${DEMO_ICCIDS[0]}`]);
	expect(run).toMatchObject({ status: 0, stderr: '' });
	const usage = JSON.parse(run.stdout);
	expect(usage).toMatchObject({ iccid: DEMO_ICCIDS[0] });
	expect(typeof usage.percentUsed).toBe('number');
	expect(typeof usage.orderId).toBe('string');
}, 20000);

test('call plan.getOrders --all walks every page: as many orders as the first page says there are, each once', async () => {
	const first = await call(['plan.getOrders', 'page_size=10']);
	expect(first.status).toBe(0);
	const total = JSON.parse(first.stdout).page.total_count as number;
	expect(total).toBeGreaterThan(20);
	const all = await call(['plan.getOrders', 'page_size=10', '--all']);
	expect(all).toMatchObject({ status: 0, stderr: '' });
	const orders = JSON.parse(all.stdout) as Array<{ orderCode: string }>;
	expect(orders).toHaveLength(total);
	expect(new Set(orders.map((o) => o.orderCode)).size).toBe(total);
}, 20000);

test('call usage.getMany fans out: one result per SIM in input order, a refused SIM as its plain error and exit 1', async () => {
	const run = await call(['usage.getMany', `device_ids=["${DEMO_ICCIDS[1]}","89852022018041899999","${DEMO_ICCIDS[2]}"]`]);
	expect(run.status).toBe(1);
	const results = JSON.parse(run.stdout) as Array<{ iccid: string; ok: boolean; error?: { kind: string; iccid: string } }>;
	expect(results.map((r) => [r.iccid, r.ok])).toEqual([
		[DEMO_ICCIDS[1], true],
		['89852022018041899999', false],
		[DEMO_ICCIDS[2], true],
	]);
	expect(results[1].error).toMatchObject({ kind: 'business', iccid: '89852022018041899999' });
}, 20000);

test('a validation error exits 1 with the plain error on stderr', async () => {
	const run = await call(['usage.get', 'device_id=123']);
	expect(run.status).toBe(1);
	expect(run.stdout).toBe('');
	expect(JSON.parse(run.stderr)).toEqual({
		message: expect.stringMatching(/parameter "device_id"/),
		kind: 'validation',
		operation: 'usage.get',
		outcome: 'failed',
		field: 'device_id',
	});
}, 20000);

test.each([
	['an unknown operation', ['nothing.here'], /argument 2 is not an operation of this version/],
	['a parameter without "="', ['usage.get', 'pasted-secret-value'], /argument 3 is not name=value/],
	['--all on an operation that does not page', ['usage.get', `device_id=${DEMO_ICCIDS[0]}`, '--all'], /--all: this operation does not page/],
])('a usage error exits 2 with the help, never echoing a value: %s', async (_name, args, message) => {
	const run = await call(args);
	expect(run.status).toBe(2);
	expect(run.stdout).toBe('');
	expect(run.stderr).toMatch(message);
	expect(run.stderr).toMatch(/Usage: npx @linksfield-cube\/core <command>/);
	expect(run.stderr).not.toContain('pasted-secret-value');
}, 20000);

test('a wrong secret: exit 1, the plain error names the settings to check, and the wrong secret is printed nowhere', async () => {
	const run = await call(['plan.getPlans'], { ...ACCOUNT, LINKSFIELD_SECRET: 'wrong-secret-value' });
	expect(run.status).toBe(1);
	expect(run.stdout + run.stderr).not.toContain('wrong-secret-value');
	expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'business', operation: 'plan.getPlans', settings: expect.arrayContaining(['secret']) });
}, 20000);
