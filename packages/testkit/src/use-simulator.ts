// A jest suite's simulator in one call (source only, like the entries that use it: it registers jest hooks, and the
// built testkit has no jest). Used by the n8n engine and the Node-RED helper tests.
import type { RunningSimulator, SimulatorOptions } from '@linksfield-cube/simulator';
import { startTestSimulator } from './fixtures';

type ResetOptions = Parameters<RunningSimulator['admin']['reset']>[0];

/**
 * Registers the hooks of a suite that shares one simulator: startTestSimulator(overrides) before all tests, closed
 * after them, reset to `resetTo` before each test. Returns the simulator, usable from the first hook on.
 */
export function useTestSimulator(overrides: SimulatorOptions = {}, resetTo: ResetOptions = {}): RunningSimulator {
	let running: RunningSimulator | undefined;
	beforeAll(async () => {
		running = await startTestSimulator(overrides);
	});
	afterAll(() => running?.close());
	beforeEach(() => running!.admin.reset(resetTo));
	return new Proxy({} as RunningSimulator, {
		get(_target, key) {
			if (!running) throw new Error('the simulator starts in beforeAll: use it inside a hook or a test');
			const value = Reflect.get(running, key);
			return typeof value === 'function' ? value.bind(running) : value;
		},
	});
}
