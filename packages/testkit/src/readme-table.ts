import { CURRENT_OPERATIONS, CURRENT_RESOURCES, ENDPOINT_OPERATIONS, OPERATIONS, RESOURCES } from '@linksfield-cube/core';

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

/** The README's table of the current API's operations (REST under /cube/v4), from the current catalog. */
export function currentOperationTable(): string {
	const rows = CURRENT_OPERATIONS.map((op) => {
		const resource = CURRENT_RESOURCES.find((r) => r.value === op.resource)!.name;
		const status = op.deprecated ? '**deprecated**' : op.docStatus === 'inferred' ? '**inferred**' : 'documented';
		const resend = op.sameNonceWindowMs ? `write, never repeated except once with the same nonce within ${op.sameNonceWindowMs / 1000} s` : 'write, never repeated';
		const safety = op.idempotent ? 'read, retried' : op.async ? `${resend}; asynchronous (Wait for Result)` : resend;
		return `| ${resource} | ${op.name} | \`${op.method} ${op.path}\` | ${status} | ${safety} | ${op.docNote ?? ''} |`;
	});
	return ['| Resource | Operation | Method and path | Doc status | Retry | Notes |', '|---|---|---|---|---|---|', ...rows].join('\n');
}

/** The simulator README's endpoint table: every endpoint it serves, from the same catalog. */
export function endpointTable(): string {
	const rows = ENDPOINT_OPERATIONS.map((op) => `| \`${op.path}\` | ${op.id} | ${op.docStatus === 'inferred' ? '**inferred**' : 'documented'} | ${op.docNote ?? ''} |`);
	return ['| Path | Operation | Doc status | Notes |', '|---|---|---|---|', ...rows].join('\n');
}
