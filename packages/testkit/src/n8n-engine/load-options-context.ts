import { LoadOptionsContext } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type INode, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { TestCredentialsHelper } from './credentials-helper';
import { nodeTypes } from './node-types';

/** The action node of the given parameters, with the simulator's credential as the workflow would hold it. */
export function actionNode(id: string, parameters: INode['parameters']): INode {
	return { id, name: 'Cube', type: 'n8n-nodes-linksfield-cube.linksfieldCube', typeVersion: 1, position: [0, 0], parameters, credentials: { linksfieldCubeApi: { id: 'sim', name: 'Simulator' } } };
}

/**
 * n8n-core's own context of a picker (the plan picker's parameter) for `node` in a one-node workflow: its
 * helpers.httpRequest is n8n's, as the editor and the node's execute context have it.
 */
export function loadOptionsContext(node: INode, credentials: ICredentialDataDecryptedObject): LoadOptionsContext {
	const workflow = new Workflow({ id: `${node.id}-workflow`, nodes: [node], connections: {}, active: false, nodeTypes, settings: { executionOrder: 'v1' } });
	const additionalData = { credentialsHelper: new TestCredentialsHelper(credentials), variables: {} } as unknown as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(workflow, node, additionalData, 'parameters.package_code');
}
