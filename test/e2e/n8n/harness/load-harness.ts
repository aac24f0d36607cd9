// Loads the ESM n8n harness from a CommonJS-compiled jest test (same trick as ../../node-red/harness).
//
// With module=commonjs, ts-jest turns a written `await import('./x.mjs')` into require(), which jest
// refuses for .mjs. An import() built with `new Function` is left alone by TypeScript; jest serves it
// only when run with NODE_OPTIONS=--experimental-vm-modules. (The harness strips NODE_OPTIONS from
// the n8n processes it starts.)
import * as path from 'path';
import type * as Runtime from './n8n-runtime.mjs';
import type * as Install from './install.mjs';

// The source text is made unique per test file (jest evaluates this module once per file): V8 reuses a compiled
// `new Function` of identical text, and with it the import() hook of the first test file's (later torn-down)
// environment — every later e2e file in the same worker then failed with "reading 'identifier'".
const importEsm = new Function('specifier', `return import(specifier); // ${process.pid}-${Date.now()}-${Math.random()}`) as <T>(specifier: string) => Promise<T>;

async function load<T>(file: string): Promise<T> {
  try {
    return await importEsm<T>(path.join(__dirname, file));
  } catch (err) {
    if (/experimental-vm-modules/.test(String((err as Error).message))) {
      throw new Error(`cannot load ${file}: run jest with NODE_OPTIONS=--experimental-vm-modules (${(err as Error).message})`);
    }
    throw err;
  }
}

export type N8nHarness = typeof Runtime;
export type N8nInstaller = typeof Install;

/** createUserDir, importCredentials, importWorkflow, activateWorkflow, executeWorkflow, nodeOutput, startN8n, ... */
export function loadN8nHarness(): Promise<N8nHarness> {
  return load<N8nHarness>('n8n-runtime.mjs');
}

/** ensureN8n, cacheRoot, N8N_VERSION, NODE_VERSION */
export function loadN8nInstaller(): Promise<N8nInstaller> {
  return load<N8nInstaller>('install.mjs');
}
