#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import type { FaultRule } from './faults';
import { FAULT_KINDS, FAULT_PROFILES } from './faults';
import { CODE_TABLE, type Language } from './messages';
import { DEFAULT_ACCOUNT, DEFAULT_NOTIFICATION_SECRET, DEFAULT_PORT, type Account, type SimulatorOptions } from './options';
import { startSimulator } from './server';
import { CURRENT_FLAGS, CURRENT_HELP, CURRENT_SWITCHES, currentBanner, currentOptionsFromFlags } from './current/current-flags';

/** `cube-simulator`: the simulator as a command; every flag maps onto a startSimulator() option. */

export const HELP = `cube-simulator — a local Linksfield Cube API (legacy and current generations, one fleet) for demos, tests and benchmarks

Usage: cube-simulator [options]

Options:
  --port <n>                 Port to listen on; 0 = any free port (default ${DEFAULT_PORT})
  --host <addr>              Address to bind (default 127.0.0.1, loopback only)
  --seed <name>              Data set: demo (50 SIMs, default), empty, or fleet:N (N SIMs, N ≤ 100000)
  --random-seed <n>          Seed of data generation, usage rates and random faults (default 1)
  --account <code:secret>    An access code and its API secret; repeat for more
                             (default ${DEFAULT_ACCOUNT.accessCode}:${DEFAULT_ACCOUNT.secret})
  --notification-secret <s>  Secret of the x-lf-md5 callback signature (default ${DEFAULT_NOTIFICATION_SECRET})
  --callback-url <url>       Where usage warnings, order status changes and SMS MO callbacks are POSTed
  --callback-retries <n>     Extra attempts for a failed callback delivery (default 2)
  --rate-limit <n[/burst]>   Requests per second per access code, HTTP 429 + Retry-After beyond (default unlimited)
  --timestamp-skew <s>       Allowed difference between a request's timestamp and the clock, seconds (default 600)
  --timestamp-unit <s|ms>    Timestamps in epoch seconds (default) or milliseconds (seconds still accepted)
  --timestamp-strict         Accept only the --timestamp-unit (no seconds when it is ms)
  --signing <sorted|insertion>
                             Canonical JSON the sign is checked over: keys sorted (default) or in request order
  --escape-unicode           Check signs over JSON with non-ASCII written as \\uXXXX (default: raw UTF-8)
  --generic-refusals         Refuse a bad signature or timestamp with one generic 9001 "Request refused"
  --faults <profile|json|@file>
                             Fault rules: a profile (${Object.keys(FAULT_PROFILES).join(', ')}), a JSON list of rules,
                             or @path to a JSON file. A rule: {"kind", "path"?, "probability"? | "count"?, …}
                             kinds: ${Object.keys(FAULT_KINDS).join(', ')}
  --tls-cert <file>          Serve HTTPS with this PEM certificate (chain); needs --tls-key
  --tls-key <file>           The PEM private key of --tls-cert
  --language <zh-CN|en-US>   Message language without Accept-Language (default zh-CN, as the vendor)
  --history <n>              Requests and callback deliveries kept for GET /_sim/requests, /_sim/callbacks (default 1000)
  -h, --help                 This help

${CURRENT_HELP}
Admin API: GET /_sim lists the routes (reset, clock, usage, faults, callbacks, requests, counters).
Legacy result codes other than 0000 are the simulator's own (the vendor's table is not public):
${CODE_TABLE.map((c) => `  ${c.code}  ${c['en-US']}`).join('\n')}
`;

type Flags = Record<string, string[]>;

/** Flags that take no value: present = on. */
const SWITCHES = new Set(['timestamp-strict', 'escape-unicode', 'generic-refusals', ...CURRENT_SWITCHES]);

function parseArgs(argv: string[]): Flags {
	const flags: Flags = {};
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '-h' || arg === '--help') (flags.help ??= []).push('');
		else if (arg.startsWith('--')) {
			const eq = arg.indexOf('=');
			const name = eq > 0 ? arg.slice(2, eq) : arg.slice(2);
			if (SWITCHES.has(name)) {
				if (eq > 0) throw new Error(`--${name} takes no value`);
				(flags[name] ??= []).push('');
				continue;
			}
			const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
			if (value === undefined) throw new Error(`--${name} needs a value`);
			(flags[name] ??= []).push(value);
		} else throw new Error(`unexpected argument ${i + 1} (flags are --name value or --name=value)`);
	}
	return flags;
}

export const KNOWN_FLAGS = ['help', 'port', 'host', 'seed', 'random-seed', 'account', 'notification-secret', 'callback-url', 'callback-retries', 'rate-limit', 'timestamp-skew', 'timestamp-unit', 'timestamp-strict', 'signing', 'escape-unicode', 'generic-refusals', 'faults', 'language', 'history', 'tls-cert', 'tls-key', ...CURRENT_FLAGS];

function integer(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
	return Number(value);
}

function faults(value: string | undefined): FaultRule[] | string | undefined {
	if (value === undefined) return undefined;
	if (value in FAULT_PROFILES) return value;
	const text = value.startsWith('@') ? readFileSync(value.slice(1), 'utf8') : value;
	const parsed = JSON.parse(text) as FaultRule[] | FaultRule;
	return Array.isArray(parsed) ? parsed : [parsed];
}

export function optionsFromArgs(argv: string[]): SimulatorOptions | 'help' {
	const flags = parseArgs(argv);
	if (flags.help) return 'help';
	const unknown = Object.keys(flags).find((k) => !KNOWN_FLAGS.includes(k));
	if (unknown) throw new Error(`unknown flag --${unknown} (see --help)`);
	const one = (name: string) => flags[name]?.[flags[name].length - 1];
	const accounts: Account[] | undefined = flags.account?.map((pair) => {
		const at = pair.indexOf(':');
		// Not echoed: without its colon the value may be the secret alone.
		if (at <= 0 || at === pair.length - 1) throw new Error('--account must be code:secret');
		return { accessCode: pair.slice(0, at), secret: pair.slice(at + 1) };
	});
	const rate = one('rate-limit');
	const [perSecond, burst] = rate ? rate.split('/').map((v) => integer('rate-limit', v)) : [];
	const unit = one('timestamp-unit');
	if (unit !== undefined && unit !== 's' && unit !== 'ms') throw new Error('--timestamp-unit must be s or ms');
	const signing = one('signing');
	if (signing !== undefined && signing !== 'sorted' && signing !== 'insertion') throw new Error('--signing must be sorted or insertion');
	const language = one('language');
	if (language !== undefined && language !== 'zh-CN' && language !== 'en-US') throw new Error('--language must be zh-CN or en-US');
	const [cert, key] = [one('tls-cert'), one('tls-key')];
	if (!cert !== !key) throw new Error('--tls-cert and --tls-key go together');
	return {
		tls: cert && key ? { cert: readFileSync(cert), key: readFileSync(key) } : undefined,
		port: integer('port', one('port')),
		host: one('host'),
		seed: one('seed'),
		randomSeed: integer('random-seed', one('random-seed')),
		accounts,
		notificationSecret: one('notification-secret'),
		callbackUrl: one('callback-url'),
		callbackRetries: integer('callback-retries', one('callback-retries')),
		rateLimit: perSecond ? { perSecond, burst } : undefined,
		timestampSkewSeconds: integer('timestamp-skew', one('timestamp-skew')),
		timestampUnit: unit as 's' | 'ms' | undefined,
		timestampStrict: flags['timestamp-strict'] ? true : undefined,
		signing: signing as 'sorted' | 'insertion' | undefined,
		escapeUnicode: flags['escape-unicode'] ? true : undefined,
		genericRefusals: flags['generic-refusals'] ? true : undefined,
		faults: faults(one('faults')),
		language: language as Language | undefined,
		historySize: integer('history', one('history')),
		current: currentOptionsFromFlags(flags),
	};
}

async function main(): Promise<void> {
	let options: SimulatorOptions | 'help';
	try {
		options = optionsFromArgs(process.argv.slice(2));
	} catch (err) {
		process.stderr.write(`cube-simulator: ${(err as Error).message}\n`);
		process.exit(2);
	}
	if (options === 'help') {
		process.stdout.write(HELP);
		return;
	}
	const sim = await startSimulator(options);
	const accounts = options.accounts ?? [DEFAULT_ACCOUNT];
	process.stdout.write(
		[
			`Linksfield Cube simulator listening on ${sim.url}  (seed ${options.seed ?? 'demo'})`,
			`  Base URL for a node:   ${sim.url}   (environment "Custom")`,
			...accounts.map((a) => `  Access code / secret:  ${a.accessCode} / ${a.secret}`),
			`  Notification secret:  ${options.notificationSecret ?? DEFAULT_NOTIFICATION_SECRET}`,
			`  Signatures checked:   keys ${options.signing ?? 'sorted'}, non-ASCII ${options.escapeUnicode ? 'as \\uXXXX' : 'as UTF-8'}, timestamps in ${options.timestampUnit ?? 's'}${options.timestampStrict ? ' only' : options.timestampUnit === 'ms' ? ' or s' : ''}`,
			`  Callbacks to:         ${options.callbackUrl ?? '(none: set --callback-url or PUT /_sim/callback-url)'}`,
			`  Admin API:            ${sim.url}/_sim`,
			...currentBanner(sim, options.current),
			'Ctrl-C to stop.',
			'',
		].join('\n'),
	);
	const stop = () => {
		process.stdout.write('Stopping the simulator…\n');
		sim.close().then(() => process.exit(0));
	};
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
}

/** Runs the command: bin/cube-simulator.js calls it, and so does `node dist/cli.js`. */
export function run(): void {
	main().catch((err) => {
		process.stderr.write(`cube-simulator: ${(err as Error).message}\n`);
		process.exit(1);
	});
}

if (require.main === module) run();
