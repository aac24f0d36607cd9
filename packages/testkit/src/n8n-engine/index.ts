// @linksfield-cube/testkit/n8n-engine: the package's own n8n nodes and credential run in-process by the real
// n8n-core engine (WorkflowExecute for workflow JSON, WebhookContext for the webhook trigger). Source only, never
// built to dist: it imports the nodes' TypeScript sources, which jest compiles, and the root package's n8n-core /
// n8n-workflow devDependencies — the same n8n-workflow instance the nodes themselves load.
export { runWorkflow, withParameters, workflowLoader, type RunResult, type WorkflowJson } from './run-workflow';
export { hostWebhookTrigger, type WebhookHost } from './webhook-host';
export { TestCredentialsHelper } from './credentials-helper';
export { nodeTypes } from './node-types';
export { actionNode, loadOptionsContext } from './load-options-context';
export { credentialFor, findOrder, ordersOf, orderView, SECRETS, type OrderView } from './simulator';
export { useTestSimulator } from '../use-simulator';
