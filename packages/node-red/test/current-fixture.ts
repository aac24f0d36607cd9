import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signNotification } from '@linksfield-cube/core';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { useTestSimulator } from '../../testkit/src/use-simulator';
import { ACCESS_CODE, helper, NOTIFICATION_SECRET, SECRET, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';

/**
 * The current API in the Node-RED helper tests: a simulator that verifies the team's test key (sign v2) and signs its
 * notifications with a notification key of these tests, and a config node that speaks the current API.
 */

const KEYS = join(__dirname, '..', '..', 'testkit', 'fixtures', 'sign-v2-keys');
const key = (name: string) => readFileSync(join(KEYS, name), 'utf8');

export const KEY_ID = 'node-red-current-key';
export const PRIVATE_KEY = key('team-rsa1024.pkcs8.pem');
/** A whole, valid private key of another pair: what the server refuses with 403. */
export const OTHER_PRIVATE_KEY = key('team-rsa2048.pkcs8.pem');
export const NOTIFICATION_KEY_ID = 'NrCurrentNotify01';
export const NOTIFICATION_KEY = 'nodeRedCurrentNotificationKey0123456789abcdefghijklmnopqrstuvwx';

/** Demo SIMs of the current API's roles (the simulator's demo seed). */
export const SIM_NEAR_LIMIT = '89852022018041800150';

/** A suite's simulator with the current API's key, quick async jobs, and the vendor's per-IP limits on; the legacy account of the helper's tests too. */
export function useCurrentSimulator(): RunningSimulator {
	const sim = useTestSimulator({ accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }], notificationSecret: NOTIFICATION_SECRET, callbackRetries: 0, current: { keys: [{ keyId: KEY_ID, publicKey: key('team-rsa1024.public.pem') }], notificationKey: { keyId: NOTIFICATION_KEY_ID, key: NOTIFICATION_KEY }, asyncDelayMs: 30 } });
	afterEach(() => helper.unload());
	return sim;
}

/** A config node speaking the current API to the simulator (its base URL ends in /cube/v4). */
export function currentConfigNode(sim: RunningSimulator, extra: Record<string, unknown> = {}): FlowNode {
	return { id: 'cfg', type: 'linksfield-cube-config', api: 'current', environment: 'custom', baseUrl: `${sim.url}/cube/v4`, language: 'en-US', timeout: 5, rateLimit: 0, ...extra };
}

export const CURRENT_CREDENTIALS = { cfg: { keyId: KEY_ID, privateKey: PRIVATE_KEY, notificationKeyId: NOTIFICATION_KEY_ID, notificationKey: NOTIFICATION_KEY } };

/** A notification as Linksfield signs it (x-lf-signature), at `timestamp` (default now), with `signingKey`. */
export function signedNotification(body: Record<string, unknown>, options: { timestamp?: number; signingKey?: string } = {}) {
	return signNotification({ keyId: NOTIFICATION_KEY_ID, key: options.signingKey ?? NOTIFICATION_KEY, body, timestamp: options.timestamp ?? Date.now() });
}
