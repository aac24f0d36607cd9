import { readFileSync } from 'node:fs';
import { CURRENT_ENVIRONMENTS } from '../current/current-environments';
import { ENVIRONMENTS, type Language } from '../client/environments';

/**
 * The command line's arguments: `check`, `operations` and `call`, options as `--name value` or `--name=value`.
 * Every error names the option or the argument's position, never a value: any of them may be a secret (a stray one
 * often is, pasted without its flag), and an error ends up in a terminal, a cron mail or a support ticket.
 */

/** Bad usage: the command line prints it with the help and exits with 2. */
export class UsageError extends Error {
	override readonly name = 'UsageError';
}

export type Api = 'legacy' | 'current';

export interface LegacyCredentials {
	api: 'legacy';
	accessCode: string;
	secret: string;
	timestampUnit: 's' | 'ms';
	order: 'sorted' | 'insertion';
	asciiEscape: boolean;
}

export interface CurrentCredentials {
	api: 'current';
	keyId: string;
	/** The PEM text, from LINKSFIELD_PRIVATE_KEY or --private-key-file. */
	privateKey: string;
}

interface Common {
	baseUrl: string;
	language: Language;
	timeoutMs: number;
}

export type CheckArgs = Common & LegacyCredentials;
export type CurrentCheckArgs = Common & CurrentCredentials;

export interface OperationsArgs {
	command: 'operations';
	/** Undefined: both generations. */
	api?: Api;
	json: boolean;
}

export interface CallArgs {
	command: 'call';
	operationId: string;
	/** Its position on the command line, for an error about it. */
	operationPosition: number;
	/** name=value pairs, a value that reads as a JSON array or object taken as JSON. */
	params: Record<string, unknown>;
	all: boolean;
	wait: boolean;
	env: Record<string, string | undefined>;
	/** Options for the credentials and the target, resolved once the operation's API is known. */
	flags: Record<string, string>;
}

export type Command = ({ command: 'check' } & CheckArgs) | ({ command: 'check' } & CurrentCheckArgs) | OperationsArgs | CallArgs | 'help';

const TARGET = ['env', 'language', 'timeout'];
const LEGACY = ['access-code', 'secret', 'timestamp-unit', 'key-order', 'escape-non-ascii'];
const CURRENT = ['key-id', 'private-key-file'];
/** Options that take no value. */
const SWITCHES = ['escape-non-ascii', 'json', 'all', 'wait'];
const OPTIONS: Record<'check' | 'operations' | 'call', string[]> = {
	check: ['api', ...TARGET, ...LEGACY, ...CURRENT],
	operations: ['api', 'json'],
	call: [...TARGET, ...LEGACY, ...CURRENT, 'all', 'wait'],
};
const COMMANDS = Object.keys(OPTIONS);

export interface ParsedLine {
	flags: Record<string, string>;
	/** Arguments that are not options, with their position on the command line (the command is 1). */
	positionals: Array<{ value: string; position: number }>;
}

/** Splits a command's arguments into its options and the rest; 'help' for -h / --help anywhere. */
export function readLine(rest: string[], known: string[]): ParsedLine | 'help' {
	const flags: Record<string, string> = {};
	const positionals: ParsedLine['positionals'] = [];
	for (let i = 0; i < rest.length; i++) {
		const arg = rest[i];
		if (arg === '-h' || arg === '--help') return 'help';
		if (!arg.startsWith('--')) {
			positionals.push({ value: arg, position: i + 2 });
			continue;
		}
		const eq = arg.indexOf('=');
		const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
		if (!known.includes(name)) throw new UsageError(`unknown option --${name}`);
		if (SWITCHES.includes(name)) {
			if (eq > 0) throw new UsageError(`--${name} takes no value`);
			flags[name] = 'true';
			continue;
		}
		const value = eq > 0 ? arg.slice(eq + 1) : rest[i + 1];
		// The next option is no value: `--access-code --secret=…` took the secret for the access code, and printed it.
		if (value === undefined || (eq < 0 && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
		if (eq < 0) i++;
		flags[name] = value;
	}
	return { flags, positionals };
}

function apiOf(flags: Record<string, string>): Api | undefined {
	const api = flags.api;
	if (api === undefined) return undefined;
	if (api !== 'legacy' && api !== 'current') throw new UsageError('--api must be legacy or current');
	return api;
}

/** The named environments of each API: apiv3 serves the legacy API only, and the current API's production host differs. */
function environmentsOf(api: Api): Array<{ value: string; baseUrl: string }> {
	return (api === 'legacy' ? ENVIRONMENTS : CURRENT_ENVIRONMENTS).filter((e) => e.baseUrl);
}

function targetFrom(flags: Record<string, string>, env: Record<string, string | undefined>, api: Api): Common {
	const target = flags.env ?? env.LINKSFIELD_ENV ?? 'uat';
	const named = environmentsOf(api);
	const baseUrl = /^https?:\/\//.test(target) ? target.replace(/\/+$/, '') : (named.find((e) => e.value === target)?.baseUrl ?? '');
	if (!baseUrl) throw new UsageError(`--env must be ${named.map((e) => e.value).join(', ')} or an http(s) URL${api === 'current' ? ' for the current API' : ''}`);
	const language = flags.language ?? env.LINKSFIELD_LANGUAGE ?? 'en-US';
	if (language !== 'en-US' && language !== 'zh-CN') throw new UsageError('--language must be en-US or zh-CN');
	const timeout = Number(flags.timeout ?? 15);
	if (!(timeout > 0)) throw new UsageError('--timeout must be a number of seconds');
	return { baseUrl, language, timeoutMs: timeout * 1000 };
}

function refuseOthers(flags: Record<string, string>, names: string[], api: Api): void {
	const other = names.find((n) => flags[n] !== undefined);
	if (other) throw new UsageError(`--${other} is an option of the ${api === 'current' ? 'legacy' : 'current'} API`);
}

export type ReadFile = (path: string) => string;
const readText: ReadFile = (path) => readFileSync(path, 'utf8');

/** The target and the credentials of one API, from the options and the environment variables. */
export function credentialsFrom(api: Api, flags: Record<string, string>, env: Record<string, string | undefined>, readFile: ReadFile = readText): (Common & LegacyCredentials) | (Common & CurrentCredentials) {
	const target = targetFrom(flags, env, api);
	if (api === 'current') {
		refuseOthers(flags, LEGACY, api);
		const keyId = (flags['key-id'] ?? env.LINKSFIELD_KEY_ID ?? '').trim();
		let privateKey = env.LINKSFIELD_PRIVATE_KEY ?? '';
		if (flags['private-key-file'] !== undefined) {
			try {
				privateKey = readFile(flags['private-key-file']);
			} catch (err) {
				// The code (ENOENT, EACCES) says why; the path is left out with every other value.
				throw new UsageError(`--private-key-file cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`);
			}
		}
		if (!keyId || !privateKey.trim()) {
			throw new UsageError('a key id and a private key are needed for the current API: LINKSFIELD_KEY_ID and LINKSFIELD_PRIVATE_KEY (the PEM text), or --key-id / --private-key-file');
		}
		return { ...target, api, keyId, privateKey };
	}
	refuseOthers(flags, CURRENT, api);
	const accessCode = (flags['access-code'] ?? env.LINKSFIELD_ACCESS_CODE ?? '').trim();
	const secret = flags.secret ?? env.LINKSFIELD_SECRET ?? '';
	if (!accessCode || !secret) throw new UsageError('an access code and a secret are needed: LINKSFIELD_ACCESS_CODE and LINKSFIELD_SECRET, or --access-code / --secret');
	const unit = flags['timestamp-unit'] ?? 's';
	if (unit !== 's' && unit !== 'ms') throw new UsageError('--timestamp-unit must be s or ms');
	const order = flags['key-order'] ?? 'sorted';
	if (order !== 'sorted' && order !== 'insertion') throw new UsageError('--key-order must be sorted or insertion');
	return { ...target, api, accessCode, secret, timestampUnit: unit, order, asciiEscape: flags['escape-non-ascii'] === 'true' };
}

/** `name=value`: a value that reads as a JSON array or object is that JSON; any other value stays text (an ICCID as a number would lose digits). */
function paramFrom(arg: { value: string; position: number }, params: Record<string, unknown>): void {
	const eq = arg.value.indexOf('=');
	if (eq < 1) throw new UsageError(`argument ${arg.position} is not name=value (parameters are given by their API names: \`operations\` lists them)`);
	const name = arg.value.slice(0, eq);
	const raw = arg.value.slice(eq + 1);
	if (!/^[A-Za-z_][\w.]*$/.test(name)) throw new UsageError(`argument ${arg.position} does not start with a parameter name`);
	if (Object.prototype.hasOwnProperty.call(params, name)) throw new UsageError(`argument ${arg.position} gives a parameter a second time`);
	let value: unknown = raw;
	if (/^\s*[[{]/.test(raw)) {
		try {
			value = JSON.parse(raw);
		} catch {
			throw new UsageError(`argument ${arg.position} starts like JSON but is not valid JSON`);
		}
	}
	params[name] = value;
}

/** Reads the command and its options. */
export function argsFrom(argv: string[], env: Record<string, string | undefined>, readFile: ReadFile = readText): Command {
	const [command, ...rest] = argv;
	if (command === '-h' || command === '--help' || command === 'help' || command === undefined) return 'help';
	if (!COMMANDS.includes(command)) throw new UsageError(`unknown command (the commands are ${COMMANDS.join(', ')})`);
	const line = readLine(rest, OPTIONS[command as keyof typeof OPTIONS]);
	if (line === 'help') return 'help';
	const { flags, positionals } = line;
	if (command === 'check' || command === 'operations') {
		if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0].position} (options are --name value or --name=value)`);
		const api = apiOf(flags);
		if (command === 'operations') return { command, api, json: flags.json === 'true' };
		return { command, ...credentialsFrom(api ?? 'legacy', flags, env, readFile) };
	}
	const [operation, ...pairs] = positionals;
	if (!operation) throw new UsageError('call needs an operation id (`operations` lists them)');
	if (!/^[A-Za-z][\w.]*$/.test(operation.value)) throw new UsageError(`argument ${operation.position} is not an operation id (\`operations\` lists them)`);
	const params: Record<string, unknown> = {};
	for (const pair of pairs) paramFrom(pair, params);
	return { command: 'call', operationId: operation.value, operationPosition: operation.position, params, all: flags.all === 'true', wait: flags.wait === 'true', env, flags };
}
