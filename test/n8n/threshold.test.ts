import { crossings, isOver, type Usage } from '../../nodes/LinksfieldCubeUsageTrigger/threshold';

const usage = (iccid: string, percentUsed: number | null, orderId = 'O1', remaining: number | null = 100): Usage =>
	({ iccid, orderId, percentUsed, remaining, used: null, total: null }) as Usage;
const rule = { metric: 'percentUsed' as const, value: 80 };

test('isOver: percent reaches, remaining falls to; unknown values decide nothing', () => {
	expect(isOver(usage('a', 80), rule)).toBe(true);
	expect(isOver(usage('a', 79.99), rule)).toBe(false);
	expect(isOver(usage('a', null), rule)).toBeNull();
	expect(isOver(usage('a', 0, 'O1', 5), { metric: 'remaining', value: 5 })).toBe(true);
});

test('a SIM fires once, re-arms when under again or on a new order, and is forgotten when no longer watched', () => {
	let state = crossings([usage('a', 90), usage('b', 10)], {}, rule, ['a', 'b'], 1).fired;
	expect(Object.keys(state)).toEqual(['a']);
	expect(crossings([usage('a', 95)], state, rule, ['a', 'b']).fire).toEqual([]);
	expect(crossings([usage('a', 95, 'O2')], state, rule, ['a', 'b']).fire.map((u) => u.orderId)).toEqual(['O2']);
	state = crossings([usage('a', 20)], state, rule, ['a', 'b']).fired;
	expect(state).toEqual({});
	state = crossings([usage('a', 90)], {}, rule, ['a']).fired;
	expect(crossings([], state, rule, ['b']).fired).toEqual({});
	// A SIM whose query failed this time keeps its mark.
	expect(crossings([], state, rule, ['a']).fired).toEqual(state);
});
