import { nodeRedRuntimeFigure } from './node-red-runtime';
import { n8nRuntimeFigure } from './n8n-runtime';

/**
 * Figure 4, "inside the runtimes": our nodes vs what a user builds from core nodes, in the same runtime
 * against the same simulator. `node bench/run.mjs runtimes node-red` (or `n8n`) runs one half.
 */
export async function runtimesFigure(which = process.argv.slice(2).find((a) => a === 'node-red' || a === 'n8n')) {
	const result: Record<string, unknown> = {};
	if (!which || which === 'node-red') result.nodeRed = await nodeRedRuntimeFigure();
	if (!which || which === 'n8n') result.n8n = await n8nRuntimeFigure();
	return result;
}
