import { CURRENT_OPERATIONS } from '../src/catalog/current-operations';
import { argsFrom, runCli, UsageError } from '../src/cli';
import { OPERATIONS } from '../src/catalog/operations';
import { testKey } from './signing/sign-v2-keys';
import type { Transport, TransportRequest } from '../src/transport/transport';

/** The command line's arguments and exits: both option forms, and no value that could be a secret in an error. */

const SECRET = 'sk-7f3a9c1e-do-not-print';
const ENV = { LINKSFIELD_ACCESS_CODE: 'P000270' };
const PEM = '-----BEGIN PRIVATE KEY-----\nnot-really-a-key-do-not-print\n-----END PRIVATE KEY-----\n';
const CURRENT_ENV = { LINKSFIELD_KEY_ID: 'key-1', LINKSFIELD_PRIVATE_KEY: PEM };

function refusal(argv: string[], env: Record<string, string> = ENV, readFile?: (path: string) => string): Error | undefined {
	try {
		argsFrom(argv, env, readFile);
	} catch (err) {
		return err as Error;
	}
	return undefined;
}

describe('argsFrom: check', () => {
	test.each([
		['--name value', ['--env', 'uat', '--secret', SECRET, '--timestamp-unit', 'ms']],
		['--name=value', ['--env=uat', `--secret=${SECRET}`, '--timestamp-unit=ms']],
	])('accepts the %s form', (_form, flags) => {
		expect(argsFrom(['check', ...flags], ENV)).toMatchObject({ command: 'check', api: 'legacy', secret: SECRET, timestampUnit: 'ms', baseUrl: 'https://api-uat.io.linksfield.net/cube/v4' });
	});

	test('a value after "=" may itself contain "="', () => {
		expect(argsFrom(['check', `--secret=${SECRET}==`], ENV)).toMatchObject({ secret: `${SECRET}==` });
	});

	test('--api current takes the key id and the PEM text from the environment', () => {
		expect(argsFrom(['check', '--api', 'current', '--env', 'production'], CURRENT_ENV)).toEqual({
			command: 'check',
			api: 'current',
			keyId: 'key-1',
			privateKey: PEM,
			baseUrl: 'https://api.linksfield.net/cube/v4',
			language: 'en-US',
			timeoutMs: 15000,
		});
	});

	test('--private-key-file is read, and wins over LINKSFIELD_PRIVATE_KEY', () => {
		const read: string[] = [];
		const args = argsFrom(['check', '--api=current', '--key-id', 'key-2', '--private-key-file', '/keys/api.pem'], { LINKSFIELD_PRIVATE_KEY: 'other' }, (path) => (read.push(path), PEM));
		expect(read).toEqual(['/keys/api.pem']);
		expect(args).toMatchObject({ api: 'current', keyId: 'key-2', privateKey: PEM });
	});

	test.each([
		['a stray value', ['check', SECRET], /unexpected argument 2/],
		['a misspelt option in the = form', ['check', `--secrte=${SECRET}`], /unknown option --secrte\b/],
		['an option without its value', ['check', '--secret'], /--secret needs a value/],
		['a value given to a switch', ['check', `--escape-non-ascii=${SECRET}`], /--escape-non-ascii takes no value/],
		['an unknown command', [SECRET], /unknown command/],
		['a bad --env', ['check', `--env=${SECRET}`, `--secret=${SECRET}`], /--env must be/],
		['a bad --timeout', ['check', `--timeout=${SECRET}`, `--secret=${SECRET}`], /--timeout must be/],
		['a bad --api', ['check', `--api=${SECRET}`], /--api must be legacy or current/],
		['the secret with --api current', ['check', '--api', 'current', `--secret=${SECRET}`], /--secret is an option of the legacy API/],
		['a key file with the legacy API', ['check', `--secret=${SECRET}`, `--private-key-file=${SECRET}`], /--private-key-file is an option of the current API/],
	])('%s is refused without echoing the value', (_name, argv, message) => {
		const error = refusal(argv);
		expect(error).toBeInstanceOf(UsageError);
		expect(error?.message).toMatch(message);
		expect(error?.message).not.toContain(SECRET);
	});

	test('an option whose value was left out does not take the next option (--secret=…) for it, to print it as the access code', () => {
		const env = { LINKSFIELD_SECRET: 'from-the-environment' };
		for (const argv of [['check', '--access-code', `--secret=${SECRET}`], ['check', '--key-id', `--private-key-file=${SECRET}`, '--api', 'current'], ['call', 'usage.get', '--access-code', `--secret=${SECRET}`]]) {
			const error = refusal(argv, env);
			expect(error).toBeInstanceOf(UsageError);
			expect(error?.message).toMatch(/^--(access-code|key-id) needs a value/);
			expect(error?.message).not.toContain(SECRET);
		}
	});

	test('--api current without a key id or key names both variables and options', () => {
		expect(refusal(['check', '--api', 'current'], { LINKSFIELD_PRIVATE_KEY: PEM })?.message).toMatch(/LINKSFIELD_KEY_ID and LINKSFIELD_PRIVATE_KEY \(the PEM text\), or --key-id \/ --private-key-file/);
	});

	test('an unreadable key file is named by its option and the reason, not its path', () => {
		const error = refusal(['check', '--api', 'current', '--key-id', 'k', `--private-key-file=/secret/${SECRET}.pem`], {}, () => {
			throw Object.assign(new Error(`ENOENT: no such file, open '/secret/${SECRET}.pem'`), { code: 'ENOENT' });
		});
		expect(error?.message).toBe('--private-key-file cannot be read (ENOENT)');
	});

	test("each API's named environments: productionV3 is a legacy host, productionIo a current one", () => {
		expect(argsFrom(['check', '--env', 'productionV3', `--secret=${SECRET}`], ENV)).toMatchObject({ baseUrl: 'https://apiv3.linksfield.net' });
		expect(argsFrom(['check', '--api', 'current', '--env', 'productionIo'], CURRENT_ENV)).toMatchObject({ baseUrl: 'https://api.io.linksfield.net/cube/v4' });
		expect(refusal(['check', '--api', 'current', '--env', 'productionV3'], CURRENT_ENV)?.message).toMatch(/--env must be production, productionIo, uat or an http\(s\) URL for the current API/);
		expect(refusal(['check', '--env', 'productionIo', `--secret=${SECRET}`], ENV)?.message).toMatch(/--env must be production, productionV3, uat or an http\(s\) URL$/);
	});
});

describe('argsFrom: operations and call', () => {
	test('operations: --api narrows, --json is a switch', () => {
		expect(argsFrom(['operations'], {})).toEqual({ command: 'operations', api: undefined, json: false });
		expect(argsFrom(['operations', '--api', 'current', '--json'], {})).toEqual({ command: 'operations', api: 'current', json: true });
		expect(refusal(['operations', '--json=yes'])?.message).toBe('--json takes no value');
	});

	test('call: name=value by the API names; [..] and {..} are JSON, anything else stays text (ICCIDs keep their digits)', () => {
		const args = argsFrom(['call', 'plan.bulkOrder', 'deviceList=["89852022018041800192"]', 'renew_period=2', 'device_id=89852022018041800192', 'params={"a":{"b":1}}', 'note=a=b', '--all', '--wait'], ENV);
		expect(args).toMatchObject({
			command: 'call',
			operationId: 'plan.bulkOrder',
			operationPosition: 2,
			params: { deviceList: ['89852022018041800192'], renew_period: '2', device_id: '89852022018041800192', params: { a: { b: 1 } }, note: 'a=b' },
			all: true,
			wait: true,
		});
	});

	test('call: options may come before the operation id; positions count from the command', () => {
		expect(argsFrom(['call', '--env', 'uat', 'usage.get', 'device_id=1'], ENV)).toMatchObject({ operationId: 'usage.get', operationPosition: 4, params: { device_id: '1' } });
	});

	test.each([
		['no operation id', ['call'], /call needs an operation id/],
		['a pair without "="', ['call', 'usage.get', SECRET], /argument 3 is not name=value/],
		['a pair without a name', ['call', 'usage.get', `=${SECRET}`], /argument 3 is not name=value/],
		['a parameter given twice', ['call', 'usage.get', `device_id=${SECRET}`, `device_id=${SECRET}`], /argument 4 gives a parameter a second time/],
		['broken JSON', ['call', 'plan.bulkOrder', `deviceList=[${SECRET}`], /argument 3 starts like JSON but is not valid JSON/],
		['an operation id that is no id', ['call', `${SECRET}!`], /argument 2 is not an operation id/],
		['an option of another command', ['call', 'usage.get', '--json'], /unknown option --json/],
	])('%s is refused without echoing the value', (_name, argv, message) => {
		const error = refusal(argv);
		expect(error).toBeInstanceOf(UsageError);
		expect(error?.message).toMatch(message);
		expect(error?.message).not.toContain(SECRET);
	});
});

/** A transport that records what it was asked and answers with the given legacy envelope. */
function answering(data: unknown): Transport & { requests: TransportRequest[] } {
	const requests: TransportRequest[] = [];
	const transport = (async (req: TransportRequest) => {
		requests.push(req);
		return { status: 200, headers: {}, body: JSON.stringify({ code: '0000', success: true, message: 'ok', data }) };
	}) as Transport & { requests: TransportRequest[] };
	transport.requests = requests;
	return transport;
}

async function cli(argv: string[], env: Record<string, string> = { ...ENV, LINKSFIELD_SECRET: SECRET }, transport: Transport = answering({})) {
	let stdout = '';
	let stderr = '';
	const status = await runCli(argv, { out: (t) => (stdout += t), err: (t) => (stderr += t), env, transport });
	return { status, stdout, stderr };
}

describe('runCli', () => {
	test('help: exit 0, every command named', async () => {
		const run = await cli(['--help']);
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/check \[--api legacy\|current\][\s\S]*operations \[--api legacy\|current\] \[--json\][\s\S]*call <operation id> \[name=value …\] \[--all\] \[--wait\]/);
	});

	test('operations --json: every entry of both catalogs, with method, path and parameters', async () => {
		const run = await cli(['operations', '--json']);
		expect(run.status).toBe(0);
		const listed = JSON.parse(run.stdout) as Array<{ id: string; api: string; method: string; path: string | null; params: Array<{ name: string; in: string }> }>;
		expect(listed.map((op) => op.id)).toEqual([...OPERATIONS, ...CURRENT_OPERATIONS].map((op) => op.id));
		expect(listed.find((op) => op.id === 'usage.get')).toMatchObject({ api: 'legacy', method: 'POST', path: '/flow/queryDeviceFlowUsage', params: [{ name: 'device_id', in: 'body', required: true }] });
		const currentList = listed.find((op) => op.id === 'current.sim.getMany')!;
		expect(currentList).toMatchObject({ api: 'current', method: 'GET', path: '/sims', pages: true });
		expect(currentList.params.map((p) => `${p.name}:${p.in}`)).toEqual(['status:query', 'page_no:query', 'page_size:query']);
	});

	test('operations --api legacy as text: one line per operation and its parameters', async () => {
		const run = await cli(['operations', '--api', 'legacy']);
		expect(run.status).toBe(0);
		expect(run.stdout).toMatch(/^ {2}plan\.getOrders {2}POST \/package\/queryOrder {2}\[--all walks its pages\]$/m);
		expect(run.stdout).toMatch(/^ {2}usage\.getMany {2}usage\.get once per entry \(client-side\)$/m);
		expect(run.stdout).toMatch(/^ {6}page_size \(integer, required, default 50\)/m);
		expect(run.stdout).not.toMatch(/Current API/);
	});

	test('call: the result as JSON on stdout, exit 0; the body carries the API names', async () => {
		const transport = answering({ device_id: '89852022018041800192', flow: 1024, used_flow: 256 });
		const run = await cli(['call', 'usage.get', 'device_id=89852022018041800192', '--env', 'http://127.0.0.1:9'], undefined, transport);
		expect(run).toMatchObject({ status: 0, stderr: '' });
		expect(JSON.parse(run.stdout)).toMatchObject({ device_id: '89852022018041800192' });
		expect(transport.requests).toHaveLength(1);
		expect(transport.requests[0]).toMatchObject({ url: 'http://127.0.0.1:9/flow/queryDeviceFlowUsage', body: { device_id: '89852022018041800192', access_code: 'P000270' } });
		expect(run.stdout + run.stderr).not.toContain(SECRET);
	});

	test('call: a parameter the catalog refuses is a validation error — exit 1, the plain error on stderr, nothing sent', async () => {
		const transport = answering({});
		const run = await cli(['call', 'usage.get', 'device_id=123'], undefined, transport);
		expect(run.status).toBe(1);
		expect(run.stdout).toBe('');
		expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'validation', operation: 'usage.get', field: 'device_id', outcome: 'failed' });
		expect(transport.requests).toHaveLength(0);
	});

	test('call: a failure of the API is exit 1 with the plain error (the vendor code), never the secret', async () => {
		const transport: Transport = async () => ({ status: 200, headers: {}, body: JSON.stringify({ code: '1001', success: false, message: 'Signature error' }) });
		const run = await cli(['call', 'plan.getPlans'], undefined, transport);
		expect(run.status).toBe(1);
		expect(JSON.parse(run.stderr)).toMatchObject({ kind: 'business', code: '1001', operation: 'plan.getPlans' });
		expect(run.stdout + run.stderr).not.toContain(SECRET);
	});

	test.each([
		['an unknown operation', ['call', 'nothing.here'], /argument 2 is not an operation of this version/],
		['--all for an operation that does not page', ['call', 'usage.get', 'device_id=89852022018041800192', '--all'], /--all: this operation does not page/],
		['--wait for an operation that answers at once', ['call', 'usage.get', 'device_id=89852022018041800192', '--wait'], /--wait: this operation answers at once/],
		['a call without credentials', ['call', 'plan.getPlans'], /LINKSFIELD_ACCESS_CODE and LINKSFIELD_SECRET/],
	])('usage error, exit 2 with the help and nothing sent: %s', async (_name, argv, message) => {
		const transport = answering({});
		const run = await cli(argv, argv[1] === 'plan.getPlans' ? {} : undefined, transport);
		expect(run.status).toBe(2);
		expect(run.stderr).toMatch(message);
		expect(run.stderr).toMatch(/Usage: npx @linksfield-cube\/core <command>/);
		expect(transport.requests).toHaveLength(0);
	});
});

describe('runCli: check --api current', () => {
	const env = { LINKSFIELD_KEY_ID: 'key-1', LINKSFIELD_PRIVATE_KEY: testKey('team-rsa1024.pkcs8.pem') };
	const answer = (status: number, body: unknown): Transport => async () => ({ status, headers: { date: new Date().toUTCString() }, body: JSON.stringify(body) });
	const KEY_LINE = testKey('team-rsa1024.pkcs8.pem').split('\n')[1];

	test.each([
		['accepted: the SIM count, exit 0', answer(200, { data: [], total_count: 7, status: { code: 'CB-00-0000', message: 'Success' } }), 0, /OK: Linksfield accepted the signed request\. SIMs: 7\./],
		['accepted without total_count: said so, exit 0', answer(200, { data: [], status: { code: 'CB-00-0000', message: 'Success' } }), 0, /SIMs: not reported \(the answer has no total_count\)\./],
		['refused: what to fix, exit 1', answer(403, { data: null, status: { code: 'CB-99-9403', message: 'Authentication failed' } }), 1, /To fix, most likely first:\n {2}- the key pair/],
		['rate limited: run it again later, exit 3', answer(429, { data: null, status: { code: 'CB-99-9429', message: 'Too many requests' } }), 3, /Not checked: the API rate-limited the check; nothing was refused\. Run it again later\./],
	])('%s', async (_name, transport, status, output) => {
		const run = await cli(['check', '--api', 'current'], env, transport);
		expect(run.status).toBe(status);
		expect(run.stdout).toMatch(output);
		expect(run.stdout + run.stderr).not.toContain(KEY_LINE);
	});
});
