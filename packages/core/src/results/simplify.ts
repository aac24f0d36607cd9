import type { OperationSpec } from '../catalog/operations';

/**
 * A record cut down to the operation's simplified fields (an order's 22 become 10): what an If node or an AI
 * agent needs, in fewer tokens. A dotted path reads a nested record; the field keeps its last name. A field
 * the answer lacks is left out. Operations without simplified fields, and non-records, pass unchanged.
 */
export function simplifyRecord(op: OperationSpec, record: unknown): unknown {
	if (!op.simplifiedFields || record === null || typeof record !== 'object' || Array.isArray(record)) return record;
	const out: Record<string, unknown> = {};
	for (const field of op.simplifiedFields) {
		let value: unknown = record;
		for (const key of field.split('.')) value = value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
		if (value !== undefined) out[field.slice(field.lastIndexOf('.') + 1)] = value;
	}
	return out;
}
