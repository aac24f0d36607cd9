import { NodeHelpers, type INodeType, type INodeTypes, type IVersionedNodeType } from 'n8n-workflow';
import { LinksfieldCube } from '../../../../nodes/LinksfieldCube/LinksfieldCube.node';
import { LinksfieldCubeTrigger } from '../../../../nodes/LinksfieldCubeTrigger/LinksfieldCubeTrigger.node';
import { LinksfieldCubeUsageTrigger } from '../../../../nodes/LinksfieldCubeUsageTrigger/LinksfieldCubeUsageTrigger.node';
import { If, ManualTrigger } from './stub-nodes';

/** The package's own nodes under both names n8n gives them (installed package / custom folder). */
const types: Record<string, INodeType | IVersionedNodeType> = {
	'n8n-nodes-base.manualTrigger': new ManualTrigger(),
	'n8n-nodes-base.if': new If(),
};
for (const node of [new LinksfieldCube(), new LinksfieldCubeTrigger(), new LinksfieldCubeUsageTrigger()]) {
	types[`n8n-nodes-linksfield-cube.${node.description.name}`] = node;
	types[`CUSTOM.${node.description.name}`] = node;
}

export const nodeTypes: INodeTypes = {
	getByName: (type) => {
		if (!types[type]) throw new Error(`Unknown node type ${type}`);
		return types[type];
	},
	getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(nodeTypes.getByName(type), version),
	getKnownTypes: () => ({}),
};
