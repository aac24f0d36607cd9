import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import { SignV2Signer } from '@linksfield-cube/core';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '@linksfield-cube/simulator';

/** Shared set-up of the current-API tests: a throw-away key pair, a simulator that accepts it, signed raw HTTP. */

export const KEY_ID = 'sim-test-key';
const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
export const PRIVATE_PEM = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
export const PUBLIC_PEM = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;

export const SIM_IN_USE = '89852022018041800192';
export const SIM_NEAR_LIMIT = '89852022018041800150';
export const SIM_WITH_QUEUED = '89852022018041800156';
export const SIM_PAUSED = '89852022018041800157';
export const SIM_UNENABLED_ONLY = '89852022018041800159';
export const SIM_NO_PLAN = '89852022018041800198';
export const UNKNOWN_SIM = '89852022018041800100';
export const PLAN_1GB = 'DP20230101000001';

/**
 * A demo simulator with the test key, no per-IP limits and jobs that wait for the test (asyncDelayMs 60 s; tests
 * finish them through the admin) unless the options say otherwise.
 */
export function startCurrent(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	return startSimulator({
		port: 0,
		seed: 'demo',
		callbackRetries: 0,
		...options,
		current: { keys: [{ keyId: KEY_ID, publicKey: PUBLIC_PEM }], asyncDelayMs: 60_000, limits: { perSecond: 0, concurrent: 0, dailyQuota: 0 }, ...options.current },
	});
}

export interface CallInit {
	method?: string;
	/** Relative to /cube/v4 unless `base` says otherwise. */
	path: string;
	query?: Record<string, string | number | string[]>;
	body?: Record<string, unknown>;
	/** Replaces the signed headers (after signing); `null` drops one. */
	headers?: Record<string, string | null>;
	signer?: SignV2Signer;
	/** Send unsigned. */
	unsigned?: boolean;
	/** The base path the request goes to; default /cube/v4. */
	base?: string;
	/** Raw body text instead of JSON of `body` (the signature still covers `body`). */
	rawBody?: string;
	agent?: http.Agent;
}

export interface CallResult {
	status: number;
	headers: http.IncomingHttpHeaders;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each test reads the fields it asserts
	json: any;
	text: string;
}

export const testSigner = (options: Partial<ConstructorParameters<typeof SignV2Signer>[0]> = {}) => new SignV2Signer({ keyId: KEY_ID, privateKey: PRIVATE_PEM, ...options });

const defaultSigner = testSigner();

export function call(sim: RunningSimulator, init: CallInit): Promise<CallResult> {
	const method = init.method ?? 'GET';
	const path = (init.base ?? '/cube/v4') + init.path;
	const query = init.query ? Object.fromEntries(Object.entries(init.query).map(([k, v]) => [k, Array.isArray(v) ? v : String(v)])) : undefined;
	const signed = init.unsigned ? { headers: {} } : (init.signer ?? defaultSigner).sign({ method, path, query, body: init.body });
	const headers: Record<string, string> = { ...signed.headers, 'Accept-Language': 'en-US' };
	for (const [name, value] of Object.entries(init.headers ?? {})) {
		for (const existing of Object.keys(headers)) if (existing.toLowerCase() === name.toLowerCase()) delete headers[existing];
		if (value !== null) headers[name] = value;
	}
	const text = init.rawBody ?? (init.body === undefined ? '' : JSON.stringify(init.body));
	if (text) headers['Content-Type'] = 'application/json';
	const search = new URLSearchParams();
	for (const [k, v] of Object.entries(query ?? {})) for (const one of Array.isArray(v) ? v : [v]) search.append(k, one);
	const url = `${sim.url}${path}${search.size ? '?' + search.toString() : ''}`;
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method, headers, agent: init.agent ?? new http.Agent({ keepAlive: false }) }, (res) => {
			let raw = '';
			res.setEncoding('utf8');
			res.on('data', (c: string) => (raw += c));
			res.on('end', () => {
				let json: unknown;
				try {
					json = JSON.parse(raw);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode ?? 0, headers: res.headers, json, text: raw });
			});
		});
		req.on('error', reject);
		req.end(text || undefined);
	});
}

/** The `status.code` of an answer, for compact assertions. */
export const codeOf = (r: CallResult) => r.json?.status?.code as string | undefined;
