// @linksfield-cube/testkit/node-red-helper: the Node-RED package's nodes in node-red-node-test-helper — the real
// Node-RED runtime (flows, Catch nodes, context, JSONata), our three node modules as they are registered, and an
// in-process simulator. Source only, never built to dist: it loads the nodes' TypeScript sources (which jest
// compiles) and the root package's node-red / node-red-node-test-helper devDependencies.
/* eslint-disable @typescript-eslint/no-require-imports -- node-red-node-test-helper and the node modules are CommonJS entry points without types */
/* eslint-disable @typescript-eslint/no-explicit-any -- a message is whatever the flow sent; tests read its fields freely */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationSpec } from '@linksfield-cube/core';
import type { RunningSimulator } from '@linksfield-cube/simulator';
import { OPTION_TYPE } from '../../node-red/src/editor-catalog';
import type { NodeAPI } from '../../node-red/src/node-red-api';
import { TEST_ACCOUNT } from './fixtures';
import { until as waitUntil } from './until';
import { useTestSimulator } from './use-simulator';

export const helper = require('node-red-node-test-helper');
helper.init(require.resolve('node-red'));

export const registerConfig = require('../../node-red/src/config-node') as (red: NodeAPI) => void;
export const registerAction = require('../../node-red/src/action-node') as (red: NodeAPI) => void;
export const registerCallbackIn = require('../../node-red/src/callback-in-node') as (red: NodeAPI) => void;

/** What the editor offers for each field (TypedInput types), from the catalog. */
export { editorCatalog } from '../../node-red/src/editor-catalog';

/** The simulator's account; secrets of its own, so a leak of these is a leak from these tests. */
export const ACCESS_CODE = TEST_ACCOUNT.accessCode;
export const SECRET = 'node-red-test-secret';
export const NOTIFICATION_SECRET = 'node-red-test-notification-secret';

/** Demo SIMs with known roles and a valid plan order (the testkit's, from the simulator's seed). */
export { PLAN_1GB, SIM_IN_USE, SIM_IN_USE_ORDER, SIM_NO_PLAN, SIM_NO_PLAN_2, SIM_PAUSED, SIM_UNENABLED_ONLY, SIM_WITH_QUEUED_ORDER } from './fixtures';

/** The simulator of these tests: the demo seed, this account, no callback redelivery. */
const SIM_OPTIONS = { accounts: [{ accessCode: ACCESS_CODE, secret: SECRET }], notificationSecret: NOTIFICATION_SECRET, callbackRetries: 0 };

/**
 * A suite's set-up in one call: a simulator with SIM_OPTIONS, reset to `resetTo` before each test, and
 * the helper's flows unloaded after each. Returns the simulator, usable from the first hook on.
 */
export function useSimulator(resetTo: Parameters<RunningSimulator['admin']['reset']>[0] = {}): RunningSimulator {
	const sim = useTestSimulator(SIM_OPTIONS, resetTo);
	afterEach(() => helper.unload());
	return sim;
}

/** The en-US catalogs, with Node-RED's __name__ substitution, so tests see the texts users see. */
const MESSAGES: Record<string, unknown> = Object.assign(
	{},
	...['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in'].map((name) => JSON.parse(readFileSync(join(__dirname, '..', '..', 'node-red', 'locales', 'en-US', `${name}.json`), 'utf8'))),
);

export function translate(key: string, substitutions: Record<string, unknown> = {}): string {
	const text = key.split('.').reduce<unknown>((obj, part) => (obj as Record<string, unknown> | undefined)?.[part], MESSAGES);
	if (typeof text !== 'string') throw new Error(`no en-US message for "${key}"`);
	return text.replace(/__(\w+)__/g, (_, name: string) => String(substitutions[name]));
}

/** What the node modules were given by the helper: its httpNode app is where callback-in registers routes. */
export const captured: { red?: NodeAPI } = {};

/** Our node modules, given the real message catalog (the helper's RED._ returns keys). */
export const NODES = [registerConfig, registerAction, registerCallbackIn].map((register) => (red: NodeAPI) => {
	red._ = translate;
	captured.red = red;
	return register(red);
});

export type FlowNode = Record<string, unknown> & { id: string; type: string };

export function configNode(sim: RunningSimulator, extra: Record<string, unknown> = {}): FlowNode {
	return { id: 'cfg', type: 'linksfield-cube-config', environment: 'custom', baseUrl: sim.url, language: 'en-US', timeout: 5, rateLimit: 0, ...extra };
}

export const CREDENTIALS = { cfg: { accessCode: ACCESS_CODE, secret: SECRET, notificationSecret: NOTIFICATION_SECRET } };

/** A str TypedInput. */
export const str = (value: string) => ({ value, type: 'str' });

/** Loads a flow, with a Catch node on the tab wired to helper node "caught". */
export async function load(nodes: FlowNode[], credentials: Record<string, unknown> = CREDENTIALS): Promise<void> {
	// Flow nodes need x/y: Node-RED treats a node without a position as a config node.
	const onTab = (n: FlowNode): FlowNode => ({ z: 'tab', x: 100, y: 100, ...n });
	const flow: FlowNode[] = [
		{ id: 'tab', type: 'tab', label: 'test' },
		...nodes.map((n) => (n.type === 'linksfield-cube-config' ? n : onTab(n))),
		onTab({ id: 'catch', type: 'catch', scope: null, uncaught: false, wires: [['caught']] }),
		onTab({ id: 'caught', type: 'helper', wires: [] }),
	];
	await helper.load(NODES, flow, credentials);
}

/** Resolves with the next message a helper node receives. */
export async function nextMessage(id: string, timeoutMs = 5000): Promise<any> {
	return (await firstMessage([id], timeoutMs)).msg;
}

/** Resolves with the first message any of these helper nodes receives, and which one got it. */
export function firstMessage(ids: string[], timeoutMs = 5000): Promise<{ id: string; msg: any }> {
	return new Promise((resolve, reject) => {
		const listeners = ids.map((id) => {
			const listener = (msg: unknown) => finish(() => resolve({ id, msg }));
			helper.getNode(id).on('input', listener);
			return { id, listener };
		});
		const timer = setTimeout(() => finish(() => reject(new Error(`no message at ${ids.join(' or ')} within ${timeoutMs} ms`))), timeoutMs);
		const finish = (settle: () => void) => {
			clearTimeout(timer);
			for (const { id, listener } of listeners) helper.getNode(id)?.removeListener('input', listener);
			settle();
		};
	});
}

/** Collects every message a helper node receives. */
export function collect(id: string): any[] {
	const got: any[] = [];
	helper.getNode(id).on('input', (msg: unknown) => got.push(msg));
	return got;
}

/** Collects every status a node sets. */
export function statuses(id: string): Array<{ fill?: string; shape?: string; text?: string }> {
	const got: Array<{ fill?: string; shape?: string; text?: string }> = [];
	helper.getNode(id).on('call:status', (call: { args: [Record<string, string>] }) => got.push(call.args[0]));
	return got;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The testkit's until, polled every 10 ms with a 3 s default: these runtimes are in-process and quick. */
export async function until(what: string, ready: () => boolean, timeoutMs = 3000): Promise<void> {
	await waitUntil(what, ready, timeoutMs, 10);
}

/** An action node's field values as TypedInputs of the type the editor offers first for them (either API's entry). */
export function typedFields(op: OperationSpec, values: Record<string, unknown>) {
	return Object.fromEntries(
		Object.entries(values).map(([name, value]) => {
			const spec = op.params.find((p) => p.name === name);
			if (!spec) throw new Error(`${op.id} has no parameter ${name}`);
			if (spec.type === 'enum') return [name, { value: String(value), type: OPTION_TYPE }];
			if (typeof value === 'number') return [name, { value: String(value), type: 'num' }];
			if (typeof value === 'object') return [name, { value: JSON.stringify(value), type: 'json' }];
			return [name, { value: String(value), type: 'str' }];
		}),
	);
}
