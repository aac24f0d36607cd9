import { InFlightLimiter } from '../src/client/in-flight-limiter';

const deferred = () => {
	let resolve!: () => void;
	const promise = new Promise<void>((r) => (resolve = r));
	return { promise, resolve };
};
const tick = () => new Promise((r) => setImmediate(r));

describe('in-flight limiter (current API: 3 requests at once)', () => {
	it('lets 3 run, queues the rest, and starts them in order as slots free', async () => {
		const limiter = new InFlightLimiter(3);
		const gates = Array.from({ length: 5 }, deferred);
		const started: number[] = [];
		const runs = gates.map((gate, i) =>
			limiter.run(async () => {
				started.push(i);
				await gate.promise;
				return i;
			}),
		);
		await tick();
		expect({ started: [...started], active: limiter.active, waiting: limiter.waiting }).toEqual({ started: [0, 1, 2], active: 3, waiting: 2 });
		gates[1].resolve();
		await tick();
		expect({ started: [...started], active: limiter.active, waiting: limiter.waiting }).toEqual({ started: [0, 1, 2, 3], active: 3, waiting: 1 });
		gates.forEach((g) => g.resolve());
		await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3, 4]);
		expect([limiter.active, limiter.waiting]).toEqual([0, 0]);
	});

	it('frees the slot when the task fails, and a release given twice frees one slot', async () => {
		const limiter = new InFlightLimiter(1);
		await expect(limiter.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
		expect(limiter.active).toBe(0);
		const release = await limiter.acquire();
		const second = limiter.acquire();
		release();
		release();
		const releaseSecond = await second;
		expect(limiter.active).toBe(1);
		releaseSecond();
		expect(limiter.active).toBe(0);
	});

	it('an aborted wait leaves the queue and takes no slot', async () => {
		const limiter = new InFlightLimiter(1);
		const release = await limiter.acquire();
		const controller = new AbortController();
		const waiting = limiter.acquire(controller.signal);
		expect(limiter.waiting).toBe(1);
		controller.abort();
		await expect(waiting).rejects.toThrow('aborted');
		expect(limiter.waiting).toBe(0);
		release();
		expect(limiter.active).toBe(0);
		await expect(limiter.acquire(controller.signal)).rejects.toThrow('aborted');
	});

	it('refuses a limit below 1', () => {
		expect(() => new InFlightLimiter(0)).toThrow(RangeError);
		expect(() => new InFlightLimiter(2.5)).toThrow(RangeError);
	});
});
