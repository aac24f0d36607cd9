import { EDITOR_LANGUAGES, editorCatalog, type EditorCatalog } from './editor-catalog';

/**
 * Build-time rendering of the editor HTML and the help HTML: the templates carry placeholders that are
 * filled from the core's catalog, so the operation picker, its parameters and the documented code tables
 * are generated from one source of truth.
 */

/** Where an editor template wants the catalog JSON (valid JS as written, so templates lint as they are). */
export const CATALOG_PLACEHOLDER = '/*CUBE_CATALOG*/ null';

/** JSON that is safe inside a <script> element. */
function scriptJson(value: unknown): string {
	return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * The placeholder becomes the catalog in every editor language and picks, when the editor loads the node, the
 * one of the editor's language (RED.i18n.lang(): the user's language setting, else the browser's), else English.
 */
export function renderEditor(template: string, catalogs: Record<string, EditorCatalog> = Object.fromEntries(EDITOR_LANGUAGES.map((l) => [l, editorCatalog(l)]))): string {
	if (!template.includes(CATALOG_PLACEHOLDER)) return template;
	const pick = `(function (catalogs) { const lang = RED.i18n && RED.i18n.lang ? RED.i18n.lang() : "en-US"; return catalogs[lang] || catalogs["en-US"]; })(${scriptJson(catalogs)})`;
	return template.split(CATALOG_PLACEHOLDER).join(pick);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** Catalog descriptions use `code` spans in Markdown style. */
const inlineCode = (s: string) => escapeHtml(s).replace(/`([^`]+)`/g, '<code>$1</code>');

interface HelpWords {
	operation: string;
	id: string;
	parameters: string;
	inferred: string;
	required: string;
	code: string;
	meaning: string;
	event: string;
}

const WORDS: Record<string, HelpWords> = {
	'en-US': { operation: 'Operation', id: 'msg.operation', parameters: 'Parameters', inferred: 'inferred — verify on UAT', required: 'required', code: 'Code', meaning: 'Meaning', event: 'Event' },
	'zh-CN': { operation: '操作', id: 'msg.operation', parameters: '参数', inferred: '推断所得——请在 UAT 上核实', required: '必填', code: '代码', meaning: '含义', event: '事件' },
};

function operationsHtml(resources: EditorCatalog['resources'], w: HelpWords): string {
	const rows = resources.flatMap((r) =>
		r.operations.map((op) => {
			const params = op.params.map((p) => `<code>${escapeHtml(p.name)}</code>${p.required ? '*' : ''}`).join(', ') || '—';
			const note = op.inferred ? ` (${w.inferred})` : '';
			return `<tr><td>${escapeHtml(r.name)} → ${escapeHtml(op.name)}${note}</td><td><code>${escapeHtml(op.id)}</code></td><td>${params}</td><td>${inlineCode(op.description)}</td></tr>`;
		}),
	);
	return `<table><thead><tr><th>${w.operation}</th><th>${w.id}</th><th>${w.parameters} (* ${w.required})</th><th></th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function codesHtml(codes: Record<string, string>, w: HelpWords): string {
	const rows = Object.entries(codes).map(([code, meaning]) => `<tr><td><code>${escapeHtml(code)}</code></td><td>${escapeHtml(meaning)}</td></tr>`);
	return `<table><thead><tr><th>${w.code}</th><th>${w.meaning}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function eventsHtml(catalog: EditorCatalog, w: HelpWords): string {
	const rows = catalog.eventTypes.map((e) => `<tr><td><code>${escapeHtml(e.value)}</code></td><td>${escapeHtml(e.name)}: ${escapeHtml(e.description)}</td></tr>`);
	return `<table><thead><tr><th>${w.event}</th><th>${w.meaning}</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** Fills <!--cube:operations--> (legacy), <!--cube:current-operations-->, <!--cube:warning-codes-->, <!--cube:order-status-codes-->, <!--cube:event-types-->. */
export function renderHelp(template: string, language: string): string {
	const w = WORDS[language] ?? WORDS['en-US'];
	const catalog = editorCatalog(language === 'zh-CN' ? 'zh-CN' : 'en-US');
	const parts: Record<string, () => string> = {
		operations: () => operationsHtml(catalog.resources, w),
		'current-operations': () => operationsHtml(catalog.current.resources, w),
		'warning-codes': () => codesHtml(catalog.warningCodes, w),
		'order-status-codes': () => codesHtml(catalog.orderStatusCodes, w),
		'event-types': () => eventsHtml(catalog, w),
	};
	return template.replace(/<!--cube:([a-z-]+)-->/g, (whole, name: string) => {
		const render = parts[name];
		if (!render) throw new Error(`unknown help placeholder ${whole}`);
		return render();
	});
}
