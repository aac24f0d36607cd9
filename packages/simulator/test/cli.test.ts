import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ENDPOINT_OPERATIONS } from '@linksfield-cube/core';
import { ADMIN_ROUTES, CODE_TABLE } from '@linksfield-cube/simulator';
import { HELP, KNOWN_FLAGS, optionsFromArgs } from '../src/cli';

/** The simulator's CLI flags, and its README against the endpoints, result codes, admin routes and flags. */

describe('cube-simulator flags', () => {
	it('--help documents every flag the parser knows', () => {
		for (const flag of KNOWN_FLAGS) expect(HELP).toContain(`--${flag}`);
		expect(optionsFromArgs(['--help'])).toBe('help');
	});

	it('maps flags onto startSimulator options', () => {
		expect(
			optionsFromArgs(['--port', '0', '--seed=fleet:1000', '--account', 'P1:s1', '--account', 'P2:s:2', '--rate-limit', '50/10', '--timestamp-unit', 'ms', '--faults', 'flaky', '--language', 'en-US']),
		).toMatchObject({ port: 0, seed: 'fleet:1000', accounts: [{ accessCode: 'P1', secret: 's1' }, { accessCode: 'P2', secret: 's:2' }], rateLimit: { perSecond: 50, burst: 10 }, timestampUnit: 'ms', faults: 'flaky', language: 'en-US' });
		expect(optionsFromArgs(['--faults', '[{"kind":"reset","count":1}]'])).toMatchObject({ faults: [{ kind: 'reset', count: 1 }] });
		// Switches take no value: the flag after one is read as a flag.
		expect(optionsFromArgs(['--timestamp-unit', 'ms', '--timestamp-strict', '--escape-unicode', '--signing', 'insertion', '--port', '0'])).toMatchObject({
			timestampUnit: 'ms',
			timestampStrict: true,
			escapeUnicode: true,
			signing: 'insertion',
			port: 0,
		});
		expect(optionsFromArgs([])).toMatchObject({ timestampStrict: undefined, escapeUnicode: undefined, signing: undefined });
	});

	it('refuses unknown flags and bad values', () => {
		expect(() => optionsFromArgs(['--prot', '1'])).toThrow(/unknown flag --prot/);
		expect(() => optionsFromArgs(['--port', 'x'])).toThrow(/whole number/);
		expect(() => optionsFromArgs(['--account', 'nosecret'])).toThrow(/code:secret/);
		// A value that may be a secret is never echoed: an --account without its colon, a stray argument.
		expect(() => optionsFromArgs(['--account', 'sim-secret-4711'])).toThrow(/^(?!.*sim-secret-4711).*code:secret/);
		expect(() => optionsFromArgs(['--port', '1', 'sim-secret-4711'])).toThrow(/^(?!.*sim-secret-4711)unexpected argument 3/);
		expect(() => optionsFromArgs(['--timestamp-unit', 'us'])).toThrow(/s or ms/);
		expect(() => optionsFromArgs(['--signing', 'random'])).toThrow(/sorted or insertion/);
		expect(() => optionsFromArgs(['--escape-unicode=yes'])).toThrow(/takes no value/);
	});
});

describe('README', () => {
	const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

	it('lists every endpoint, marking the inferred ones, every result code and every admin route', () => {
		for (const op of ENDPOINT_OPERATIONS) {
			const row = readme.split('\n').find((line) => line.startsWith(`| \`${op.path}\` | ${op.id} |`));
			expect({ op: op.id, row }).toEqual({ op: op.id, row: expect.any(String) });
			if (op.docStatus === 'inferred') expect(row).toContain('**inferred**');
		}
		for (const c of CODE_TABLE) expect(readme).toContain(`| ${c.code} | ${c['en-US']}`);
		for (const r of ADMIN_ROUTES) expect(readme).toContain(r.path.replace(':id', ''));
		for (const flag of KNOWN_FLAGS.filter((f) => f !== 'help')) expect(readme).toContain(`--${flag}`);
	});
});
