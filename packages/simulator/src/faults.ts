import { createRandom } from './random';

/**
 * Fault injection: rules that make a Cube path (or every path) misbehave, either with a probability or for
 * the next N matching requests. Randomness is seeded, so a "10 % of requests fail" profile fails the same
 * requests on every run.
 */

export type FaultKind = 'rate-limit' | 'status' | 'delay' | 'timeout' | 'reset' | 'malformed' | 'business' | 'device-error';

export const FAULT_KINDS: Record<FaultKind, string> = {
	'rate-limit': 'HTTP 429 with Retry-After (retryAfterSeconds, default 1)',
	status: 'an HTTP error status with an envelope body (status: 500, 502, 503 …; default 503)',
	delay: 'answer normally after delayMs (default 1000)',
	timeout: 'hold the request and never answer (until the client gives up or the simulator closes)',
	reset: 'destroy the connection without an answer',
	malformed: 'HTTP 200 with a body that is not JSON',
	business: 'HTTP 200 envelope with a chosen business code (code, message; default 9000)',
	'device-error':
		'bulk order: the SIMs in `iccids` (default the last one listed) are not ordered and come back with their own error code (code, message; default 9000) inside a success envelope; the others are ordered',
};

export interface FaultRule {
	kind: FaultKind;
	/** A Cube path such as /package/orderPackage; missing or "*" = every path. */
	path?: string;
	/** Chance per matching request, 0–1. Ignored when `count` is given. Default 1. */
	probability?: number;
	/** Only the next N matching requests. */
	count?: number;
	status?: number;
	retryAfterSeconds?: number;
	delayMs?: number;
	code?: string;
	message?: string;
	/** Carry the request out first, then fail its answer: the client cannot know it succeeded (a lost response). */
	after?: boolean;
	/** device-error: the SIMs that fail inside the bulk order. */
	iccids?: string[];
	/** Let the first N matching requests through before the rule applies (a limit that starts after a first answer). */
	skip?: number;
	/** Only requests whose body carries non-ASCII text, raw or written as \uXXXX (a Chinese plan name…). */
	nonAscii?: boolean;
}

export interface ActiveFault extends FaultRule {
	id: number;
	/** Requests this rule has hit so far. */
	hits: number;
	/** Matching requests let through by `skip` so far. */
	skipped?: number;
}

const NON_ASCII = /[^\x00-\x7f]|\\u[0-9a-fA-F]{4}/;

function checkRule(rule: FaultRule): void {
	if (!rule || !(rule.kind in FAULT_KINDS)) throw new Error(`fault kind must be one of ${Object.keys(FAULT_KINDS).join(', ')}`);
	if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) throw new Error('fault probability must be between 0 and 1');
	if (rule.count !== undefined && !(Number.isInteger(rule.count) && rule.count >= 1)) throw new Error('fault count must be a whole number ≥ 1');
	if (rule.status !== undefined && !(Number.isInteger(rule.status) && rule.status >= 400 && rule.status <= 599)) throw new Error('fault status must be an HTTP error status (400–599)');
	if (rule.path !== undefined && rule.path !== '*' && !rule.path.startsWith('/')) throw new Error('fault path must start with "/" (or be "*")');
	if (rule.kind === 'device-error' && rule.after) throw new Error('a device-error fault is part of the answer; "after" does not apply');
	if (rule.skip !== undefined && !(Number.isInteger(rule.skip) && rule.skip >= 1)) throw new Error('fault skip must be a whole number ≥ 1');
	if (rule.iccids !== undefined && !(Array.isArray(rule.iccids) && rule.iccids.every((i) => typeof i === 'string'))) throw new Error('fault iccids must be a list of ICCIDs');
}

export class Faults {
	private rules: ActiveFault[] = [];
	private nextId = 1;
	private random: () => number;

	constructor(private readonly seed: number) {
		this.random = createRandom(seed);
	}

	add(rule: FaultRule): ActiveFault {
		checkRule(rule);
		const active = { ...rule, id: this.nextId++, hits: 0 };
		this.rules.push(active);
		return active;
	}

	set(rules: FaultRule[]): ActiveFault[] {
		rules.forEach(checkRule);
		this.clear();
		return rules.map((r) => this.add(r));
	}

	clear(): void {
		this.rules = [];
		this.random = createRandom(this.seed);
	}

	list(): ActiveFault[] {
		return this.rules.map((r) => ({ ...r }));
	}

	/**
	 * The faults for one request: every matching delay adds up, and the first other rule that fires wins.
	 * A rule with `count` is used up after N hits and removed.
	 */
	pick(path: string, body?: string): { delayMs: number; fault?: ActiveFault } {
		let delayMs = 0;
		let fault: ActiveFault | undefined;
		for (const rule of this.rules) {
			if (rule.path && rule.path !== '*' && rule.path !== path) continue;
			if (rule.nonAscii && !NON_ASCII.test(body ?? '')) continue;
			if (fault && rule.kind !== 'delay') continue;
			if (rule.skip !== undefined && (rule.skipped ?? 0) < rule.skip) {
				rule.skipped = (rule.skipped ?? 0) + 1;
				continue;
			}
			const fires = rule.count !== undefined ? rule.hits < rule.count : this.random() < (rule.probability ?? 1);
			if (!fires) continue;
			rule.hits++;
			if (rule.kind === 'delay') delayMs += rule.delayMs ?? 1000;
			else fault = rule;
		}
		this.rules = this.rules.filter((r) => r.count === undefined || r.hits < r.count);
		return { delayMs, fault };
	}
}

/** Named fault profiles for the CLI. */
export const FAULT_PROFILES: Record<string, FaultRule[]> = {
	none: [],
	flaky: [
		{ kind: 'status', status: 503, probability: 0.05 },
		{ kind: 'rate-limit', retryAfterSeconds: 1, probability: 0.03 },
		{ kind: 'reset', probability: 0.01 },
	],
	slow: [{ kind: 'delay', delayMs: 300, probability: 0.5 }],
};
