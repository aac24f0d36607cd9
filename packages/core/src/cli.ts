#!/usr/bin/env node
import { baseUrlFor, ENVIRONMENTS, type Environment, type Language } from './environments';
import { createAxiosTransport } from './axios-transport';
import { checkSigning } from './signing-check';
import type { SigningSetting } from './signing-diagnosis';

/**
 * `npx @linksfield-cube/core check`: does this account work, and with which signing settings? Prints what
 * works and the SIM count (exit 0), the diagnosis (exit 1), or what stopped the check (exit 3). Its own file,
 * never imported by the nodes.
 */

export const HELP = `Usage: npx @linksfield-cube/core check [options]

Makes a few signed read-only calls (never a write) and prints which signing settings Linksfield accepts,
the number of SIMs in use, or what the server answered and which setting to check.

Options, --name value or --name=value (or environment variables):
  --env <uat|production|productionV3|url>   LINKSFIELD_ENV       default uat: try UAT first
  --access-code <code>                      LINKSFIELD_ACCESS_CODE
  --secret <secret>                         LINKSFIELD_SECRET    (prefer the variable: flags end up in shell history)
  --language <en-US|zh-CN>                  LINKSFIELD_LANGUAGE  default en-US
  --timestamp-unit <s|ms>                   the settings to start from (default s, sorted, off)
  --key-order <sorted|insertion>
  --escape-non-ascii
  --timeout <seconds>                       default 15
  -h, --help

Exit status: 0 when every setting was accepted in a request (the ones to change are printed), 1 when
Linksfield refused them or gave no usable answer, 2 on bad usage, 3 when it rate-limited the check or failed
with a server error before every setting was checked (run it again later).
`;

export interface CheckArgs {
	baseUrl: string;
	accessCode: string;
	secret: string;
	language: Language;
	timestampUnit: 's' | 'ms';
	order: 'sorted' | 'insertion';
	asciiEscape: boolean;
	timeoutMs: number;
}

/** Options that take no value. */
const SWITCHES = ['escape-non-ascii'];
const KNOWN = ['env', 'access-code', 'secret', 'language', 'timestamp-unit', 'key-order', 'escape-non-ascii', 'timeout'];

/**
 * Reads `check` and its options, `--name value` or `--name=value`. An error names the option or the argument's
 * position, never a value: any of them may be the secret (a stray one often is, pasted without its flag).
 */
export function argsFrom(argv: string[], env: Record<string, string | undefined>): CheckArgs | 'help' {
	const [command, ...rest] = argv;
	if (command === '-h' || command === '--help' || command === undefined) return 'help';
	if (command !== 'check') throw new Error('unknown command (the only one is "check")');
	const flags: Record<string, string> = {};
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		if (arg === '-h' || arg === '--help') return 'help';
		if (!arg.startsWith('--')) throw new Error(`unexpected argument ${i + 2} (options are --name value or --name=value)`);
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
		if (!KNOWN.includes(name)) throw new Error(`unknown option --${name}`);
		if (SWITCHES.includes(name)) {
			if (eq > 0) throw new Error(`--${name} takes no value`);
			flags[name] = 'true';
			continue;
		}
		const value = eq > 0 ? arg.slice(eq + 1) : rest[++i];
		if (value === undefined) throw new Error(`--${name} needs a value`);
		flags[name] = value;
	}
	const target = flags.env ?? env.LINKSFIELD_ENV ?? 'uat';
	const baseUrl = /^https?:\/\//.test(target) ? target.replace(/\/+$/, '') : ENVIRONMENTS.some((e) => e.value === target && e.baseUrl) ? baseUrlFor(target as Environment) : '';
	if (!baseUrl) throw new Error(`--env must be ${ENVIRONMENTS.filter((e) => e.baseUrl).map((e) => e.value).join(', ')} or an http(s) URL`);
	const accessCode = (flags['access-code'] ?? env.LINKSFIELD_ACCESS_CODE ?? '').trim();
	const secret = flags.secret ?? env.LINKSFIELD_SECRET ?? '';
	if (!accessCode || !secret) throw new Error('an access code and a secret are needed: LINKSFIELD_ACCESS_CODE and LINKSFIELD_SECRET, or --access-code / --secret');
	const language = flags.language ?? env.LINKSFIELD_LANGUAGE ?? 'en-US';
	if (language !== 'en-US' && language !== 'zh-CN') throw new Error('--language must be en-US or zh-CN');
	const unit = flags['timestamp-unit'] ?? 's';
	if (unit !== 's' && unit !== 'ms') throw new Error('--timestamp-unit must be s or ms');
	const order = flags['key-order'] ?? 'sorted';
	if (order !== 'sorted' && order !== 'insertion') throw new Error('--key-order must be sorted or insertion');
	const timeout = Number(flags.timeout ?? 15);
	if (!(timeout > 0)) throw new Error('--timeout must be a number of seconds');
	return { baseUrl, accessCode, secret, language, timestampUnit: unit, order, asciiEscape: flags['escape-non-ascii'] === 'true', timeoutMs: timeout * 1000 };
}

/** Runs the check and writes its report; resolves with the exit status. */
export async function runCheck(args: CheckArgs, write: (text: string) => void): Promise<number> {
	write(`Linksfield Cube check: ${args.baseUrl}, access code ${args.accessCode}\n`);
	const transport = createAxiosTransport();
	const report = await checkSigning({
		transport,
		baseUrl: args.baseUrl,
		accessCode: args.accessCode,
		secret: args.secret,
		language: args.language,
		timestampUnit: args.timestampUnit,
		canonical: { order: args.order, asciiEscape: args.asciiEscape },
		timeoutMs: args.timeoutMs,
		ratePerSecond: 2,
	}).finally(() => transport.close());
	write(`\nRequests (signed, read-only):\n${report.attempts.map((a) => `  ${a}\n`).join('')}\n`);
	write(`${report.summary}\n`);
	if (report.ok) {
		const s = report.settings!;
		// A setting is listed as working only when a request with it was accepted.
		const lines: Array<[SigningSetting, string, string]> = [
			['timestampUnit', 'Timestamp unit', s.timestampUnit],
			['keyOrder', 'Key order', s.canonical.order],
			['escapeNonAscii', 'Escape non-ASCII', s.canonical.asciiEscape ? 'on' : 'off'],
		];
		const row = ([, name, value]: [SigningSetting, string, string]) => `  ${name.padEnd(19)}${value}\n`;
		write(`\nSettings that work:\n${lines.filter(([k]) => !report.unverified.includes(k)).map(row).join('')}`);
		const open = lines.filter(([k]) => report.unverified.includes(k));
		if (open.length) write(`Not verified (no request with either value was accepted):\n${open.map(([, name]) => `  ${name}\n`).join('')}`);
	}
	if (report.verified) return 0;
	if (report.interrupted === 'rate-limited' || report.interrupted === 'server-error') return 3;
	if (!report.ok && report.signedContent) write(`\nFor Linksfield support, the last string that was signed (it never contains the secret):\n  ${report.signedContent}\n`);
	return 1;
}

async function main(): Promise<void> {
	let args: CheckArgs | 'help';
	try {
		args = argsFrom(process.argv.slice(2), process.env);
	} catch (err) {
		process.stderr.write(`linksfield-cube: ${(err as Error).message}\n\n${HELP}`);
		process.exit(2);
	}
	if (args === 'help') {
		process.stdout.write(HELP);
		return;
	}
	process.exitCode = await runCheck(args, (text) => process.stdout.write(text));
}

/** Runs the command: bin/linksfield-cube.js calls it, and so does `node dist/cli.js`. */
export function run(): void {
	main().catch((err) => {
		process.stderr.write(`linksfield-cube: ${(err as Error).message}\n`);
		process.exit(1);
	});
}

if (require.main === module) run();
