import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CURRENT_ENVIRONMENTS, CURRENT_OPERATIONS, FAN_OUT_CONCURRENCY, fieldsFor, getCurrentOperation, getOperation, OPERATIONS, WARNING_CODES, ORDER_STATUS_CODES } from '@linksfield-cube/core';
import { editorCatalog, OPTION_TYPE } from '../src/editor-catalog';
import { CATALOG_PLACEHOLDER, renderEditor, renderHelp } from '../src/editor-template';

/** The editor and help are generated from the core catalog; the message catalogs cover every key used. */

const root = join(__dirname, '..');
const read = (...parts: string[]) => readFileSync(join(root, ...parts), 'utf8');
const NODE_TYPES = ['linksfield-cube-config', 'linksfield-cube', 'linksfield-cube-in'];
const LANGUAGES = ['en-US', 'zh-CN'];

/**
 * Runs a rendered editor's <script> with a stub RED and returns the node definition it registers;
 * `lang` is what the stub's RED.i18n.lang() answers (none: a RED without i18n).
 */
function definitionOf(type: string, lang?: string, configNodes: Record<string, unknown> = {}, jquery?: unknown): Record<string, any> {
	const html = renderEditor(read('src', 'editor', `${type}.html`));
	const script = /<script type="text\/javascript">([\s\S]*?)<\/script>/.exec(html)![1];
	const registered: Record<string, any> = {};
	const RED = {
		// RED.nodes.node(id): the editor's config nodes by id (what the action node's picker asks about).
		nodes: { registerType: (name: string, def: unknown) => (registered[name] = def), node: (id: string) => configNodes[id] ?? null },
		validators: { number: () => () => true },
		...(lang ? { i18n: { lang: () => lang } } : {}),
	};
	new Function('RED', '$', script)(RED, jquery);
	expect(Object.keys(registered)).toEqual([type]);
	return registered[type];
}

/** A jQuery stand-in for a page without an open edit dialog. */
const noDialog = () => ({ data: () => undefined, val: () => undefined });

/** The catalog JSON a rendered editor carries, in one language. */
function embeddedCatalog(type: string, lang = 'en-US') {
	const html = renderEditor(read('src', 'editor', `${type}.html`));
	expect(html).not.toContain(CATALOG_PLACEHOLDER);
	return JSON.parse(/\}\)\((\{.*\})\);\n/.exec(html)![1])[lang];
}

/** The texts of an editor catalog, and the same catalog with them blanked (what must not differ by language). */
const TEXT_FIELDS = new Set(['name', 'label', 'description', 'action', 'docNote', 'placeholder']);
function splitTexts(catalog: unknown): { texts: string[]; shape: unknown } {
	const texts: string[] = [];
	const walk = (value: unknown, isText: boolean): unknown => {
		if (typeof value === 'string' && isText) return texts.push(value), '';
		if (Array.isArray(value)) return value.map((v) => walk(v, false));
		if (value && typeof value === 'object') {
			// A parameter's `name` is its API name; its text is `label`.
			const isParam = 'label' in value && 'types' in value;
			return Object.fromEntries(
				Object.entries(value).map(([k, v]) => [k, walk(v, isText || k === 'warningCodes' || k === 'orderStatusCodes' || (TEXT_FIELDS.has(k) && !(isParam && k === 'name')))]),
			);
		}
		return value;
	};
	return { shape: walk(catalog, false), texts };
}

describe('editor', () => {
	it('the action node picker lists every catalog operation, grouped by resource, inferred ones marked', () => {
		const catalog = embeddedCatalog('linksfield-cube');
		const listed = catalog.resources.flatMap((r: { value: string; operations: { id: string; inferred: boolean }[] }) => r.operations.map((op) => ({ ...op, resource: r.value })));
		expect(listed.map((op: { id: string }) => op.id)).toEqual(OPERATIONS.map((op) => op.id));
		for (const op of OPERATIONS) {
			const shown = listed.find((l: { id: string }) => l.id === op.id);
			expect(shown).toMatchObject({ resource: op.resource, inferred: op.docStatus === 'inferred', paging: !!op.paging, fanOut: !!op.fanOutOf, pathOverridable: op.pathOverridable, custom: op.custom === true });
			expect(shown.concurrency).toEqual(op.concurrency);
			expect(shown.params.map((p: { name: string }) => p.name)).toEqual(op.params.map((p) => p.name));
		}
	});

	it("every parameter row is the core's field of that name, in both languages", () => {
		for (const lang of ['en-US', 'zh-CN'] as const) {
			for (const op of editorCatalog(lang).resources.flatMap((r) => r.operations)) {
				const fields = fieldsFor(getOperation(op.id), lang);
				expect(op.params.map((p) => [p.name, p.label, p.description, p.required, p.inferred, p.placeholder, p.options?.map((o) => o.label)])).toEqual(
					fields.map((f) => [f.name, f.label, f.description, f.required, f.inferred, f.placeholder, f.options?.map((o) => o.name)]),
				);
			}
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
		const action = definitionOf('linksfield-cube', undefined, {}, noDialog);
		expect(Object.keys(action.defaults)).toEqual(
			expect.arrayContaining(['cube', 'operation', 'params', 'property', 'manyOutput', 'paging', 'limit', 'errorOutput', 'extra', 'extraType', 'path', 'safeToRetry', 'outputs']),
		);
		expect(action.defaults.cube.type).toBe('linksfield-cube-config');
		expect(action.defaults.operation.validate('plan.renew')).toBe(true);
		expect(action.defaults.operation.validate('plan.renw')).toBe(false);
		// The Parallel field starts at the catalog's fan-out default, not a number of its own.
		expect(action.defaults.concurrency.value).toBe(FAN_OUT_CONCURRENCY.default);
		expect(action.label.call({ operation: 'plan.renew' })).toBe('Renew a data plan order');
		const config = definitionOf('linksfield-cube-config');
		expect(config.credentials).toEqual({
			accessCode: { type: 'text' },
			secret: { type: 'password' },
			notificationSecret: { type: 'password' },
			keyId: { type: 'text' },
			privateKey: { type: 'password' },
			notificationKeyId: { type: 'text' },
			notificationKey: { type: 'password' },
		});
		// A config node saved before the API choice existed is legacy: Node-RED gives it the default.
		expect(config.defaults.api.value).toBe('legacy');
		const callbackIn = definitionOf('linksfield-cube-in');
		expect(callbackIn.defaults.cube.type).toBe('linksfield-cube-config');
		expect(callbackIn.defaults.path.validate('/linksfield-cube/callback')).toBe(true);
		expect(callbackIn.defaults.path.validate('/has space')).toBe(false);
	});
});

describe('the current API in the editor', () => {
	it('the catalog carries the current operations and environments beside the legacy ones, with their run shape', () => {
		const catalog = embeddedCatalog('linksfield-cube');
		const listed = catalog.current.resources.flatMap((r: { value: string; operations: Record<string, unknown>[] }) => r.operations.map((op) => ({ ...op, resource: r.value })));
		expect(listed.map((op: { id: string }) => op.id)).toEqual(CURRENT_OPERATIONS.map((op) => op.id));
		for (const op of CURRENT_OPERATIONS) {
			const shown = listed.find((l: { id: string }) => l.id === op.id);
			expect(shown).toMatchObject({ resource: op.resource, async: op.async !== undefined, paging: op.listPaging !== undefined, pathOverridable: op.pathOverridable });
			expect(shown.params.map((p: { name: string }) => p.name)).toEqual(op.params.map((p) => p.name));
			if (op.listPaging) expect(shown.pageFields).toEqual(['page_no', 'page_size']);
		}
		expect(embeddedCatalog('linksfield-cube-config').current.environments.map((e: { value: string }) => e.value)).toEqual(CURRENT_ENVIRONMENTS.map((e) => e.value));
	});

	it("every current parameter row is the core's field of that name, in both languages", () => {
		for (const lang of ['en-US', 'zh-CN'] as const) {
			for (const op of editorCatalog(lang).current.resources.flatMap((r) => r.operations)) {
				expect(op.params.map((p) => [p.name, p.label, p.description, p.required])).toEqual(fieldsFor(getCurrentOperation(op.id), lang).map((f) => [f.name, f.label, f.description, f.required]));
			}
		}
	});

	it("the operation list follows the config node's API: switching the config node switches what is valid", () => {
		// In a node's open dialog the config node picked there counts, not the one saved on the node (Node-RED
		// validates the dialog's fields with the saved node as `this`); in another node's dialog it does not.
		const dialog = { node: 'n-open', cube: 'currentCfg' };
		const $ = (selector: string) => ({ data: () => (selector === '#linksfield-cube-params' ? dialog.node : undefined), val: () => (selector === '#node-input-cube' ? dialog.cube : undefined) });
		const action = definitionOf('linksfield-cube', 'en-US', { legacyCfg: { type: 'linksfield-cube-config' }, currentCfg: { type: 'linksfield-cube-config', api: 'current' } }, $);
		expect(action.defaults.operation.validate.call({ id: 'n-open', cube: 'legacyCfg' }, 'current.bundle.add')).toBe(true);
		expect(action.defaults.operation.validate.call({ id: 'n-open', cube: 'legacyCfg' }, 'plan.renew')).toBe(false);
		expect(action.defaults.operation.validate.call({ id: 'n-other', cube: 'legacyCfg' }, 'plan.renew')).toBe(true);
		dialog.node = '';
		const valid = (cube: string, operation: string) => action.defaults.operation.validate.call({ cube }, operation);
		expect(valid('legacyCfg', 'plan.renew')).toBe(true);
		expect(valid('legacyCfg', 'current.bundle.add')).toBe(false);
		expect(valid('currentCfg', 'current.bundle.add')).toBe(true);
		expect(valid('currentCfg', 'plan.renew')).toBe(false);
		// No config node yet (or a new one being added): the legacy list, as before.
		expect(valid('', 'plan.renew')).toBe(true);
		for (const cube of ['legacyCfg', 'currentCfg']) expect(valid(cube, 'msg')).toBe(true);
		expect(action.label.call({ operation: 'current.bundle.add' })).toBe('Add a bundle to a SIM card');
		expect(Object.keys(action.defaults)).toEqual(expect.arrayContaining(['waitForResult', 'waitTimeout']));
		expect(action.defaults.waitForResult.value).toBe(false);
	});

	it('the config node offers the API choice; its label names the environment of its API', () => {
		const config = definitionOf('linksfield-cube-config');
		expect(config.label.call({ api: 'current', environment: 'productionIo' })).toBe('Linksfield Cube · Production (api.io)');
		expect(config.label.call({ environment: 'production' })).toBe('Linksfield Cube · Production');
		// Its type's name (the edit dialog's title) comes from the message catalog, not the type id.
		expect(config.paletteLabel.call({ _: (key: string) => key })).toBe('linksfield-cube-config.paletteLabel');
		const template = read('src', 'editor', 'linksfield-cube-config.html');
		for (const field of ['api', 'keyId', 'privateKey', 'notificationKeyId', 'notificationKey']) expect(template).toContain(`id="node-config-input-${field}"`);
	});

	it('the Test button sends the http proxy and TLS config nodes the dialog shows, by id ("_ADD_", Node-RED\'s none, as none)', () => {
		// A jQuery stand-in: an input's value by selector, click handlers kept, $.ajax recorded; anything else chains.
		const inputs: Record<string, unknown> = { api: 'legacy', environment: 'custom', baseUrl: 'http://127.0.0.1:1', accessCode: 'code', secret: '__PWRD__', proxy: 'px-1', tls: '_ADD_' };
		const handlers: Record<string, (this: unknown) => void> = {};
		const posted: Array<{ url: string; data: string }> = [];
		const element = (selector: unknown): any => {
			const name = typeof selector === 'string' && selector.startsWith('#node-config-input-') ? selector.slice('#node-config-input-'.length) : undefined;
			const el: any = new Proxy(() => el, {
				get: (_target, prop) => {
					if (prop === 'val') return (...v: unknown[]) => (v.length ? (name && (inputs[name] = v[0]), el) : name ? inputs[name] : undefined);
					if (prop === 'on') return (event: string, fn: () => void) => ((handlers[`${String(selector)} ${event}`] = fn), el);
					if (prop === 'prop') return (...v: unknown[]) => (v.length > 1 ? el : false);
					return () => el;
				},
			});
			return el;
		};
		const chain: any = { done: () => chain, fail: () => chain, always: () => chain };
		const $ = Object.assign(element, { ajax: (request: { url: string; data: string }) => (posted.push(request), chain) });
		const config = definitionOf('linksfield-cube-config', 'en-US', {}, $);
		config.oneditprepare.call({ id: 'cfg-1', api: 'legacy', environment: 'custom', _: (key: string) => key });
		const press = () => handlers['#linksfield-cube-config-test click'].call(element('#linksfield-cube-config-test'));
		press();
		expect(posted[0].url).toBe('linksfield-cube-config/cfg-1/test');
		expect(JSON.parse(posted[0].data)).toMatchObject({ proxy: 'px-1', tls: '', secret: '__PWRD__', baseUrl: 'http://127.0.0.1:1' });
		Object.assign(inputs, { proxy: '_ADD_', tls: 'tls-1' });
		press();
		expect(JSON.parse(posted[1].data)).toMatchObject({ proxy: '', tls: 'tls-1' });
	});

	it.each(LANGUAGES)('%s: the action help lists every current operation; the config and callback-in help explain the current API', (lang) => {
		const action = renderHelp(read('locales', lang, 'linksfield-cube.html'), lang);
		for (const op of CURRENT_OPERATIONS) expect(action).toContain(`<code>${op.id}</code>`);
		expect(action).toContain('requestId');
		for (const word of ['x-lf-signature', 'GET /sims?page_size=1', '/cube/v4']) expect(renderHelp(read('locales', lang, 'linksfield-cube-config.html'), lang) + read('locales', lang, 'linksfield-cube-in.html')).toContain(word);
	});
});

describe('zh-CN editor', () => {
	it('every text of the zh-CN editor catalog is Chinese; values, ids, types and defaults are the same as in en-US', () => {
		const en = splitTexts(embeddedCatalog('linksfield-cube', 'en-US'));
		const zh = splitTexts(embeddedCatalog('linksfield-cube', 'zh-CN'));
		expect(zh.shape).toEqual(en.shape);
		expect(zh.texts.length).toBe(en.texts.length);
		const untranslated = zh.texts.filter((t) => !/[\u4e00-\u9fff]/.test(t) && !['ICCID', 'MCC', 'iPay88 (0)'].includes(t));
		expect(untranslated).toEqual([]);
		expect(en.texts.filter((t) => /[\u4e00-\u9fff]/.test(t))).toEqual([]);
	});

	it("the vendor's Chinese names label the operations; parameters and options are Chinese", () => {
		const ops = embeddedCatalog('linksfield-cube', 'zh-CN').resources.flatMap((r: { operations: unknown[] }) => r.operations);
		const op = (id: string) => ops.find((o: { id: string }) => o.id === id);
		expect(op('usage.get').name).toBe('查询单张SIM卡流量使用情况');
		expect(op('plan.renew').name).toBe('续订流量套餐');
		expect(op('plan.renew').params.map((p: { label: string }) => p.label)).toEqual(['订单号', '续订周期数']);
		const payType = op('plan.order').params.find((p: { name: string }) => p.name === 'pay_type');
		expect(payType.options.map((o: { label: string }) => o.label)).toEqual(['iPay88 (0)', '微信支付 (1)', '支付宝 (2)']);
		expect(embeddedCatalog('linksfield-cube-config', 'zh-CN').environments.map((e: { name: string }) => e.name)).toContain('生产环境');
	});

	it("the editor takes the catalog of the editor's language (RED.i18n.lang()), English for any other", () => {
		const renew = { operation: 'plan.renew' };
		expect(definitionOf('linksfield-cube', 'zh-CN').label.call(renew)).toBe('续订流量套餐订单');
		expect(definitionOf('linksfield-cube', 'en-US').label.call(renew)).toBe('Renew a data plan order');
		expect(definitionOf('linksfield-cube', 'fr').label.call(renew)).toBe('Renew a data plan order');
		expect(definitionOf('linksfield-cube').label.call(renew)).toBe('Renew a data plan order');
	});

	it('the zh-CN help lists the operations by their Chinese names; the en-US help by their English ones', () => {
		const zh = renderHelp(read('locales', 'zh-CN', 'linksfield-cube.html'), 'zh-CN');
		const en = renderHelp(read('locales', 'en-US', 'linksfield-cube.html'), 'en-US');
		for (const name of ['查询单张SIM卡流量使用情况', '续订流量套餐', '订购流量套餐']) {
			expect(zh).toContain(name);
			expect(en).not.toContain(name);
		}
		const callbackIn = renderHelp(read('locales', 'zh-CN', 'linksfield-cube-in.html'), 'zh-CN');
		expect(callbackIn).toContain('续订订单');
		expect(callbackIn).toContain('体验套餐流量耗尽');
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
		for (const word of ['iccid', 'orderId', 'params', 'operation', 'payload', 'parts', 'error.kind', 'error.code', 'error.outcome', 'error.field', 'percentUsed'])
			expect(help).toContain(word);
		for (const code of ['validation', 'timeout', 'connection', 'http', 'rate-limited', 'malformed', 'unknown']) expect(help).toContain(`<code>${code}</code>`);
		for (const section of lang === 'en-US' ? ['Inputs', 'Outputs', 'Details', 'References'] : ['输入', '输出', '详细', '参考']) expect(help).toContain(`<h3>${section}</h3>`);
	});
});

/** Node-RED's help style guide, as its core nodes follow it, in each language's words. */
const SECTIONS: Record<string, string[]> = { 'en-US': ['Inputs', 'Outputs', 'Details', 'References'], 'zh-CN': ['输入', '输出', '详细', '参考'] };
/** The help of one node, rendered as the build ships it, cut at its <h3> headings. */
function helpSections(type: string, lang: string) {
	const html = renderHelp(read('locales', lang, `${type}.html`), lang);
	const body = new RegExp(`^<script type="text/html" data-help-name="${type}">([\\s\\S]*)</script>\\s*$`).exec(html)?.[1];
	expect(body).toBeDefined();
	const [intro, ...rest] = body!.split(/<h3>/);
	const sections = rest.map((part) => ({ title: part.slice(0, part.indexOf('</h3>')), html: part.slice(part.indexOf('</h3>') + 5) }));
	return { html: body!, intro, sections, get: (i: number) => sections.find((sec) => sec.title === SECTIONS[lang][i])?.html };
}
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim();

describe('help follows the Node-RED help style guide', () => {
	const cases = NODE_TYPES.flatMap((type) => LANGUAGES.map((lang) => [type, lang]));

	it.each(cases)('%s (%s): one short first paragraph (the palette tooltip), then only Inputs / Outputs / Details / References, in that order', (type, lang) => {
		const { intro, sections } = helpSections(type, lang);
		const paragraphs = intro.trim().match(/^<p>([\s\S]*?)<\/p>/);
		expect(paragraphs).not.toBeNull();
		const tooltip = text(paragraphs![1]);
		expect(tooltip.split(/[.。](?:\s|$)/).filter(Boolean).length).toBeLessThanOrEqual(2);
		expect(tooltip.length).toBeLessThanOrEqual(lang === 'zh-CN' ? 100 : 220);
		const titles = sections.map((sec) => sec.title);
		expect(titles).toEqual(SECTIONS[lang].filter((t) => titles.includes(t)));
		expect(titles).toContain(SECTIONS[lang][2]);
	});

	it.each(cases)('%s (%s): Inputs and Outputs as Node-RED lists them — message-properties, node-ports for two outputs, every property typed', (type, lang) => {
		const def = definitionOf(type);
		const { get } = helpSections(type, lang);
		const inputs = get(0);
		const outputs = get(1);
		expect(inputs !== undefined).toBe(def.inputs === 1);
		expect(outputs !== undefined).toBe((def.outputs ?? 0) > 0);
		if (inputs) expect(inputs).toMatch(/^\s*<dl class="message-properties">/);
		// A node that can have a second output lists its ports.
		if (outputs) expect(outputs).toMatch(def.defaults.errorOutput ? /^\s*<ol class="node-ports">/ : /^\s*<dl class="message-properties">/);
		for (const section of [inputs, outputs].filter(Boolean) as string[])
			for (const dt of section.match(/<dt[^>]*>[\s\S]*?<\/dt>/g) ?? []) expect(dt).toMatch(/<span class="property-type">[^<]+<\/span><\/dt>$/);
		const ports = outputs?.match(/<ol class="node-ports">([\s\S]*?)<\/ol>/)?.[1];
		if (ports) expect(ports.match(/<li>/g)!.length).toBe(2);
	});

	it.each(cases)('%s (%s): no <b> / <i> for structure, no headings but <h3> sections and <h4> within Details', (type, lang) => {
		const { html, sections } = helpSections(type, lang);
		expect(html.match(/<\/?(b|i|em|strong|u|font|h1|h2|h5|h6)\b[^>]*>/g)).toBeNull();
		for (const sec of sections) if (sec.title !== SECTIONS[lang][2]) expect(sec.html).not.toMatch(/<h4>/);
	});

	it.each(NODE_TYPES)('%s: the en-US and zh-CN help have the same sections, subsections and message properties', (type) => {
		const shape = (lang: string) => {
			const { sections, html } = helpSections(type, lang);
			return {
				sections: sections.map((sec) => SECTIONS[lang].indexOf(sec.title)),
				h4: (html.match(/<h4>/g) ?? []).length,
				properties: (html.match(/<dt[^>]*>[^<]*/g) ?? []).map((dt) => dt.replace(/<dt[^>]*>/, '').trim()).filter((p) => /^[a-z_][\w.]*(, [\w.]+)*$/.test(p)), // message properties, not settings
				ports: (html.match(/<ol class="node-ports">/g) ?? []).length,
			};
		};
		expect(shape('zh-CN')).toEqual(shape('en-US'));
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
		for (const reason of ['no-http', 'no-config', 'no-secret', 'no-notification-key']) used.add(`linksfield-cube-in.status.${reason}`).add(`linksfield-cube-in.errors.${reason}`);
		expect(used.size).toBeGreaterThan(30);
		const known = new Set(catalog('en-US'));
		expect([...used].filter((key) => key.includes('.') && !key.endsWith('.') && !known.has(key))).toEqual([]);
	});
});
