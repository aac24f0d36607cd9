import type { Node } from '../src/node-red-api';
import { PASSING_STATE_INTERVAL_MS, RequestStatus } from '../src/request-status';

/** The status a burst of messages leaves: passing states at most once an interval, the state it rests in at once. */

function statusOf() {
	const shown: Array<Record<string, unknown>> = [];
	const node = { status: (s: Record<string, unknown>) => shown.push(s) } as unknown as Node;
	const t = (key: string, subs?: Record<string, unknown>) => `${key.split('.').pop()}${subs ? ` ${JSON.stringify(subs)}` : ''}`;
	return { status: new RequestStatus(node, t), shown, texts: () => shown.map((s) => s.text) };
}

beforeEach(() => jest.useFakeTimers());
afterEach(() => jest.useRealTimers());

it('a burst of messages: the first "requesting" at once, then the count of the interval\'s end, not one status per message', () => {
	const { status, texts } = statusOf();
	for (let i = 0; i < 50; i++) status.begin();
	expect(texts()).toEqual(['requesting {"count":1}']);
	jest.advanceTimersByTime(PASSING_STATE_INTERVAL_MS);
	expect(texts()).toEqual(['requesting {"count":1}', 'requesting {"count":50}']);
	for (let i = 0; i < 30; i++) status.succeeded();
	expect(texts()).toHaveLength(2);
	jest.advanceTimersByTime(PASSING_STATE_INTERVAL_MS);
	expect(texts().at(-1)).toBe('requesting {"count":20}');
});

it('the state it comes to rest in is shown at once, and nothing passing is shown after it', () => {
	const { status, shown } = statusOf();
	status.begin();
	status.begin();
	status.succeeded();
	status.succeeded();
	expect(shown).toEqual([{ fill: 'blue', shape: 'dot', text: 'requesting {"count":1}' }, { fill: 'green', shape: 'dot', text: 'ok' }]);
	jest.advanceTimersByTime(10 * PASSING_STATE_INTERVAL_MS);
	expect(shown).toHaveLength(2);
});

it('a failure shows at once while other requests still run; the next passing state waits for the interval', () => {
	const { status, shown } = statusOf();
	status.begin();
	status.begin();
	status.failed('2001');
	expect(shown.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: '2001' });
	status.begin();
	expect(shown.at(-1)).toEqual({ fill: 'red', shape: 'ring', text: '2001' });
	jest.advanceTimersByTime(PASSING_STATE_INTERVAL_MS);
	expect(shown.at(-1)).toEqual({ fill: 'blue', shape: 'dot', text: 'requesting {"count":2}' });
});

it('a fan-out: the progress in between at the interval, its end always', () => {
	const { status, texts } = statusOf();
	status.begin();
	for (let done = 1; done <= 5; done++) status.progress(done, 5);
	status.partial('4 ok, 1 failed');
	expect(texts()).toEqual(['requesting {"count":1}', 'progress {"done":5,"total":5}', '4 ok, 1 failed']);
	jest.advanceTimersByTime(10 * PASSING_STATE_INTERVAL_MS);
	expect(texts()).toHaveLength(3);
});

it('clear() drops a pending state: nothing is shown after the node closed', () => {
	const { status, shown } = statusOf();
	status.begin();
	status.begin();
	status.clear();
	jest.advanceTimersByTime(10 * PASSING_STATE_INTERVAL_MS);
	expect(shown.at(-1)).toEqual({});
	expect(shown).toHaveLength(2);
});
