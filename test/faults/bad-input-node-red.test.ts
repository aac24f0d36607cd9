import { getOperation, type ParamSpec } from '@linksfield-cube/core';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { startTestSimulator } from '@linksfield-cube/testkit';
import { configNode, editorCatalog, firstMessage, helper, load, statuses, type FlowNode } from '@linksfield-cube/testkit/node-red-helper';
import { BAD_INPUTS, describeInput, type BadInput } from './bad-inputs';
import { CANARY_CREDENTIALS, CANARY_SIMULATOR, LeakCollector } from './leak-canary';

/**
 * The shared bad-input catalogue through the Node-RED action node (node-red-node-test-helper, the real runtime
 * with a Catch node), two ways a flow author passes values: in msg.params (wrong types from msg), and in the
 * node's own TypedInputs (str / num / json, or a msg property for anything else). Each must reach the Catch
 * node with an error naming the field, and the simulator's log must stay empty.
 */

let sim: RunningSimulator;
const leaks = new LeakCollector();
const CREDENTIALS = { cfg: CANARY_CREDENTIALS };

beforeAll(async () => {
	sim = await startTestSimulator(CANARY_SIMULATOR);
});
afterAll(async () => await sim.close());
beforeEach(() => sim.admin.reset());
afterEach(async () => {
	const log = helper.log();
	if (log) leaks.add('Node-RED log', log.args);
	await helper.unload();
});

type TypedValue = { value: string; type: string };
type Variant = 'msg.params' | 'TypedInput';

const TYPES = new Map(editorCatalog().resources.flatMap((r) => r.operations.flatMap((op) => op.params.map((p) => [`${op.id}.${p.name}`, p.types] as const))));

/** A field the author left empty: blank text, or an empty number field. */
function blank(opId: string, spec: ParamSpec): TypedValue {
	return TYPES.get(`${opId}.${spec.name}`)!.includes('str') ? { value: '', type: 'str' } : { value: '', type: 'num' };
}

/** How the author enters one value in the field's TypedInput; anything the field cannot hold comes from msg.bad. */
function typed(opId: string, spec: ParamSpec, value: unknown): TypedValue {
	const types = TYPES.get(`${opId}.${spec.name}`)!;
	if (typeof value === 'string' && types.includes('str')) return { value, type: 'str' };
	// Text typed into a number-only field, as the editor lets an author do ("1e3", "0x10").
	if (typeof value === 'string' && types.includes('num')) return { value, type: 'num' };
	if (typeof value === 'number' && types.includes('num') && String(value) === JSON.stringify(value)) return { value: String(value), type: 'num' };
	if (value !== null && typeof value === 'object' && types.includes('json') && jsonText(value) !== undefined) return { value: jsonText(value)!, type: 'json' };
	return { value: `bad.${spec.name}`, type: 'msg' };
}

/** JSON text of a value, or undefined when JSON cannot hold it (a BigInt). */
function jsonText(value: unknown): string | undefined {
	try {
		return JSON.stringify(value);
	} catch {
		return undefined;
	}
}

/** Why an entry cannot be written the given way, or undefined when it can. */
function notExpressible(bad: BadInput, variant: Variant): string | undefined {
	const known = new Set(getOperation(bad.operation).params.map((p) => p.name));
	const unknown = Object.keys(bad.params).filter((k) => !known.has(k));
	if (variant === 'TypedInput' && unknown.length) return `the node has no field for the unknown parameter ${unknown.join(', ')} (msg.params covers it)`;
	if (variant === 'msg.params' && bad.operation === 'custom.call' && bad.field === 'path')
		return 'msg.params of a Custom API Call are its body params; the path is only the node field (TypedInput covers it)';
	return undefined;
}

function flowFor(bad: BadInput, variant: Variant): { node: FlowNode; msg: Record<string, unknown> } {
	const op = getOperation(bad.operation);
	const params: Record<string, TypedValue> = {};
	const msg: Record<string, unknown> = { payload: 'kept', bad: bad.params };
	for (const spec of op.params) {
		const given = bad.params[spec.name] !== undefined;
		if (variant === 'TypedInput' && given) params[spec.name] = typed(op.id, spec, bad.params[spec.name]);
		else if (variant === 'msg.params' && op.id === 'custom.call' && spec.name === 'path') params.path = typed(op.id, spec, bad.params.path);
		else params[spec.name] = blank(op.id, spec);
	}
	if (variant === 'msg.params') {
		if (op.id === 'custom.call') {
			if (bad.params.params !== undefined) msg.params = bad.params.params;
		} else msg.params = bad.params;
	}
	const node: FlowNode = { id: 'cube', type: 'linksfield-cube', cube: 'cfg', operation: op.id, params, paging: 'page', wires: [['out']] };
	if (bad.extra) Object.assign(node, { extra: jsonText(bad.extra), extraType: 'json' });
	if (bad.path) node.path = bad.path;
	return { node, msg };
}

const VARIANTS: Variant[] = ['msg.params', 'TypedInput'];
const cases = VARIANTS.flatMap((variant) => BAD_INPUTS.map((bad, index) => ({ variant, index, bad, skip: notExpressible(bad, variant) })));

test('only entries with a stated reason are skipped, and every entry runs at least one way', () => {
	expect(cases.filter((c) => c.skip).map((c) => `${c.variant} #${c.index}`)).toEqual(['msg.params #39', 'msg.params #52', 'TypedInput #8']);
	for (let i = 0; i < BAD_INPUTS.length; i++) expect(cases.some((c) => c.index === i && !c.skip)).toBe(true);
});

describe.each(VARIANTS)('Node-RED action node, values in %s: refused before sending, naming the field', (variant) => {
	for (const { index, bad, skip } of cases.filter((c) => c.variant === variant)) {
		const name = `#${index} ${bad.operation} → "${bad.field}" ${describeInput(bad).slice(0, 70)}`;
		if (skip) {
			test.skip(`${name} — not expressible this way: ${skip}`, () => undefined);
			continue;
		}
		test(name, async () => {
			const { node, msg } = flowFor(bad, variant);
			await load([configNode(sim), node, { id: 'out', type: 'helper' }], CREDENTIALS);
			const seen = statuses('cube');
			const first = firstMessage(['out', 'caught']);
			helper.getNode('cube').receive(msg);
			const { id, msg: got } = await first;
			leaks.add(`Node-RED ${variant} ${name}`, got);
			leaks.add(`Node-RED status ${name}`, seen);
			if (id !== 'caught') throw new Error(`expected the Catch node, got a result: ${JSON.stringify(got.payload).slice(0, 300)}`);
			expect(got.error.message).toContain(`"${bad.field}"`);
			expect(got.error.source).toMatchObject({ id: 'cube', type: 'linksfield-cube' });
			expect(got._error).toMatchObject({ kind: 'validation', field: bad.field, outcome: 'failed' });
			// The incoming msg is preserved.
			expect(got.payload).toBe('kept');
			expect(seen[seen.length - 1]).toMatchObject({ fill: 'red', text: 'validation' });
			expect(sim.admin.requests()).toEqual([]);
		});
	}
});

describe('the same checks can fail', () => {
	test('a valid usage request through the same node reaches the simulator', async () => {
		const bad: BadInput = { operation: 'usage.get', params: { device_id: '89852022018041800192' }, field: 'none' };
		const { node, msg } = flowFor(bad, 'msg.params');
		await load([configNode(sim), node, { id: 'out', type: 'helper' }], CREDENTIALS);
		const first = firstMessage(['out', 'caught']);
		helper.getNode('cube').receive(msg);
		const { id, msg: got } = await first;
		leaks.add('Node-RED valid usage', got);
		expect(id).toBe('out');
		expect(sim.admin.requests()).toHaveLength(1);
	});

	test('a business error (unknown SIM) is sent, and caught with the vendor code', async () => {
		const { node, msg } = flowFor({ operation: 'usage.get', params: { device_id: '89852022018049999999' }, field: 'none' }, 'TypedInput');
		await load([configNode(sim), node, { id: 'out', type: 'helper' }], CREDENTIALS);
		const first = firstMessage(['out', 'caught']);
		helper.getNode('cube').receive(msg);
		const { id, msg: got } = await first;
		leaks.add('Node-RED business error', got);
		expect(id).toBe('caught');
		expect(got.error.code).toBe('2001');
		expect(sim.admin.requests()).toHaveLength(1);
	});
});

test('no secret in any Node-RED message, status or log line of this suite', () => {
	expect(leaks.count).toBeGreaterThanOrEqual(80);
	expect(leaks.leaks()).toEqual([]);
});
