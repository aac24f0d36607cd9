import type { CurrentOptions } from './current/current-options';
import { FAULT_PROFILES, type FaultRule } from './faults';
import type { Language } from './messages';
import type { RateLimit } from './rate-limit';

/** Options of startSimulator(); the CLI flags map onto them one to one. */
export interface Account {
	accessCode: string;
	secret: string;
}

export interface SimulatorOptions {
	/** 0 = a free port (tests). Default 8787. */
	port?: number;
	/** Default 127.0.0.1: the simulator has test credentials and an admin API, so it stays on loopback unless asked. */
	host?: string;
	/** demo (default), empty, or fleet:N (N ≤ 100,000). */
	seed?: string;
	/** Seeds data generation, usage rates and probabilistic faults. Default 1. */
	randomSeed?: number;
	/** Access code + API secret pairs. Default: P000270 / test-secret. */
	accounts?: Account[];
	/** Secret of the x-lf-md5 callback signature (not the API secret, spec §7.1). Default test-notification-secret. */
	notificationSecret?: string;
	/** Where callbacks are POSTed; none = callbacks are recorded but not sent. */
	callbackUrl?: string;
	/** Requests per second per access code (token bucket, burst = perSecond unless given). Default: unlimited. */
	rateLimit?: RateLimit | number;
	/** Allowed |timestamp − now|, seconds. Default 600. */
	timestampSkewSeconds?: number;
	/** 's' (default): timestamps are epoch seconds; 'ms': epoch milliseconds (10-digit seconds still accepted). */
	timestampUnit?: 's' | 'ms';
	/** Accept only `timestampUnit` (with 'ms', a 10-digit seconds timestamp is then refused). Default false. */
	timestampStrict?: boolean;
	/** Which canonical JSON the signature is checked against: keys 'sorted' (construction A, default) or in 'insertion' order. */
	signing?: 'sorted' | 'insertion';
	/** Check signatures over JSON with non-ASCII written as \uXXXX (as the vendor's OTA example body is). Default false. */
	escapeUnicode?: boolean;
	/** Refuse a bad signature or timestamp with one generic "9001 Request refused", as a server that does not say why. Default false. */
	genericRefusals?: boolean;
	/** Fault rules, or a profile name: none, flaky, slow. */
	faults?: FaultRule[] | string;
	/** Language of `message` when Accept-Language is absent or unsupported. Default zh-CN (the vendor's default). */
	language?: Language;
	/** How many received requests / callback deliveries are kept for inspection. Default 1000 each. */
	historySize?: number;
	/** Extra delivery attempts of a failed callback. Default 2. */
	callbackRetries?: number;
	/** Epoch ms the simulated clock starts at. Default: now, to the second. */
	startTime?: number;
	/** Serve HTTPS with this certificate and key (PEM) instead of plain HTTP. */
	tls?: { cert: string | Buffer; key: string | Buffer };
	/** Real clock for timestamp and rate-limit checks (tests). */
	now?: () => number;
	/** The current API (sign v2 keys, async jobs, per-IP limits, notifications); the legacy options above apply to both where they say so. */
	current?: CurrentOptions;
}

export const DEFAULT_ACCOUNT: Account = { accessCode: 'P000270', secret: 'test-secret' };
export const DEFAULT_NOTIFICATION_SECRET = 'test-notification-secret';
export const DEFAULT_PORT = 8787;

export type ResolvedOptions = Required<Omit<SimulatorOptions, 'callbackUrl' | 'rateLimit' | 'faults' | 'startTime' | 'tls'>> & {
	callbackUrl?: string;
	rateLimit?: RateLimit;
	faults: FaultRule[];
	startTime?: number;
	tls?: SimulatorOptions['tls'];
};

export function faultsFrom(value: FaultRule[] | string | undefined): FaultRule[] {
	if (value === undefined) return [];
	if (Array.isArray(value)) return value;
	const profile = FAULT_PROFILES[value];
	if (!profile) throw new Error(`Unknown fault profile "${value}": use ${Object.keys(FAULT_PROFILES).join(', ')} or a JSON list of rules`);
	return profile;
}

export function resolveOptions(options: SimulatorOptions): ResolvedOptions {
	const accounts = options.accounts?.length ? options.accounts : [DEFAULT_ACCOUNT];
	for (const a of accounts) if (!a.accessCode || !a.secret) throw new Error('every account needs an access code and a secret');
	const rateLimit = typeof options.rateLimit === 'number' ? { perSecond: options.rateLimit } : options.rateLimit;
	return {
		port: options.port ?? DEFAULT_PORT,
		host: options.host ?? '127.0.0.1',
		seed: options.seed ?? 'demo',
		randomSeed: options.randomSeed ?? 1,
		accounts,
		notificationSecret: options.notificationSecret ?? DEFAULT_NOTIFICATION_SECRET,
		callbackUrl: options.callbackUrl,
		rateLimit: rateLimit && rateLimit.perSecond > 0 ? rateLimit : undefined,
		timestampSkewSeconds: options.timestampSkewSeconds ?? 600,
		timestampUnit: options.timestampUnit ?? 's',
		timestampStrict: options.timestampStrict ?? false,
		signing: options.signing ?? 'sorted',
		escapeUnicode: options.escapeUnicode ?? false,
		genericRefusals: options.genericRefusals ?? false,
		faults: faultsFrom(options.faults),
		language: options.language ?? 'zh-CN',
		historySize: options.historySize ?? 1000,
		callbackRetries: options.callbackRetries ?? 2,
		startTime: options.startTime,
		tls: options.tls,
		now: options.now ?? Date.now,
		current: options.current ?? {},
	};
}
