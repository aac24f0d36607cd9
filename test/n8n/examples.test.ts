import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INodeProperties } from 'n8n-workflow';
import { LinksfieldCube } from '../../nodes/LinksfieldCube/LinksfieldCube.node';
import { LinksfieldCubeTrigger } from '../../nodes/LinksfieldCubeTrigger/LinksfieldCubeTrigger.node';
import { LinksfieldCubeUsageTrigger } from '../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';
import { findOperation } from '../../nodes/LinksfieldCube/properties';

/** The importable examples only use operations and parameters the nodes really have. */

const DIR = join(__dirname, '../../examples/n8n');
const TYPES = Object.fromEntries(
	[new LinksfieldCube(), new LinksfieldCubeTrigger(), new LinksfieldCubeUsageTrigger()].map((n) => [`n8n-nodes-linksfield-cube.${n.description.name}`, n.description.properties]),
);
const examples = readdirSync(DIR).filter((f) => f.endsWith('.json'));

test.each(examples)('%s', (file) => {
	const workflow = JSON.parse(readFileSync(join(DIR, file), "utf8")) as { nodes: Array<{ name: string; type: string; parameters: Record<string, unknown> }>; connections: Record<string, unknown> };
	const ours = workflow.nodes.filter((n) => TYPES[n.type]);
	expect(ours.length).toBeGreaterThan(0);
	for (const node of ours) {
		const names = new Set((TYPES[node.type] as INodeProperties[]).map((p) => p.name).concat('pollTimes'));
		for (const key of Object.keys(node.parameters)) expect(`${node.type}: ${key}`).toBe(`${node.type}: ${names.has(key) ? key : '(unknown parameter)'}`);
		// A node without the API parameter is a version-1 node: the legacy API.
		const api = node.parameters.api === 'current' ? 'current' : 'legacy';
		if (node.type.endsWith('.linksfieldCube')) expect(findOperation(api, String(node.parameters.resource), String(node.parameters.operation))).toBeDefined();
	}
	for (const source of Object.keys(workflow.connections)) expect(workflow.nodes.map((n) => n.name)).toContain(source);
});
