import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { simplifyRecord, type ExecuteResult, type OperationSpec } from '@linksfield-cube/core';

const asJson = (value: unknown): IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : { result: value as IDataObject[keyof IDataObject] };

/**
 * execute()'s result as n8n items, all paired with the input item: a list (SIMs in use, orders) becomes
 * one item per record so the next node runs once per SIM / order; anything else one item. With `simplified`,
 * each record keeps only that operation's simplified fields.
 */
export function resultItems(result: Exclude<ExecuteResult, { kind: 'many' }>, itemIndex: number, simplified?: OperationSpec): INodeExecutionData[] {
	const pairedItem = { item: itemIndex };
	const records = result.kind === 'list' ? result.items : Array.isArray(result.data) ? result.data : [result.data];
	return records.map((record) => ({ json: asJson(simplified ? simplifyRecord(simplified, record) : record), pairedItem }));
}
