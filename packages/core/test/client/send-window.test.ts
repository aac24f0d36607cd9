import { SendWindow } from '../../src/client/send-window';

describe('SendWindow', () => {
	it('lets `max` requests leave in a window, then says how long until the oldest of them is a window old', () => {
		const window = new SendWindow(3, 1000);
		expect([window.take(0), window.take(10), window.take(20)]).toEqual([0, 0, 0]);
		expect(window.take(500)).toBe(500);
		// Asking again is not counted: still waiting for the same slot.
		expect(window.take(900)).toBe(100);
		expect(window.take(1000)).toBe(0);
		expect(window.take(1005)).toBe(5);
		expect(window.take(1010)).toBe(0);
	});

	it('requests bunched after a late wait are spread again: never more than `max` in any window', () => {
		const window = new SendWindow(10, 1000);
		const left: number[] = [];
		// Eleven asking at once at t = 0 (a busy event loop released them together), each retrying when told.
		let now = 0;
		const pending = Array.from({ length: 11 }, (_, i) => i);
		while (pending.length) {
			const wait = window.take(now);
			if (wait === 0) {
				left.push(now);
				pending.shift();
			} else now += wait;
		}
		expect(left.filter((t) => t < 1000)).toHaveLength(10);
		expect(left[10]).toBe(1000);
	});
});
