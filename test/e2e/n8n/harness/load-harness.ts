// The ESM n8n harness, typed, for CommonJS-compiled jest tests (see ../../load-esm.ts). The harness strips
// NODE_OPTIONS from the n8n processes it starts.
import * as path from 'path';
import { loadEsm } from '../../load-esm';
import type * as Runtime from './n8n-runtime.mjs';
import type * as Install from './install.mjs';

export type N8nHarness = typeof Runtime;
export type N8nInstaller = typeof Install;

/** createUserDir, importCredentials, importWorkflow, activateWorkflow, executeWorkflow, nodeOutput, startN8n, ... */
export function loadN8nHarness(): Promise<N8nHarness> {
  return loadEsm<N8nHarness>(path.join(__dirname, 'n8n-runtime.mjs'));
}

/** ensureN8n, cacheRoot, N8N_VERSION, NODE_VERSION */
export function loadN8nInstaller(): Promise<N8nInstaller> {
  return loadEsm<N8nInstaller>(path.join(__dirname, 'install.mjs'));
}
