import { OPERATIONS, RESOURCES } from '@linksfield-cube/core';

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
