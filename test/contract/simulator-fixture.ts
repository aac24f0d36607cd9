import http from 'node:http';
import { CubeClient, ENDPOINT_OPERATIONS, signRequestBody, validateParams, type CubeClientOptions, type Params } from '@linksfield-cube/core/node';
import { startSimulator, type RunningSimulator, type SimulatorOptions } from '@linksfield-cube/simulator';
import { PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, SIM_PAUSED, SIM_UNENABLED_ONLY, SIM_WITH_QUEUED_ORDER, TEST_ACCOUNT, UNKNOWN_ICCID } from '@linksfield-cube/testkit';
import { operationCase } from '@linksfield-cube/testkit/operation-cases';

/** Shared set-up of the contract tests: a simulator on a free port, clients and raw HTTP against it. */

export const ACCESS_CODE = TEST_ACCOUNT.accessCode;
export const SECRET = 'contract-secret';
export const NOTIFICATION_SECRET = 'contract-notification-secret';

/** Demo SIMs with known roles and a valid plan order (the testkit's, from the simulator's seed). */
export { PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, SIM_PAUSED, SIM_UNENABLED_ONLY, SIM_WITH_QUEUED_ORDER, UNKNOWN_ICCID };

export async function startSim(options: SimulatorOptions = {}): Promise<RunningSimulator> {
	return startSimulator({ port: 0, seed: 'demo', accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }], notificationSecret: NOTIFICATION_SECRET, callbackRetries: 0, ...options });
}

/** orderPlan with its documented answer typed. */
export const ordered = (client: CubeClient, params: Params) =>
	client.orderPlan(params) as Promise<{ order_id: string; order_start_date: string | null; order_expire_date: string | null }>;

/** A client with quick retries, so fault tests stay fast. */
export function clientFor(sim: RunningSimulator, options: Partial<CubeClientOptions> = {}): CubeClient {
	return new CubeClient({ baseUrl: sim.url, accessCode: ACCESS_CODE, secret: SECRET, language: 'en-US', timeoutMs: 1500, retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...options });
}

export interface RawResponse {
	status: number;
	headers: http.IncomingHttpHeaders;
	text: string;
	json: any;
}

/** POSTs a body as given: no client-side validation, so the simulator's own checks are what is tested. */
export function postRaw(url: string, body: string | Params, headers: Record<string, string> = {}): Promise<RawResponse> {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const req = http.request(url, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers } }, (res) => {
			let raw = '';
			res.setEncoding('utf8');
			res.on('data', (c) => (raw += c));
			res.on('end', () => {
				let json: unknown;
				try {
					json = JSON.parse(raw);
				} catch {
					json = undefined;
				}
				resolve({ status: res.statusCode!, headers: res.headers, text: raw, json });
			});
		});
		req.on('error', reject);
		req.end(text);
	});
}

/** Signs params exactly as given (wrong types included) with the test account. */
export function signed(params: Params, overrides: { accessCode?: string; secret?: string; now?: number; timestampUnit?: 's' | 'ms' } = {}): Params {
	return signRequestBody(params, {
		accessCode: overrides.accessCode ?? ACCESS_CODE,
		secret: overrides.secret ?? SECRET,
		timestampUnit: overrides.timestampUnit,
		now: overrides.now === undefined ? undefined : () => overrides.now!,
	});
}

/** Valid wire params of every endpoint against a freshly reset demo simulator: the testkit's operation cases, as the client sends them. */
export function validParams(sim: RunningSimulator): Record<string, Params> {
	return Object.fromEntries(
		ENDPOINT_OPERATIONS.map((op) => {
			const input = operationCase(op.id).params(sim);
			const page = op.paging ? { [op.paging.pageNo]: 1, [op.paging.pageSize]: 10 } : {};
			return [op.id, validateParams(op, { ...page, ...input })];
		}),
	);
}
