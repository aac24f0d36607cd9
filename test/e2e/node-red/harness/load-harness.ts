// The ESM Node-RED harness, typed, for CommonJS-compiled jest tests (see ../../load-esm.ts).
import * as path from 'path';
import { loadEsm } from '../../load-esm';
import type * as Runtime from './node-red-runtime.mjs';
import type * as Install from './install.mjs';

export type NodeRedHarness = typeof Runtime;
export type NodeRedInstaller = typeof Install;

/** startNodeRed, getNodes, requireModuleLoaded, deployFlows, inject, waitFor, openComms, ... */
export function loadNodeRedHarness(): Promise<NodeRedHarness> {
  return loadEsm<NodeRedHarness>(path.join(__dirname, 'node-red-runtime.mjs'));
}

/** ensureNodeRed, ensureNode24, VERSIONS, cacheRoot */
export function loadNodeRedInstaller(): Promise<NodeRedInstaller> {
  return loadEsm<NodeRedInstaller>(path.join(__dirname, 'install.mjs'));
}
