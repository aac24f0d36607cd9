import {
	catalogText,
	ENVIRONMENTS,
	EVENT_TYPES,
	LANGUAGES,
	OPERATIONS,
	operationName,
	ORDER_STATUS_CODES,
	RESOURCES,
	WARNING_CODES,
} from '../src';
import { ZH_CN_OPERATION_NAMES, ZH_CN_TEXTS } from '../src/catalog/catalog-zh-cn';
import { CURRENT_OPERATIONS, CURRENT_RESOURCES } from '../src/catalog/current-operations';
import { CURRENT_ENVIRONMENTS } from '../src/current/current-environments';
import { CURRENT_ZH_CN_OPERATION_NAMES, CURRENT_ZH_CN_TEXTS } from '../src/catalog/current-catalog-zh-cn';
import { fieldsFor } from '../src/catalog/fields';

/** Every human text of the catalog, as the English source has it. */
function catalogTexts(): string[] {
	const texts = new Set<string>();
	for (const r of RESOURCES) texts.add(r.name).add(r.description);
	for (const op of OPERATIONS) {
		texts.add(op.action).add(op.description);
		if (op.docNote) texts.add(op.docNote);
		for (const p of op.params) {
			texts.add(p.label).add(p.description);
			for (const o of p.options ?? []) texts.add(o.name);
		}
	}
	for (const e of ENVIRONMENTS) texts.add(e.name).add(e.description);
	for (const l of LANGUAGES) texts.add(l.name);
	for (const e of EVENT_TYPES) texts.add(e.name).add(e.description);
	for (const meaning of [...Object.values(WARNING_CODES), ...Object.values(ORDER_STATUS_CODES)]) texts.add(meaning);
	return [...texts];
}

const CJK = /[\u4e00-\u9fff]/;
/** Names that stay as they are in Chinese: codes, acronyms, a brand. */
const SAME_IN_CHINESE = new Set(['ICCID', 'MCC', 'iPay88 (0)']);

describe('zh-CN catalog', () => {
	it('every operation has a zh-CN name', () => {
		expect(OPERATIONS.filter((op) => !CJK.test(ZH_CN_OPERATION_NAMES[op.id] ?? '')).map((op) => op.id)).toEqual([]);
		expect(Object.keys(ZH_CN_OPERATION_NAMES).sort()).toEqual(OPERATIONS.map((op) => op.id).sort());
		expect(operationName(OPERATIONS.find((op) => op.id === 'usage.get')!, 'zh-CN')).toBe('查询单张SIM卡流量使用情况');
		expect(operationName(OPERATIONS.find((op) => op.id === 'plan.renew')!, 'zh-CN')).toBe('续订流量套餐');
	});

	it('every catalog text has a zh-CN counterpart', () => {
		const texts = catalogTexts();
		expect(texts.length).toBeGreaterThan(100);
		expect(texts.filter((t) => !Object.hasOwn(ZH_CN_TEXTS, t))).toEqual([]);
		expect(texts.filter((t) => !SAME_IN_CHINESE.has(t) && !CJK.test(ZH_CN_TEXTS[t]))).toEqual([]);
	});

	it('a translation keeps the numbers and `code` spans of its English text', () => {
		for (const text of catalogTexts()) {
			const zh = ZH_CN_TEXTS[text];
			for (const kept of [...(text.match(/\d+/g) ?? []), ...(text.match(/`[^`]+`/g) ?? [])]) expect({ text, zh, has: zh.includes(kept) }).toEqual({ text, zh, has: true });
		}
	});

	it('catalogText gives zh-CN only for zh-CN, and English for an unknown text or language', () => {
		expect(catalogText('Order ID', 'zh-CN')).toBe('订单号');
		expect(catalogText('Order ID', 'en-US')).toBe('Order ID');
		expect(catalogText('Order ID', 'fr')).toBe('Order ID');
		expect(catalogText('a text nobody translated', 'zh-CN')).toBe('a text nobody translated');
		expect(catalogText('constructor', 'zh-CN')).toBe('constructor');
	});
});

/** Every human text of the current API's entries (catalog/current-operations.ts). */
function currentCatalogTexts(): string[] {
	const texts = new Set<string>();
	for (const r of CURRENT_RESOURCES) texts.add(r.name).add(r.description);
	// The environments' texts: the Node-RED config node lists them in the editor's language.
	for (const e of CURRENT_ENVIRONMENTS) texts.add(e.name).add(e.description);
	for (const op of CURRENT_OPERATIONS) {
		texts.add(op.action).add(op.description);
		if (op.docNote) texts.add(op.docNote);
		for (const p of op.params) {
			texts.add(p.label).add(p.description);
			for (const o of p.options ?? []) texts.add(o.name);
		}
	}
	return [...texts];
}

describe('zh-CN catalog of the current API', () => {
	it('every entry has a zh-CN name', () => {
		expect(CURRENT_OPERATIONS.filter((op) => !CJK.test(operationName(op, 'zh-CN'))).map((op) => op.id)).toEqual([]);
		expect(Object.keys(CURRENT_ZH_CN_OPERATION_NAMES).sort()).toEqual(CURRENT_OPERATIONS.map((op) => op.id).sort());
		expect(operationName(CURRENT_OPERATIONS.find((op) => op.id === 'current.bundle.add')!, 'zh-CN')).toBe('为SIM卡添加套餐');
		expect(operationName(CURRENT_OPERATIONS.find((op) => op.id === 'current.bundle.add')!, 'en-US')).toBe('Add');
	});

	it('every text of every entry and field has a zh-CN counterpart that keeps its numbers and `code` spans', () => {
		const texts = currentCatalogTexts();
		expect(texts.length).toBeGreaterThan(100);
		expect(texts.filter((t) => !Object.hasOwn(ZH_CN_TEXTS, t))).toEqual([]);
		expect(texts.filter((t) => !SAME_IN_CHINESE.has(t) && !CJK.test(ZH_CN_TEXTS[t]))).toEqual([]);
		for (const text of texts) {
			const zh = ZH_CN_TEXTS[text];
			for (const kept of [...(text.match(/\d+/g) ?? []), ...(text.match(/`[^`]+`/g) ?? [])]) expect({ text, zh, has: zh.includes(kept) }).toEqual({ text, zh, has: true });
		}
	});

	it('holds no stale text, and none that silently differs from the legacy translation of the same words', () => {
		const texts = new Set(currentCatalogTexts());
		expect(Object.keys(CURRENT_ZH_CN_TEXTS).filter((t) => !texts.has(t))).toEqual([]);
		expect(Object.keys(CURRENT_ZH_CN_TEXTS).filter((t) => ZH_CN_TEXTS[t] !== CURRENT_ZH_CN_TEXTS[t])).toEqual([]);
	});

	it("the fields every UI draws come out in Chinese", () => {
		const fields = fieldsFor(CURRENT_OPERATIONS.find((op) => op.id === 'current.bundle.cancel')!, 'zh-CN');
		expect(fields.map((f) => f.label)).toEqual(['ICCID', '方式', '订单号', '启用下一个套餐']);
		expect(fields.find((f) => f.name === 'mode')!.options!.map((o) => o.name)).toEqual(['结束一个套餐', '结束一个套餐并启用下一个', '结束全部套餐']);
	});
});
