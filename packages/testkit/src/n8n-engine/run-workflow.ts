import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import { Workflow, type ICredentialDataDecryptedObject, type IRun, type IWorkflowBase, type IWorkflowExecuteAdditionalData } from 'n8n-workflow';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestCredentialsHelper } from './credentials-helper';
import { nodeTypes } from './node-types';

export interface WorkflowJson {
	id?: string;
	name: string;
	nodes: IWorkflowBase['nodes'];
	connections: IWorkflowBase['connections'];
	settings?: IWorkflowBase['settings'];
	staticData?: IWorkflowBase['staticData'];
}

/** A loader of the workflow JSON files in `dir`: each call parses the file anew (the engine mutates what it runs). */
export function workflowLoader(dir: string): (name: string) => WorkflowJson {
	return (name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as WorkflowJson;
}

/** Sets parameters of one node of a fixture (a deep copy), e.g. a different ICCID per test. */
export function withParameters(workflow: WorkflowJson, nodeName: string, parameters: Record<string, unknown>, nodeFields: Record<string, unknown> = {}): WorkflowJson {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowJson;
	const node = copy.nodes.find((n) => n.name === nodeName);
	if (!node) throw new Error(`No node "${nodeName}" in ${workflow.name}`);
	Object.assign(node.parameters, parameters);
	Object.assign(node, nodeFields);
	return copy;
}

export interface RunResult {
	run: IRun;
	credentials: TestCredentialsHelper;
	/** json of every item a node output, per output index, from its first run. */
	output(nodeName: string, outputIndex?: number): Record<string, unknown>[];
	/** The error a node stopped with, if any. */
	error(nodeName: string): (Error & { description?: string; context?: Record<string, unknown> }) | undefined;
	pairedItems(nodeName: string): unknown[];
}

/** Runs workflow JSON with n8n-core's WorkflowExecute in manual mode, the way the editor's "Execute" does. */
export async function runWorkflow(json: WorkflowJson, credentialData: ICredentialDataDecryptedObject): Promise<RunResult> {
	const workflow = new Workflow({
		id: json.id ?? 'test-workflow',
		name: json.name,
		nodes: json.nodes,
		connections: json.connections,
		active: false,
		nodeTypes,
		settings: json.settings ?? { executionOrder: 'v1' },
		staticData: json.staticData,
	});
	const credentials = new TestCredentialsHelper(credentialData);
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', json as unknown as IWorkflowBase);
	const additionalData = {
		hooks,
		credentialsHelper: credentials,
		webhookBaseUrl: 'http://localhost/webhook',
		webhookWaitingBaseUrl: 'http://localhost/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost/webhook-test',
		formWaitingBaseUrl: 'http://localhost/form-waiting',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const run = await new WorkflowExecute(additionalData, 'manual').run({ workflow });
	const runData = run.data.resultData.runData;
	return {
		run,
		credentials,
		output: (nodeName, outputIndex = 0) => (runData[nodeName]?.[0]?.data?.main?.[outputIndex] ?? []).map((item) => item.json),
		error: (nodeName) => runData[nodeName]?.[0]?.error as RunResult['error'] extends (...a: never[]) => infer R ? R : never,
		pairedItems: (nodeName) => (runData[nodeName]?.[0]?.data?.main?.[0] ?? []).map((item) => item.pairedItem),
	};
}
