#!/usr/bin/env node
import { createAxiosTransport } from './transport/axios-transport';
import { checkCurrentApi } from './signing/current/current-api-check';
import { checkSigning } from './signing/legacy/signing-check';
import { legacyHmacSigner } from './signing/legacy/legacy-hmac-signer';
import type { SigningSetting } from './signing/legacy/signing-diagnosis';
import type { Transport } from './transport/transport';
import { argsFrom, UsageError, type CheckArgs, type CurrentCheckArgs, type ReadFile } from './cli/args';
import { runCall } from './cli/call-command';
import { APIS, operationsReport } from './cli/operations-command';

export { argsFrom, UsageError, type CheckArgs, type CurrentCheckArgs } from './cli/args';

/**
 * `npx @linksfield-cube/core <command>`: `check` (does this account work, and with which signing settings?),
 * `operations` (what can be called) and `call` (run one operation, its result as JSON). Its own file, never
 * imported by the nodes.
 */

export const HELP = `Usage: npx @linksfield-cube/core <command> [options]

Commands:
  check [--api legacy|current]        a few signed read-only calls: which signing settings Linksfield accepts and
                                      the number of SIMs, or what the server answered and which setting to fix
  operations [--api legacy|current] [--json]
                                      every operation: its id, method, path and parameters
  call <operation id> [name=value …] [--all] [--wait]
                                      runs one operation and prints its result as JSON; parameters by the API's
                                      names (\`operations\` lists them), a value like [..] or {..} read as JSON;
                                      --all walks every page, --wait waits for an asynchronous result

Options, --name value or --name=value (or environment variables):
  --env <uat|production|url>                LINKSFIELD_ENV       default uat; also productionV3 (legacy API),
                                                                 productionIo (current API)
  --language <en-US|zh-CN>                  LINKSFIELD_LANGUAGE  default en-US
  --timeout <seconds>                       default 15
  Legacy API:
  --access-code <code>                      LINKSFIELD_ACCESS_CODE
  --secret <secret>                         LINKSFIELD_SECRET    (prefer the variable: flags end up in shell history)
  --timestamp-unit <s|ms>                   the settings to start from (default s, sorted, off)
  --key-order <sorted|insertion>
  --escape-non-ascii
  Current API (sign v2):
  --key-id <id>                             LINKSFIELD_KEY_ID
  --private-key-file <file.pem>             LINKSFIELD_PRIVATE_KEY (the PEM text itself)
  -h, --help

Exit status: 0 when every setting was accepted in a request (check) or the call succeeded; 1 when Linksfield
refused (check: the settings to fix are printed) or gave no usable answer, or a call failed (its error as JSON on
stderr); 2 on bad usage; 3 when the API rate-limited the check or failed with a server error before every setting
was checked (run it again later).
`;

/** Runs the check and writes its report; resolves with the exit status. */
export async function runCheck(args: CheckArgs, write: (text: string) => void, given?: Transport): Promise<number> {
	write(`Linksfield Cube check: ${args.baseUrl}, access code ${args.accessCode}\n`);
	const own = given ? undefined : createAxiosTransport();
	const transport = given ?? own!;
	const report = await checkSigning({
		transport,
		baseUrl: args.baseUrl,
		signer: legacyHmacSigner({ accessCode: args.accessCode, secret: args.secret, timestampUnit: args.timestampUnit, keyOrder: args.order, escapeNonAscii: args.asciiEscape }),
		language: args.language,
		timeoutMs: args.timeoutMs,
		ratePerSecond: 2,
	}).finally(() => own?.close());
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

/** Where each setting the current check names is set on the command line. */
const CURRENT_FIXES: Partial<Record<SigningSetting, string>> = {
	clock: "this machine's clock (NTP: the timestamp must be within 10 minutes)",
	keyId: 'the key id (LINKSFIELD_KEY_ID / --key-id)',
	privateKey: 'the key pair: the private key must be the half of the pair Linksfield holds for the key id (LINKSFIELD_PRIVATE_KEY / --private-key-file)',
	environment: 'the environment (--env: a key works only where it was made)',
};

/** `check --api current`: one signed read-only request (checkCurrentApi) and what to fix; resolves with the exit status. */
export async function runCurrentCheck(args: CurrentCheckArgs, write: (text: string) => void, given?: Transport, now?: () => number): Promise<number> {
	write(`Linksfield Cube check (current API, sign v2): ${args.baseUrl}, key id ${args.keyId.trim()}\n`);
	const own = given ? undefined : createAxiosTransport();
	const report = await checkCurrentApi({ transport: given ?? own!, baseUrl: args.baseUrl, keyId: args.keyId, privateKey: args.privateKey, language: args.language, timeoutMs: args.timeoutMs, now }).finally(() => own?.close());
	write(`\nRequest (signed, read-only):\n  ${report.request ?? '(none sent)'} → ${report.answer}\n\n`);
	if (report.ok) {
		write(`OK: Linksfield accepted the signed request. SIMs: ${report.simCount ?? 'not reported (the answer has no total_count)'}.\n`);
		return 0;
	}
	if (report.interrupted) {
		write(`Not checked: ${report.interrupted === 'rate-limited' ? 'the API rate-limited the check' : 'the API failed with a server error'}; nothing was refused. Run it again later.\n`);
		return 3;
	}
	write(`Refused. ${report.hint ?? report.error?.message ?? ''}\n`);
	const fixes = report.settings.map((s) => CURRENT_FIXES[s]).filter(Boolean);
	if (fixes.length) write(`\nTo fix, most likely first:\n${fixes.map((f) => `  - ${f}\n`).join('')}`);
	return 1;
}

export interface CliIo {
	out: (text: string) => void;
	err: (text: string) => void;
	env: Record<string, string | undefined>;
	/** Tests: a transport and a clock of their own. */
	transport?: Transport;
	now?: () => number;
	readFile?: ReadFile;
}

/** Runs one command line; resolves with the exit status. The bin and the tests both come through here. */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
	try {
		const args = argsFrom(argv, io.env, io.readFile);
		if (args === 'help') {
			io.out(HELP);
			return 0;
		}
		if (args.command === 'operations') {
			io.out(operationsReport(args.api ? [args.api] : APIS, args.json));
			return 0;
		}
		if (args.command === 'call') return await runCall(args, { out: io.out, err: io.err, transport: io.transport, readFile: io.readFile });
		if (args.api === 'current') return await runCurrentCheck(args, io.out, io.transport, io.now);
		return await runCheck(args, io.out, io.transport);
	} catch (err) {
		if (!(err instanceof UsageError)) throw err;
		io.err(`linksfield-cube: ${err.message}\n\n${HELP}`);
		return 2;
	}
}

async function main(): Promise<void> {
	process.exitCode = await runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), env: process.env });
}

/** Runs the command: bin/linksfield-cube.js calls it, and so does `node dist/cli.js`. */
export function run(): void {
	main().catch((err) => {
		process.stderr.write(`linksfield-cube: ${(err as Error).message}\n`);
		process.exit(1);
	});
}

if (require.main === module) run();
