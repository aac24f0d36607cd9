// @linksfield-cube/testkit: what the tests, the demo and the benchmarks share — real n8n and Node-RED runtimes
// (cached installs, starters, admin helpers), npm pack, environment scrubbing, waiting, free ports, the simulator
// in a process of its own, and the simulator fixtures. The two runtimes' helpers come as namespaces (`n8n`,
// `nodeRed`) because their verbs overlap (login, start, deploy).
export { cleanEnv } from './env';
export { until } from './until';
export { freePort, portFree } from './free-port';
export { packPackage, packWithFiles } from './pack';
export { reapOnExit, startReaper, type Reaper, type ReapOrder } from './reaper';
export { cacheRoot, ensureNode24, ensureNodeBinary, node24Env, NODE24_VERSION, NODE_FLOOR_VERSION, type Node24, type NodeBinary } from './runtime-cache';
export { ensureN8n, n8nInstallDir, N8N_VERSION, NATIVE_MODULES, type N8nInstall } from './n8n-install';
export { ensureNodeRed, npmEnvFor, NODE_RED_MATRIX, NODE_RED_VERSIONS, type NodeRedInstall, type NodeRedMajor } from './node-red-install';
export type { N8nRun, N8nServer, N8nCliError, CliResult, RunOptions, UserDirSettings, Owner } from './n8n-runtime';
export type { NodeRedRuntime, StartOptions, NodeSet, FlowNode, Comms, CommsMessage } from './node-red-runtime';
export * as n8n from './n8n-runtime';
export * as nodeRed from './node-red-runtime';
export { startSimulatorProcess, type SimulatorProcess } from './simulator-process';
export {
	TEST_ACCOUNT,
	startTestSimulator,
	SIM_IN_USE,
	SIM_WITH_QUEUED_ORDER,
	SIM_PAUSED,
	SIM_UNENABLED_ONLY,
	SIM_NO_PLAN,
	SIM_NO_PLAN_2,
	UNKNOWN_ICCID,
	SIM_IN_USE_ORDER,
	PLAN_1GB,
} from './fixtures';
export { currentOperationTable, endpointTable, operationTable } from './readme-table';
export { ensureFile, ensureProgram } from './apt-package';
export { startForwardProxy, type ForwardProxy } from './forward-proxy';
export { startInFlightProxy, type InFlightProxy } from './in-flight-proxy';
export { startAnswerRewriter, withoutBulkOrderEntries, type AnswerRewriter } from './answer-rewriter';
export { startScriptedProxy, type ScriptedProxy, type ConnectBehaviour } from './scripted-proxy';
export { startCallbackRecorder, type CallbackRecorder, type Received } from './callback-recorder';
export { startRedirectingServer, startStrangerServer, type RecordingServer } from './redirecting-server';
export { makeThrowawayCa, type ThrowawayCa } from './throwaway-ca';
export { ensureQueueServices, startPostgres, startRedis, type PostgresServer, type RedisServer } from './queue-services';
export { prepareQueueDeployment, type QueueDeployment } from './queue-deployment';
export { startDemo, type DemoProcess } from './demo-process';
export { scanN8nPackage, type ScanReport } from './n8n-scan';
export { startN8nForEditor, launchEditorBrowser, N8nEditorPage, EDITOR_CHROMIUM_FLAGS, UI_TIMEOUT_MS, RUN_TIMEOUT_MS, type N8nEditorInstance, type EditorBrowser, type CredentialFieldValue, type CredentialTestResult, type OutputTable } from './n8n-editor';
