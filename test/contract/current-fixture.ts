import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createCurrentClient, type CubeClient, type CurrentClientSettings, type NodeTransportSettings } from '@linksfield-cube/core/node';
import type { RunningSimulator, SimulatorOptions } from '@linksfield-cube/simulator';
import { startSim } from './simulator-fixture';

/** Shared set-up of the current API's contract tests: the simulator verifying the team's test key, and clients of it. */

const KEYS = join(__dirname, '..', '..', 'packages', 'testkit', 'fixtures', 'sign-v2-keys');
export const testKey = (name: string) => readFileSync(join(KEYS, name), 'utf8');

export const KEY_ID = 'contract-current-key';
export const PRIVATE_KEY = testKey('team-rsa1024.pkcs8.pem');
/** Demo SIMs of the current API's roles (the simulator's demo seed). */
export const SIM_NEAR_LIMIT = '89852022018041800150';

type CurrentOptions = NonNullable<SimulatorOptions['current']>;

/** The simulator with the test key, quick async jobs and the vendor's per-IP limits unless `current` says otherwise. */
export function startCurrentSim(current: Partial<CurrentOptions> = {}, options: SimulatorOptions = {}): Promise<RunningSimulator> {
	return startSim({ ...options, current: { keys: [{ keyId: KEY_ID, publicKey: testKey('team-rsa1024.public.pem') }], asyncDelayMs: 30, ...current } });
}

/** A current-API client of the simulator (base URL with /cube/v4), with quick retries so fault tests stay fast. */
export function currentClientFor(sim: RunningSimulator, settings: Partial<CurrentClientSettings & NodeTransportSettings> = {}): CubeClient {
	return createCurrentClient({ baseUrl: `${sim.url}/cube/v4`, keyId: KEY_ID, privateKey: PRIVATE_KEY, timeoutMs: 1500, retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...settings });
}

/** Requests the simulator received for a path below /cube/v4. */
export const requestsTo = (sim: RunningSimulator, path: string) => sim.admin.counters().requestsByPath[`/cube/v4${path}`] ?? 0;
