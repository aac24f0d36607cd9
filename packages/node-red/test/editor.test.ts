import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS, WARNING_CODES, ORDER_STATUS_CODES } from '@linksfield-cube/core';
import { editorCatalog, OPTION_TYPE } from '../src/editor-catalog';
import { CATALOG_PLACEHOLDER, renderEditor, renderHelp } from '../src/editor-template';

/** The editor and help are generated from the core catalog; the message catalogs cover every key used. */

const root = join(__dirname, '..');
const read = (...parts: string[]) => readFileSync(join(root, ...parts), 'utf8');
const NODE_TYPES = ['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in'];
const LANGUAGES = ['en-US', 'zh-CN'];

/** Runs a rendered editor's <script> with a stub RED and returns the node definition it registers. */
function definitionOf(type: string): Record<string, any> {
	const html = renderEditor(read('src', 'editor', `${type}.html`));
	const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
	const registered: Record<string, any> = {};
	const RED = { nodes: { registerType: (name: string, def: unknown) => (registered[name] = def) }, validators: { number: () => () => true } };
	new Function('RED', '$', script)(RED, undefined);
	expect(Object.keys(registered)).toEqual([type]);
	return registered[type];
}

/** The catalog JSON a rendered editor carries. */
function embeddedCatalog(type: string) {
	const html = renderEditor(read('src', 'editor', `${type}.html`));
	expect(html).not.toContain(CATALOG_PLACEHOLDER);
	return JSON.parse(/const CATALOG = (.*);\n/.exec(html)![1]);
}

describe('editor', () => {
	it('the action node picker lists every catalog operation, grouped by resource, inferred ones marked', () => {
		const catalog = embeddedCatalog('linksfield-cube');
		const listed = catalog.resources.flatMap((r: { value: string; operations: { id: string; inferred: boolean }[] }) => r.operations.map((op) => ({ ...op, resource: r.value })));
		expect(listed.map((op: { id: string }) => op.id)).toEqual(OPERATIONS.map((op) => op.id));
		for (const op of OPERATIONS) {
			const shown = listed.find((l: { id: string }) => l.id === op.id);
			expect(shown).toMatchObject({ resource: op.resource, inferred: op.docStatus === 'inferred', paging: !!op.paging, fanOut: !!op.fanOutOf });
			expect(shown.params.map((p: { name: string }) => p.name)).toEqual(op.params.map((p) => p.name));
		}
	});

	it('every parameter is a TypedInput offering msg/flow/global/env/jsonata, with catalog defaults and options', () => {
		for (const op of editorCatalog().resources.flatMap((r) => r.operations)) {
			const spec = OPERATIONS.find((o) => o.id === op.id)!;
			for (const param of op.params) {
				const source = spec.params.find((p) => p.name === param.name)!;
				expect(param.types).toEqual(expect.arrayContaining(['msg', 'flow', 'global', 'env', 'jsonata']));
				expect(param.types).toContain(param.defaultType);
				expect(param.defaultValue).toBe(source.default === undefined ? '' : String(source.default));
				if (source.type === 'enum') {
					// An optional drop-down without a default starts as empty text, so nothing is sent unless chosen.
					expect(param.defaultType).toBe(source.default === undefined ? 'str' : OPTION_TYPE);
					expect(param.options!.map((o) => o.value)).toEqual(source.options!.map((o) => o.value));
				}
				if (source.type === 'integer' && source.default !== undefined) expect(param.defaultType).toBe('num');
			}
		}
	});

	it('the node definitions register with the defaults the runtime reads', () => {
		const action = definitionOf('linksfield-cube');
		expect(Object.keys(action.defaults)).toEqual(
			expect.arrayContaining(['cube', 'operation', 'params', 'property', 'manyOutput', 'paging', 'limit', 'errorOutput', 'extra', 'extraType', 'path', 'safeToRetry', 'outputs']),
		);
		expect(action.defaults.cube.type).toBe('linksfield-cube-config');
		expect(action.defaults.operation.validate('plan.renew')).toBe(true);
		expect(action.defaults.operation.validate('plan.renw')).toBe(false);
		expect(action.label.call({ operation: 'plan.renew' })).toBe('Renew a data plan order');
		const config = definitionOf('linksfield-cube-config');
		expect(config.credentials).toEqual({ accessCode: { type: 'text' }, secret: { type: 'password' }, notificationSecret: { type: 'password' } });
		const callbackIn = definitionOf('linksfield-cube-in');
		expect(callbackIn.defaults.cube.type).toBe('linksfield-cube-config');
		expect(callbackIn.defaults.path.validate('/linksfield-cube/callback')).toBe(true);
		expect(callbackIn.defaults.path.validate('/has space')).toBe(false);
	});
});

describe('help', () => {
	it.each(LANGUAGES)('%s: the action help lists every operation; callback-in lists every code; nothing left unrendered', (lang) => {
		const action = renderHelp(read('locales', lang, 'linksfield-cube.html'), lang);
		for (const op of OPERATIONS) expect(action).toContain(`<code>${op.id}</code>`);
		const callbackIn = renderHelp(read('locales', lang, 'linksfield-cube-in.html'), lang);
		for (const code of [...Object.keys(WARNING_CODES), ...Object.keys(ORDER_STATUS_CODES)]) expect(callbackIn).toContain(`<code>${code}</code>`);
		for (const type of NODE_TYPES) {
			const help = renderHelp(read('locales', lang, `${type}.html`), lang);
			expect(help).not.toMatch(/<!--cube:/);
			expect(help).toContain(`data-help-name="${type}"`);
		}
	});

	it.each(LANGUAGES)('%s: the action help documents every msg property and error code the node uses', (lang) => {
		const help = read('locales', lang, 'linksfield-cube.html');
		for (const word of ['iccid', 'orderId', 'params', 'operation', 'payload', 'parts', 'error.code', 'error.outcome', 'error.field', 'percentUsed'])
			expect(help).toContain(word);
		for (const code of ['validation', 'timeout', 'connection', 'http', 'rate-limited', 'malformed', 'unknown']) expect(help).toContain(`<code>${code}</code>`);
		for (const section of lang === 'en-US' ? ['Inputs', 'Outputs', 'Details', 'References'] : ['输入', '输出', '详细', '参考']) expect(help).toContain(`<h3>${section}</h3>`);
	});
});

describe('message catalogs', () => {
	const keysOf = (obj: unknown, prefix = ''): string[] =>
		Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => (typeof v === 'object' ? keysOf(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
	const catalog = (lang: string) => NODE_TYPES.flatMap((type) => keysOf(JSON.parse(read('locales', lang, `${type}.json`))));

	it('en-US and zh-CN have the same keys', () => {
		expect(catalog('zh-CN').sort()).toEqual(catalog('en-US').sort());
	});

	it('every key the runtime and the editor use exists', () => {
		const sources = [...readdirSync(join(root, 'src')).filter((f) => f.endsWith('.ts')).map((f) => read('src', f)), ...NODE_TYPES.map((t) => read('src', 'editor', `${t}.html`))].join('\n');
		const used = new Set<string>();
		for (const m of sources.matchAll(/(?:RED\._|this\._|node\._|this\.t)\(\s*[`'"]([\w.-]+)/g)) used.add(m[1]);
		for (const m of sources.matchAll(/data-i18n="(?:\[\w+\])?([\w.-]+)"/g)) used.add(m[1]);
		// Keys built at run time from a reason name.
		for (const reason of ['no-http', 'no-config', 'no-secret']) used.add(`linksfield-cube-in.status.${reason}`).add(`linksfield-cube-in.errors.${reason}`);
		expect(used.size).toBeGreaterThan(30);
		const known = new Set(catalog('en-US'));
		expect([...used].filter((key) => key.includes('.') && !key.endsWith('.') && !known.has(key))).toEqual([]);
	});
});
