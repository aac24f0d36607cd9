import { WebhookContext } from 'n8n-core';
import { Workflow, type INode, type INodeExecutionData, type IWebhookData, type IWorkflowExecuteAdditionalData, type ICredentialDataDecryptedObject, type INodeType } from 'n8n-workflow';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestCredentialsHelper } from './credentials-helper';
import { nodeTypes } from './node-types';

export interface WebhookHost {
	url: string;
	/** workflowData of every call that started an execution. */
	executions: INodeExecutionData[][][];
	/** Status answered to each call, in order. */
	statuses: number[];
	close(): Promise<void>;
}

/**
 * Serves one webhook trigger node the way n8n's webhook server does: raw body kept on the request, the node's
 * webhook() run in n8n-core's WebhookContext, its answer (or its own response) sent back, and an "execution"
 * recorded only when it returned workflowData.
 */
export async function hostWebhookTrigger(node: INode, credentials: ICredentialDataDecryptedObject): Promise<WebhookHost> {
	const workflow = new Workflow({ id: 'webhook-workflow', nodes: [node], connections: {}, active: true, nodeTypes, settings: { executionOrder: 'v1' } });
	const type = nodeTypes.getByNameAndVersion(node.type, node.typeVersion) as INodeType;
	const executions: WebhookHost['executions'] = [];
	const statuses: number[] = [];
	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', async () => {
			const rawBody = Buffer.concat(chunks);
			let body: unknown = {};
			try {
				body = JSON.parse(rawBody.toString('utf8'));
			} catch {
				body = {};
			}
			const request = Object.assign(req, { rawBody, body, query: {}, params: {} });
			const response = Object.assign(res, {
				status(code: number) {
					res.statusCode = code;
					return response;
				},
				json(value: unknown) {
					res.setHeader('content-type', 'application/json');
					res.end(JSON.stringify(value));
					return response;
				},
			});
			const additionalData = {
				credentialsHelper: new TestCredentialsHelper(credentials),
				httpRequest: request,
				httpResponse: response,
				webhookBaseUrl: 'http://localhost/webhook',
				variables: {},
			} as unknown as IWorkflowExecuteAdditionalData;
			const webhookData = { httpMethod: 'POST', node: node.name, path: 'linksfield-cube', webhookDescription: type.description.webhooks![0], workflowId: workflow.id, workflowExecuteAdditionalData: additionalData } as unknown as IWebhookData;
			try {
				const context = new WebhookContext(workflow, node, additionalData, 'webhook', webhookData, [], null);
				const result = await type.webhook!.call(context);
				if (result.workflowData) executions.push(result.workflowData);
				if (!result.noWebhookResponse) response.status(200).json(result.webhookResponse ?? { message: 'Workflow was started' });
			} catch (error) {
				response.status(500).json({ message: (error as Error).message });
			}
			statuses.push(res.statusCode);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/webhook/linksfield-cube`,
		executions,
		statuses,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}
