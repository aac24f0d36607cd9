// What tests, the demo and the benchmarks share about the simulator: the account they sign with, a simulator on
// a free port, and the demo SIMs by role.
import { DEFAULT_ACCOUNT, DEFAULT_NOTIFICATION_SECRET, DEMO_EXAMPLE_ORDER, DEMO_PLAN_ORDER, DEMO_SIMS, startSimulator, type RunningSimulator, type SimulatorOptions } from '@linksfield-cube/simulator';

/** The simulator's default account and notification secret: obvious test values. */
export const TEST_ACCOUNT = Object.freeze({ accessCode: DEFAULT_ACCOUNT.accessCode, secret: DEFAULT_ACCOUNT.secret, notificationSecret: DEFAULT_NOTIFICATION_SECRET });

/** The demo seed on a free port with a fixed random seed (repeatable runs); `overrides` go over that. */
export function startTestSimulator(overrides: SimulatorOptions = {}): Promise<RunningSimulator> {
	return startSimulator({ port: 0, seed: 'demo', randomSeed: 1, ...overrides });
}

/** Demo SIMs with known roles: the simulator's own seed, so they cannot drift from it. */
export const SIM_IN_USE = DEMO_SIMS.inUse;
export const SIM_WITH_QUEUED_ORDER = DEMO_SIMS.withQueuedOrder;
export const SIM_PAUSED = DEMO_SIMS.paused;
export const SIM_UNENABLED_ONLY = DEMO_SIMS.unenabledOnly;
export const SIM_NO_PLAN = DEMO_SIMS.noPlan;
export const SIM_NO_PLAN_2 = DEMO_SIMS.noPlan2;
export const UNKNOWN_ICCID = DEMO_SIMS.unknown;
/** The order of SIM_IN_USE's plan in use (the spec's example). */
export const SIM_IN_USE_ORDER = DEMO_EXAMPLE_ORDER;
/** A plan that orders successfully (1 GB). */
export const PLAN_1GB = DEMO_PLAN_ORDER;
