import { ENDPOINT_OPERATIONS, OPERATIONS, RESOURCES } from '@linksfield-cube/core';

/** The README's operation table, rendered from the catalog so the two cannot drift apart. */
export function operationTable(): string {
	const rows = OPERATIONS.map((op) => {
		const resource = RESOURCES.find((r) => r.value === op.resource)!.name;
		const path = op.path ? `\`${op.path}\`` : op.fanOutOf ? `fan-out over \`${OPERATIONS.find((o) => o.id === op.fanOutOf)!.path}\`` : 'any path';
		const status = op.docStatus === 'inferred' ? '**inferred**' : 'documented';
		const safety = op.idempotent ? 'read, retried' : 'write, never repeated';
		return `| ${resource} | ${op.name} | ${path} | ${status} | ${safety} | ${op.docNote ?? ''} |`;
	});
	return ['| Resource | Operation | Path | Doc status | Retry | Notes |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The simulator README's endpoint table: every endpoint it serves, from the same catalog. */
export function endpointTable(): string {
	const rows = ENDPOINT_OPERATIONS.map((op) => `| \`${op.path}\` | ${op.id} | ${op.docStatus === 'inferred' ? '**inferred**' : 'documented'} | ${op.docNote ?? ''} |`);
	return ['| Path | Operation | Doc status | Notes |', '|---|---|---|---|', ...rows].join('\n');
}
