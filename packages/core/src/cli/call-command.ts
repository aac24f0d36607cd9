import { createAxiosTransport } from '../transport/axios-transport';
import { CubeClient } from '../client/cube-client';
import { toPlainError, type PlainError } from '../results/errors';
import { execute, type ExecuteResult } from '../client/execute';
import type { Params } from '../signing/legacy/sign';
import { legacyHmacSigner } from '../signing/legacy/legacy-hmac-signer';
import type { Transport } from '../transport/transport';
import { createCurrentClient } from '../client/current-client';
import { credentialsFrom, UsageError, type CallArgs, type CurrentCredentials, type LegacyCredentials, type ReadFile } from './args';
import { findOperation } from './operations-command';

/**
 * `call <operation id> [name=value …] [--all] [--wait]`: one catalog operation through the client, its result as JSON
 * on stdout (exit 0); an API or validation error as the plain error object on stderr (exit 1). Usage errors (an
 * unknown operation, --all for an operation that does not page) are thrown as UsageError before anything is sent.
 */

export interface CallIo {
	out: (text: string) => void;
	err: (text: string) => void;
	/** Tests pass one; otherwise an axios transport that is closed afterwards. */
	transport?: Transport;
	readFile?: ReadFile;
}

type ManyItem = { iccid: string; index: number; ok: true; data: unknown } | { iccid: string; index: number; ok: false; error: PlainError };

/** What is printed: the call's data, the list of records, or one result per SIM (each failure as a plain error). */
function printable(result: ExecuteResult): { value: unknown; failed: boolean } {
	if (result.kind === 'single') return { value: result.data, failed: false };
	if (result.kind === 'list') return { value: result.items, failed: false };
	const items: ManyItem[] = result.results.map((r) => (r.ok ? r : { iccid: r.iccid, index: r.index, ok: false, error: toPlainError(r.error, { iccid: r.iccid }) }));
	return { value: items, failed: items.some((r) => !r.ok) };
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

async function callLegacy(args: CallArgs, credentials: ReturnType<typeof credentialsFrom> & LegacyCredentials, io: CallIo): Promise<ExecuteResult> {
	const own = io.transport ? undefined : createAxiosTransport();
	const client = new CubeClient({
		baseUrl: credentials.baseUrl,
		signer: legacyHmacSigner({ accessCode: credentials.accessCode, secret: credentials.secret, timestampUnit: credentials.timestampUnit, keyOrder: credentials.order, escapeNonAscii: credentials.asciiEscape }),
		language: credentials.language,
		timeoutMs: credentials.timeoutMs,
		transport: io.transport ?? own!,
	});
	try {
		return await execute(client, args.operationId, args.params as Params, { returnAll: args.all });
	} finally {
		client.close();
		own?.close();
	}
}

/** A current API operation through a client with its key (sign v2); --wait waits for an asynchronous write's result. */
async function callCurrent(args: CallArgs, credentials: ReturnType<typeof credentialsFrom> & CurrentCredentials, io: CallIo): Promise<ExecuteResult> {
	const own = io.transport ? undefined : createAxiosTransport();
	const client = createCurrentClient({
		baseUrl: credentials.baseUrl,
		keyId: credentials.keyId,
		privateKey: credentials.privateKey,
		language: credentials.language,
		timeoutMs: credentials.timeoutMs,
		transport: io.transport ?? own!,
	});
	try {
		return await execute(client, args.operationId, args.params as Params, { returnAll: args.all, ...(args.wait ? { waitForResult: true } : {}) });
	} finally {
		client.close();
		own?.close();
	}
}

/** Runs the call; resolves with the exit status (0 or 1), throws UsageError for a usage error. */
export async function runCall(args: CallArgs, io: CallIo): Promise<number> {
	const found = findOperation(args.operationId);
	if (!found) throw new UsageError(`argument ${args.operationPosition} is not an operation of this version (\`operations\` lists them)`);
	const { api, op } = found;
	if (args.all && !(op.paging ?? (op as { listPaging?: unknown }).listPaging)) throw new UsageError('--all: this operation does not page (`operations` marks the ones that do)');
	if (args.wait && !op.async) throw new UsageError('--wait: this operation answers at once; only asynchronous ones (`operations` marks them) have a result to wait for');
	const credentials = credentialsFrom(api, args.flags, args.env, io.readFile);
	let result: ExecuteResult;
	try {
		result = credentials.api === 'current' ? await callCurrent(args, credentials, io) : await callLegacy(args, credentials, io);
	} catch (error) {
		io.err(json(toPlainError(error)));
		return 1;
	}
	const { value, failed } = printable(result);
	io.out(json(value));
	return failed ? 1 : 0;
}
