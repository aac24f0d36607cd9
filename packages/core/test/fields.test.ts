import { catalogText, fieldsFor, getOperation, OPERATIONS } from '../src';

// fieldsFor() is the one field list both UIs draw (n8n properties, Node-RED editor rows).
describe('fieldsFor', () => {
	test.each(OPERATIONS)('$id: one field per catalog param, in catalog order, with its label, type, required-ness, default and options', (op) => {
		const fields = fieldsFor(op);
		expect(fields.map((f) => f.name)).toEqual(op.params.map((p) => p.name));
		for (const [i, spec] of op.params.entries()) {
			const { name, label, type, required, default: initial, min, max, listedBy, options } = fields[i];
			expect({ name, label, type, required, default: initial, min, max, listedBy, options }).toEqual({
				name: spec.name, label: spec.label, type: spec.type, required: spec.required, default: spec.default, min: spec.min, max: spec.max, listedBy: spec.listedBy, options: spec.options,
			});
			expect(fields[i].inferred).toBe(spec.inferred === true);
		}
	});

	test('required fields and a JSON body sit on the node; optional ones are additional', () => {
		const orders = fieldsFor(getOperation('plan.getOrders'));
		expect(orders.filter((f) => f.placement === 'main').map((f) => f.name)).toEqual(['page_no', 'page_size']);
		expect(fieldsFor(getOperation('custom.call')).map((f) => [f.name, f.placement])).toEqual([
			['path', 'main'],
			['params', 'main'],
		]);
	});

	test('page number and size apply when paging by hand; a fan-out list when the SIMs come from it', () => {
		const when = (id: string) => Object.fromEntries(fieldsFor(getOperation(id)).filter((f) => f.shownWhen).map((f) => [f.name, f.shownWhen]));
		expect(when('plan.getOrders')).toEqual({ page_no: 'pageByPage', page_size: 'pageByPage' });
		expect(when('usage.getMany')).toEqual({ device_ids: 'listSource' });
		// A bulk order's list is the request itself, not a fan-out's source.
		expect(when('plan.bulkOrder')).toEqual({});
	});

	test('an inferred field says so once; examples become "e.g." placeholders; an ICCID field says what an ICCID is', () => {
		const [device, content] = fieldsFor(getOperation('sms.send'));
		expect(device.description).toBe('ICCID of the SIM card: 19–20 digits. Field inferred — verify on UAT.');
		// Already says "inferred": no second note.
		expect(content.description).toBe('Text of the message (field name inferred)');
		expect(device).toMatchObject({ placeholder: 'e.g. 89852022018041800192', hint: expect.stringMatching(/not the IMSI/) });
		expect(fieldsFor(getOperation('plan.order')).find((f) => f.name === 'package_code')?.placeholder).toBe('e.g. DP20190726001274');
		expect(fieldsFor(getOperation('usage.get'))[0].description).toBe('ICCID of the SIM card: 19–20 digits');
		expect(fieldsFor(getOperation('plan.renew')).every((f) => f.placeholder === undefined || f.placeholder.startsWith('e.g. '))).toBe(true);
	});

	test('zh-CN: every text translated, values and names the same', () => {
		const SAME_IN_CHINESE = new Set(['ICCID', 'MCC', 'iPay88 (0)']);
		const CJK = /[\u4e00-\u9fff]/;
		for (const op of OPERATIONS) {
			const en = fieldsFor(op);
			const zh = fieldsFor(op, 'zh-CN');
			expect(zh.map((f) => [f.name, f.type, f.required, f.default, f.placement, f.shownWhen, f.options?.map((o) => o.value)])).toEqual(
				en.map((f) => [f.name, f.type, f.required, f.default, f.placement, f.shownWhen, f.options?.map((o) => o.value)]),
			);
			const texts = zh.flatMap((f) => [f.label, f.description, f.hint, f.placeholder, ...(f.options ?? []).map((o) => o.name)]).filter((t): t is string => t !== undefined);
			expect(texts.filter((t) => !SAME_IN_CHINESE.has(t) && !CJK.test(t))).toEqual([]);
		}
		expect(fieldsFor(getOperation('plan.renew'), 'zh-CN')[0].label).toBe(catalogText('Order ID', 'zh-CN'));
	});
});
