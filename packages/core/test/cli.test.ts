import { argsFrom } from '../src/cli';

/** The check's arguments: both option forms, and no value that could be a secret in an error. */

const SECRET = 'sk-7f3a9c1e-do-not-print';
const ENV = { LINKSFIELD_ACCESS_CODE: 'P000270' };

describe('argsFrom', () => {
	test.each([
		['--name value', ['--env', 'uat', '--secret', SECRET, '--timestamp-unit', 'ms']],
		['--name=value', ['--env=uat', `--secret=${SECRET}`, '--timestamp-unit=ms']],
	])('accepts the %s form', (_form, flags) => {
		expect(argsFrom(['check', ...flags], ENV)).toMatchObject({ secret: SECRET, timestampUnit: 'ms', baseUrl: 'https://api-uat.io.linksfield.net/cube/v4' });
	});

	test('a value after "=" may itself contain "="', () => {
		expect(argsFrom(['check', `--secret=${SECRET}==`], ENV)).toMatchObject({ secret: `${SECRET}==` });
	});

	test.each([
		['a stray value', ['check', SECRET], /unexpected argument 2/],
		['a misspelt option in the = form', ['check', `--secrte=${SECRET}`], /unknown option --secrte\b/],
		['an option without its value', ['check', '--secret'], /--secret needs a value/],
		['a value given to a switch', ['check', `--escape-non-ascii=${SECRET}`], /--escape-non-ascii takes no value/],
		['an unknown command', [SECRET], /unknown command/],
		['a bad --env', ['check', `--env=${SECRET}`, `--secret=${SECRET}`], /--env must be/],
		['a bad --timeout', ['check', `--timeout=${SECRET}`, `--secret=${SECRET}`], /--timeout must be/],
	])('%s is refused without echoing the value', (_name, argv, message) => {
		let error: Error | undefined;
		try {
			argsFrom(argv, ENV);
		} catch (err) {
			error = err as Error;
		}
		expect(error?.message).toMatch(message);
		expect(error?.message).not.toContain(SECRET);
	});
});
