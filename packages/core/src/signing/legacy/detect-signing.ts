import { CubeClient, type CubeClientOptions } from '../../client/cube-client';
import { CubeApiError } from '../../results/errors';
import type { CanonicalOptions } from './sign';
import { LegacyHmacSigner } from './legacy-hmac-signer';
import type { Signer } from '../signer';
import { classifyRejection, type RejectionKind, type SigningSetting } from './signing-diagnosis';
import type { Transport } from '../../transport/transport';

/**
 * detectSigning: which signing settings does this server accept? The vendor's docs leave the timestamp unit,
 * the key order and the escaping of non-ASCII open (spec §2.2, §4.2), so a first contact tries them with
 * signed READ-ONLY calls, most likely first and guided by what each refusal says, and stops at the first
 * success. It never calls a write.
 *
 *  1. One page of orders (/package/queryOrder, page_no + page_size: keys whose order as sent is not sorted):
 *     finds timestamp unit × key order.
 *  2. Orders filtered by a Chinese order id: the configured escaping of non-ASCII text, then the other one when
 *     the server refuses it. Only an accepted request shows an escaping works: a refusal that names nothing
 *     ("9001 request refused") may be a signature refusal in other words.
 *  3. SIMs in use (/device/syncAssetInfo): the account's SIM count, with the settings found.
 *
 * A 429, a 5xx or no answer says nothing about the settings: detection stops there and says so (`interrupted`).
 */

export interface SigningSettings {
	timestampUnit: 's' | 'ms';
	canonical: Required<CanonicalOptions>;
}

/**
 * What became of one request: the server accepted it, refused it (a business answer, HTTP 401/403: it judged the
 * request), rate-limited it, failed (HTTP 5xx), or gave no usable answer (connection, timeout, not an envelope).
 */
export type AttemptOutcome = 'accepted' | 'refused' | 'rate-limited' | 'server-error' | 'no-answer';
/** Why detection stopped before every setting was checked. */
export type Interruption = Exclude<AttemptOutcome, 'accepted' | 'refused'>;

export interface DetectionAttempt {
	settings: SigningSettings;
	/** Which probe: the plain read, the one with non-ASCII text, the SIM count. */
	probe: 'plain' | 'nonAscii' | 'simsInUse';
	ok: boolean;
	outcome: AttemptOutcome;
	/** What the server answered: vendor code and message, or the failure. */
	answer: string;
	code?: string;
	problem?: RejectionKind;
	/** The exact string that was signed (no secret in it): what Linksfield support needs to compare. */
	signedContent?: string;
}

export interface DetectedSigning extends SigningSettings {
	/** SIMs with a plan in use; undefined when that read failed (the settings were found all the same). */
	simCount?: number;
	/** Settings that differ from the ones the caller gave. */
	changed: SigningSetting[];
	/** true only when a request with non-ASCII text was accepted (with `canonical.asciiEscape`). */
	nonAsciiAccepted: boolean;
	/** 'refused' when it was refused whichever way it was written; 'unchecked' when `interrupted` came first. */
	nonAscii: 'accepted' | 'refused' | 'unchecked';
	/** Set when a 429, a server error or a missing answer stopped the checks after the plain read was accepted. */
	interrupted?: Interruption;
	attempts: DetectionAttempt[];
}

/** Every signed request detectSigning may send (retries of a 429 included); the worst case needs 7. */
export const MAX_DETECTION_REQUESTS = 9;
const NON_ASCII_ORDER_ID = '签名检查';

export class SigningDetectionError extends Error {
	readonly attempts: DetectionAttempt[];
	/** The refusal the last attempt met, when it was a signing problem. */
	readonly problem?: RejectionKind;
	/** Set when the last attempt was rate-limited, failed on the server or got no answer: nothing was refused. */
	readonly interrupted?: Interruption;
	constructor(message: string, attempts: DetectionAttempt[], problem?: RejectionKind) {
		super(message);
		this.name = 'SigningDetectionError';
		this.attempts = attempts;
		this.problem = problem;
		const last = attempts[attempts.length - 1];
		if (last && last.outcome !== 'accepted' && last.outcome !== 'refused') this.interrupted = last.outcome;
	}
}

const UNITS: Array<'s' | 'ms'> = ['s', 'ms'];
const ORDERS: Array<'sorted' | 'insertion'> = ['sorted', 'insertion'];
const key = (s: SigningSettings) => `${s.timestampUnit}/${s.canonical.order}`;

export function describeSettings(s: SigningSettings): string {
	return `timestamp in ${s.timestampUnit === 'ms' ? 'milliseconds' : 'seconds'}, keys ${s.canonical.order === 'sorted' ? 'sorted' : 'as sent'}, non-ASCII ${s.canonical.asciiEscape ? 'escaped' : 'as UTF-8'}`;
}

function answerOf(err: unknown): Pick<DetectionAttempt, 'answer' | 'code' | 'problem' | 'outcome'> {
	if (err instanceof CubeApiError) {
		const answer = err.kind === 'business' ? `${err.code ?? 'no code'} ${err.vendorMessage ?? ''}`.trim() : failureOf(err);
		return { answer, code: err.code, problem: classifyRejection(err), outcome: outcomeOf(err) };
	}
	return { answer: err instanceof Error ? err.message : String(err), outcome: 'no-answer' };
}

/** "HTTP 500 after 2 attempts": the error's own words without the operation (the probe line names it) and the hint. */
function failureOf(err: CubeApiError): string {
	const what = err.message.replace(/^Linksfield Cube \S+ failed(?: after \d+ attempts)?: /, '').split(/\.(?:\s|$)/)[0];
	return err.attempts && err.attempts > 1 ? `${what} after ${err.attempts} attempts` : what;
}

function outcomeOf(err: CubeApiError): AttemptOutcome {
	if (err.kind === 'business' || (err.kind === 'http' && (err.httpStatus === 401 || err.httpStatus === 403))) return 'refused';
	if (err.kind === 'rate-limited') return 'rate-limited';
	if (err.kind === 'http' && (err.httpStatus ?? 0) >= 500) return 'server-error';
	return 'no-answer';
}

/** A failure no signing setting can fix (or that says nothing about one): stop at once instead of spending requests. */
const hopeless = (a: DetectionAttempt) => a.outcome !== 'refused' || a.problem === 'access-code';

/** The next plain-read candidate: flip what the last refusal points at, else the next untried one. */
function nextCandidate(last: SigningSettings, problem: RejectionKind | undefined, tried: Set<string>, escape: boolean): SigningSettings | undefined {
	const make = (timestampUnit: 's' | 'ms', order: 'sorted' | 'insertion'): SigningSettings => ({ timestampUnit, canonical: { order, asciiEscape: escape } });
	const flipUnit = make(last.timestampUnit === 's' ? 'ms' : 's', last.canonical.order);
	const flipOrder = make(last.timestampUnit, last.canonical.order === 'sorted' ? 'insertion' : 'sorted');
	const preferred = problem === 'timestamp' ? [flipUnit, flipOrder] : [flipOrder, flipUnit];
	const all = [...preferred, ...UNITS.flatMap((u) => ORDERS.map((o) => make(u, o)))];
	return all.find((c) => !tried.has(key(c)));
}

/**
 * Finds the signing settings the server accepts, starting from the ones in `options`, sending through
 * `options.transport` (the caller's: it owns proxy / TLS and closes it). Resolves with them
 * (the shapes CubeClient takes: `timestampUnit`, `canonical`) and the SIM count; rejects with a
 * SigningDetectionError listing every attempt and the server's answer to it.
 */
export async function detectSigning(options: CubeClientOptions & { transport: Transport }): Promise<DetectedSigning> {
	const given = legacySignerOf(options);
	if (!given?.hasSecret) throw new SigningDetectionError('An access code and a secret are needed to sign a request.', []);
	const inner = options.transport;
	const configured: SigningSettings = given.settings;
	let current = configured;
	let sent = 0;
	let signedContent: string | undefined;
	// ONE client for every probe, so its rate limit and a 429's Retry-After pace them all; its signer signs each
	// attempt with the candidate being tried.
	const probing: Signer = {
		scheme: 'legacy-hmac',
		sign: (request) => {
			const signer = given.withSettings(current);
			const signed = signer.sign(request);
			signedContent = signer.signedContent(signed.body!);
			return signed;
		},
	};
	const transport: Transport = async (req) => {
		if (++sent > MAX_DETECTION_REQUESTS) throw new Error(`stopped after ${MAX_DETECTION_REQUESTS} requests`);
		return inner(req);
	};
	const client = new CubeClient({ ...options, signer: probing, secret: undefined, timestampUnit: undefined, canonical: undefined, retry: { retries: 1, ...options.retry }, transport });
	const attempts: DetectionAttempt[] = [];
	const probe = async (settings: SigningSettings, kind: DetectionAttempt['probe']) => {
		current = settings;
		signedContent = undefined;
		try {
			const data =
				kind === 'simsInUse'
					? await client.getSimsInUse()
					: await client.request('/package/queryOrder', { ...(kind === 'nonAscii' ? { order_id: NON_ASCII_ORDER_ID } : {}), page_no: 1, page_size: 1 }, { idempotent: true });
			attempts.push({ settings, probe: kind, ok: true, outcome: 'accepted', answer: 'accepted', signedContent });
			return { ok: true as const, data };
		} catch (err) {
			const attempt: DetectionAttempt = { settings, probe: kind, ok: false, ...answerOf(err), signedContent };
			attempts.push(attempt);
			return { ok: false as const, attempt, problem: attempt.problem };
		}
	};

	try {
		// 1. timestamp unit × key order, with a plain read.
		const tried = new Set<string>();
		let candidate: SigningSettings | undefined = configured;
		let found: SigningSettings | undefined;
		let lastProblem: RejectionKind | undefined;
		while (candidate) {
			tried.add(key(candidate));
			const r = await probe(candidate, 'plain');
			if (r.ok) {
				found = candidate;
				break;
			}
			lastProblem = r.problem;
			if (hopeless(r.attempt)) break;
			candidate = nextCandidate(candidate, r.problem, tried, configured.canonical.asciiEscape);
		}
		if (!found) throw new SigningDetectionError(failureMessage(attempts), attempts, lastProblem);

		// 2. non-ASCII text: the configured escaping first, then the other; only an accepted request settles it.
		let settings = found;
		let nonAscii: DetectedSigning['nonAscii'] = 'refused';
		let interrupted: Interruption | undefined;
		for (const asciiEscape of [settings.canonical.asciiEscape, !settings.canonical.asciiEscape]) {
			const s: SigningSettings = { ...settings, canonical: { ...settings.canonical, asciiEscape } };
			const r = await probe(s, 'nonAscii');
			if (r.ok) {
				settings = s;
				nonAscii = 'accepted';
				break;
			}
			if (r.attempt.outcome !== 'refused') {
				interrupted = r.attempt.outcome as Interruption;
				nonAscii = 'unchecked';
				break;
			}
			if (r.problem === 'access-code') break;
		}
		const changed: SigningSetting[] = [];
		if (settings.timestampUnit !== configured.timestampUnit) changed.push('timestampUnit');
		if (settings.canonical.order !== configured.canonical.order) changed.push('keyOrder');
		if (settings.canonical.asciiEscape !== configured.canonical.asciiEscape) changed.push('escapeNonAscii');
		// After a 429 or a server error, one more request would only meet the same.
		const sims = interrupted ? undefined : await probe(settings, 'simsInUse');
		if (sims && !sims.ok && sims.attempt.outcome !== 'refused') interrupted = sims.attempt.outcome as Interruption;
		const simCount = sims?.ok && Array.isArray(sims.data) ? sims.data.length : undefined;
		return { ...settings, simCount, changed, nonAsciiAccepted: nonAscii === 'accepted', nonAscii, interrupted, attempts };
	} finally {
		client.close();
	}
}

/**
 * The legacy signer the options stand for: their `signer`, or one from their access code, secret and settings;
 * undefined without credentials. Another scheme's signer has none of these settings to detect.
 */
export function legacySignerOf(options: CubeClientOptions): LegacyHmacSigner | undefined {
	if (options.signer) {
		if (options.signer instanceof LegacyHmacSigner) return options.signer;
		throw new SigningDetectionError(`The signing settings to detect are the legacy scheme's; this signer is ${options.signer.scheme}.`, []);
	}
	if (!options.accessCode || !options.secret) return undefined;
	return new LegacyHmacSigner({ accessCode: options.accessCode, secret: options.secret, version: options.version, now: options.now, timestampUnit: options.timestampUnit, canonical: options.canonical });
}

function failureMessage(attempts: DetectionAttempt[]): string {
	const lines = attempts.map((a, i) => `  ${i + 1}. ${describeSettings(a.settings)} → ${a.answer}`);
	return `No signing settings were accepted. Tried:\n${lines.join('\n')}`;
}
