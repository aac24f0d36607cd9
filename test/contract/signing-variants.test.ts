import type { RunningSimulator, SimulatorOptions } from '@linksfield-cube/simulator';
import { clientFor, PLAN_1GB, SIM_IN_USE, SIM_NO_PLAN, startSim } from './simulator-fixture';

/**
 * The simulator reproduces each signing variant a real server might use (--timestamp-unit ms --timestamp-strict,
 * --signing insertion, --escape-unicode): a client signing the other way is refused, one signing that way passes.
 */

const sims: RunningSimulator[] = [];
async function variant(options: SimulatorOptions) {
	const sim = await startSim(options);
	sims.push(sim);
	return sim;
}
afterAll(async () => {
	await Promise.all(sims.map((s) => s.close()));
});

async function outcome(sim: RunningSimulator, options: Parameters<typeof clientFor>[1], call: (c: ReturnType<typeof clientFor>) => Promise<unknown> = (c) => c.getUsage(SIM_IN_USE)) {
	const client = clientFor(sim, options);
	try {
		await call(client);
		return 'ok';
	} catch (err) {
		return (err as { code?: string }).code ?? (err as Error).message;
	} finally {
		client.close();
	}
}

test('ms-strict accepts only milliseconds; lenient ms still takes seconds', async () => {
	const strict = await variant({ timestampUnit: 'ms', timestampStrict: true });
	expect(await outcome(strict, { timestampUnit: 's' })).toBe('1003');
	expect(await outcome(strict, { timestampUnit: 'ms' })).toBe('ok');
	const lenient = await variant({ timestampUnit: 'ms' });
	expect(await outcome(lenient, { timestampUnit: 's' })).toBe('ok');
});

test('insertion-order signing refuses sorted signatures and accepts signatures over the body as sent', async () => {
	const sim = await variant({ signing: 'insertion' });
	expect(await outcome(sim, {})).toBe('1001');
	expect(await outcome(sim, { canonical: { order: 'insertion' } })).toBe('ok');
});

test('escaped-unicode signing fails only requests with non-ASCII text, such as an order with a Chinese plan name', async () => {
	const sim = await variant({ escapeUnicode: true });
	const order = (c: ReturnType<typeof clientFor>) => c.orderPlan({ device_id: SIM_NO_PLAN, ...PLAN_1GB });
	expect(PLAN_1GB.package_name).toMatch(/[^\x00-\x7f]/);
	expect(await outcome(sim, {})).toBe('ok');
	expect(await outcome(sim, {}, order)).toBe('1001');
	expect(await outcome(sim, { canonical: { asciiEscape: true } }, order)).toBe('ok');
});
