import type { INodeProperties } from 'n8n-workflow';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { LinksfieldCubeTrigger } from '../../nodes/LinksfieldCubeTrigger/LinksfieldCubeTrigger.node';
import { LinksfieldCubeUsageTrigger } from '../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';
import { CURRENT_OPERATIONS, FAN_OUT_CONCURRENCY, OPERATIONS, RESOURCES } from '@linksfield-cube/core';
import { fieldParams, findOperation, type Api } from '../../nodes/LinksfieldCube/properties';

/** The node's UI is the catalog: every operation and every param shows up, typed, with honest notes. */

const { description } = new LinksfieldCube();
const props = description.properties;
/** Shown for a legacy operation: these tests are the legacy API's (version-1 nodes); current-api.test.ts has the current one's. */
const shownFor = (p: INodeProperties, resource: string, operation: string) =>
	p.displayOptions?.show?.api?.includes('legacy') && p.displayOptions?.show?.resource?.includes(resource) && p.displayOptions?.show?.operation?.includes(operation);

test('node conventions: usable as a tool, subtitle, light/dark icons, credential', () => {
	expect(description.usableAsTool).toBe(true);
	expect(description.subtitle).toContain('$parameter["operation"]');
	// The canvas reads the current API's resources as the legacy ones read, not as their JSON values (currentSim).
	const subtitle = new Function('$parameter', `return ${description.subtitle!.slice(3, -2)}`);
	expect(subtitle({ operation: 'get', resource: 'currentSim' })).toBe('get: sim');
	expect(subtitle({ operation: 'renew', resource: 'plan' })).toBe('renew: plan');
	expect(description.icon).toEqual({ light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' });
	// The access-code credential for the legacy API; the key pair one for the current API (current-api.test.ts).
	expect(description.credentials![0]).toEqual({ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } });
	for (const node of [new LinksfieldCubeTrigger(), new LinksfieldCubeUsageTrigger()]) expect(node.description.credentials).toEqual(description.credentials);
});

test('resources and operations come from the catalog', () => {
	const values = (p: INodeProperties) => p.options!.map((o) => (o as { value: string }).value).sort();
	expect(values(props.find((p) => p.name === 'resource')!)).toEqual(RESOURCES.map((r) => r.value).sort());
	for (const r of RESOURCES) {
		const operation = props.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.[0] === r.value)!;
		expect(values(operation)).toEqual(OPERATIONS.filter((op) => op.resource === r.value).map((op) => op.operation).sort());
	}
});

/**
 * The actions n8n 2.40.7's node creator derives from the description (editor-ui's resourceCategories and getActionData,
 * for a node without an `operation`-only list): per option of each Resource property, the first Operation property
 * shown for the option's value gives the actions, in a group labelled "<option name> Actions"; picking one sets the
 * first value of each of that Operation property's display conditions and the operation. The editor test sees the same
 * in a browser (test/e2e/n8n/editor-browser.test.ts).
 */
function nodeCreatorActions() {
	const first = (values: unknown) => (Array.isArray(values) ? values[0] : undefined) as string;
	return props
		.filter((p) => p.name === 'resource')
		.flatMap((resource) => (resource.options as Array<{ name: string; value: string }>).map((option) => ({ option, operations: props.find((p) => p.name === 'operation' && p.displayOptions?.show?.resource?.includes(option.value)) })))
		.flatMap(({ option, operations }) =>
			(operations!.options as Array<{ value: string; action?: string }>).map((o) => ({
				group: `${option.name} Actions`,
				displayName: o.action,
				parameters: { ...Object.fromEntries(Object.entries(operations!.displayOptions!.show!).map(([k, v]) => [k, first(v)])), operation: o.value } as Record<string, string>,
			})),
		);
}

test('node creator: no two Resource options of the two APIs share a value or a name, so each resource has its own action group', () => {
	const options = props.filter((p) => p.name === 'resource').flatMap((p) => p.options as Array<{ name: string; value: string }>);
	expect(options).toHaveLength(RESOURCES.length + new Set(CURRENT_OPERATIONS.map((op) => op.resource)).size);
	expect(new Set(options.map((o) => o.value)).size).toBe(options.length);
	expect(new Set(options.map((o) => o.name)).size).toBe(options.length);
});

test("node creator: every operation of both APIs is one action, in its resource's group, that sets its API, resource and operation", () => {
	const actions = nodeCreatorActions();
	const picked = actions.map(({ group, displayName, parameters }) => {
		const op = findOperation(parameters.api as Api, parameters.resource, parameters.operation);
		return { group, displayName, id: op && `${parameters.api}:${op.id}`, action: op?.action };
	});
	// Each action adds the operation it is named after, and no two actions add the same operation.
	for (const p of picked) expect({ displayName: p.displayName, action: p.action }).toEqual({ displayName: p.displayName, action: p.displayName });
	expect(picked.map((p) => p.id).sort()).toEqual([...OPERATIONS.map((op) => `legacy:${op.id}`), ...CURRENT_OPERATIONS.map((op) => `current:${op.id}`)].sort());
	// Within a group an action's name is unique, so a user can tell what they pick.
	expect(new Set(picked.map((p) => `${p.group} / ${p.displayName}`)).size).toBe(picked.length);
});

const TYPE: Record<string, string> = { iccid: 'string', iccidList: 'string', string: 'string', amount: 'string', integer: 'number', digits: 'number', enum: 'options', object: 'json' };

test.each(OPERATIONS)('$id: every param is a field of the right type', (op) => {
	const own = props.filter((p) => shownFor(p, op.resource, op.operation));
	const nested = own.filter((p) => p.type === 'collection').flatMap((p) => p.options as INodeProperties[]);
	for (const spec of fieldParams(op)) {
		const field = [...own, ...nested].find((p) => p.name === spec.name);
		expect({ param: spec.name, type: field?.type }).toEqual({ param: spec.name, type: spec.listedBy ? 'resourceLocator' : TYPE[spec.type] });
		// The core's field list is what the property shows: label, help, example.
		const placeholder = spec.listedBy ? field!.modes!.find((m) => m.name === 'id')!.placeholder : field!.placeholder;
		expect({ label: field!.displayName, description: field!.description, placeholder, hint: field!.hint }).toEqual({ label: spec.label, description: spec.description, placeholder: spec.placeholder, hint: spec.hint });
		if (spec.type === 'enum') expect((field!.options as Array<{ value: string }>).map((o) => o.value)).toEqual(expect.arrayContaining(spec.options!.map((o) => o.value)));
	}
	if (op.docStatus === 'inferred') expect(own.find((p) => p.type === 'notice')?.displayName).toMatch(/inferred/i);
	// A path override exactly where the catalog allows one.
	expect(nested.find((p) => p.name === 'path')?.placeholder).toBe(op.pathOverridable ? `e.g. ${op.path}` : undefined);
	// A fan-out's Concurrency starts at, and is capped by, the catalog's figures.
	const concurrency = nested.find((p) => p.name === 'concurrency');
	expect(concurrency && { default: concurrency.default, max: concurrency.typeOptions?.maxValue }).toEqual(op.concurrency);
	if (op.path) expect(nested.find((p) => p.name === 'extraParams')?.type).toBe('json');
	if (op.paging || op.returnsList) expect(own.map((p) => p.name)).toEqual(expect.arrayContaining(['returnAll', 'limit']));
	if (op.simplifiedFields) expect(own.find((p) => p.name === 'simplify')).toEqual(expect.objectContaining({ type: 'boolean', default: true }));
	expect(own.find((p) => p.name === 'safeToRetry')?.default).toBe(op.retryOptIn ? false : undefined);
});

test("the usage trigger's Concurrency is the catalog's fan-out default and cap", () => {
	const options = new LinksfieldCubeUsageTrigger().description.properties.find((p) => p.name === 'options')!.options as INodeProperties[];
	const concurrency = options.find((p) => p.name === 'concurrency')!;
	expect({ default: concurrency.default, max: concurrency.typeOptions?.maxValue }).toEqual(FAN_OUT_CONCURRENCY);
});

test('the webhook trigger tells the user to give its URL to Linksfield', () => {
	const { description: trigger } = new LinksfieldCubeTrigger();
	expect(trigger.properties.find((p) => p.name === 'registrationNotice')!.displayName).toMatch(/give this node's Production URL to your Linksfield contact/);
	expect(trigger.webhooks).toEqual([expect.objectContaining({ httpMethod: 'POST', responseMode: 'onReceived' })]);
});

test('every placeholder of a value field starts with "e.g." (n8n UX guidelines); collections keep their button text', () => {
	const all = [new LinksfieldCube(), new LinksfieldCubeTrigger(), new LinksfieldCubeUsageTrigger()].flatMap((n) => n.description.properties);
	const fields = [...all, ...all.filter((p) => p.type === 'collection').flatMap((p) => p.options as INodeProperties[])];
	const placeholders = fields.filter((p) => p.placeholder !== undefined && p.type !== 'collection' && p.type !== 'fixedCollection');
	expect(placeholders.length).toBeGreaterThan(5);
	for (const p of placeholders) expect({ field: p.name, placeholder: p.placeholder }).toEqual({ field: p.name, placeholder: expect.stringMatching(/^e\.g\. /) });
	for (const p of all.filter((p) => p.type === 'resourceLocator')) for (const mode of p.modes!.filter((m) => m.placeholder)) expect(mode.placeholder).toMatch(/^e\.g\. \S/);
});

test('every operation that answers with a list has Return All and Limit', () => {
	const lists = OPERATIONS.filter((op) => op.paging || op.returnsList);
	expect(lists.map((op) => op.id).sort()).toEqual(['plan.getOrders', 'plan.getPlans', 'sim.getAll', 'sim.getInUse']);
});
