import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CURRENT_CODE_TABLE, CURRENT_ROUTES } from '@linksfield-cube/simulator';
import { HELP, optionsFromArgs } from '../src/cli';
import { CURRENT_FLAGS } from '../src/current/current-flags';
import { PUBLIC_PEM } from './current-fixture';

/** The current API's CLI flags and its README section against the routes, codes and flags. */

describe('cube-simulator current-API flags', () => {
	let dir: string;
	beforeAll(() => {
		dir = mkdtempSync(path.join(os.tmpdir(), 'cube-sim-cli-'));
		writeFileSync(path.join(dir, 'k.pem'), PUBLIC_PEM);
	});
	afterAll(() => rmSync(dir, { recursive: true, force: true }));

	it('map onto the current options', () => {
		const options = optionsFromArgs([
			'--key', `key-one:${path.join(dir, 'k.pem')}`,
			'--key', `key-two:${path.join(dir, 'k.pem')}`,
			'--demo-key',
			'--state-dir', dir,
			'--notification-key', 'nk:se:cret',
			'--notification-url', 'http://localhost:5678/webhook/x',
			'--async-delay', '50',
			'--ip-rate-limit', '0',
			'--ip-concurrency', '5',
			'--daily-quota=100',
		]);
		expect(options).toMatchObject({
			current: {
				keys: [{ keyId: 'key-one' }, { keyId: 'key-two' }],
				demoKey: true,
				stateDir: dir,
				notificationKey: { keyId: 'nk', key: 'se:cret' },
				notificationUrl: 'http://localhost:5678/webhook/x',
				asyncDelayMs: 50,
				limits: { perSecond: 0, concurrent: 5, dailyQuota: 100 },
			},
		});
		expect(String((options as { current: { keys: Array<{ publicKey: Buffer }> } }).current.keys[0].publicKey)).toBe(PUBLIC_PEM);
		expect(optionsFromArgs([])).toMatchObject({ current: { keys: undefined, demoKey: undefined, limits: { perSecond: undefined } } });
	});

	it('refuse malformed values', () => {
		expect(() => optionsFromArgs(['--key', 'no-file'])).toThrow(/keyId:public-key.pem/);
		expect(() => optionsFromArgs(['--key', `k:${path.join(dir, 'missing.pem')}`])).toThrow(/ENOENT/);
		expect(() => optionsFromArgs(['--notification-key', 'only-id'])).toThrow(/keyId:key/);
		expect(() => optionsFromArgs(['--notification-key', 'notification-key-4711'])).toThrow(/^(?!.*notification-key-4711).*keyId:key/);
		expect(() => optionsFromArgs(['--ip-concurrency', 'three'])).toThrow(/whole number/);
		expect(() => optionsFromArgs(['--demo-key=yes'])).toThrow(/takes no value/);
	});

	it('are in --help', () => {
		for (const flag of CURRENT_FLAGS) expect(HELP).toContain(`--${flag}`);
	});
});

describe('README current API section', () => {
	const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

	it('lists every route, every status code (the simulator\'s own marked) and every flag', () => {
		for (const route of CURRENT_ROUTES) {
			const row = readme.split('\n').find((line) => line.startsWith(`| ${route.method} | \`${route.path}\` |`));
			expect({ path: route.path, row }).toEqual({ path: route.path, row: expect.any(String) });
		}
		for (const c of CURRENT_CODE_TABLE) expect(readme).toContain(`| ${c.code} | ${c.http} | ${c['en-US']} | ${c.own ? '**own**' : ''} |`);
		for (const flag of CURRENT_FLAGS) expect(readme).toContain(`\`--${flag}`);
	});
});
