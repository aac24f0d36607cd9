import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { CubeClient } from '@linksfield-cube/core/node';

/**
 * What the two runtime figures share: where the repository is, the e2e harnesses loaded at run time, and
 * the fleet's ICCIDs.
 *
 * The harnesses are imported at run time rather than bundled: the n8n installer runs its CLI when
 * `process.argv[1]` is the file it was bundled into, which inside bench/main.mjs it would be.
 */

/** bench/run.mjs puts the bundle in <root>/node_modules/.cache/cube-bench and says so in BENCH_DIST. */
export const ROOT = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST, '..', '..', '..') : process.cwd();

const load = <T>(relative: string): Promise<T> => import(pathToFileURL(join(ROOT, relative)).href);

export const loadNodeRedHarness = () => load<typeof import('../test/e2e/node-red/harness/node-red-runtime.mjs')>('test/e2e/node-red/harness/node-red-runtime.mjs');
export const loadN8nHarness = () => load<typeof import('../test/e2e/n8n/harness/n8n-runtime.mjs')>('test/e2e/n8n/harness/n8n-runtime.mjs');
export const loadN8nInstaller = () => load<typeof import('../test/e2e/n8n/harness/install.mjs')>('test/e2e/n8n/harness/install.mjs');
export const loadPacker = () => load<{ packPackage(dir: string, destination: string): string }>('demo/pack.mjs');

export const ACCOUNT = { accessCode: 'P000270', secret: 'test-secret', notificationSecret: 'test-notification-secret' };

/** Distinct ICCIDs of a `fleet:N` simulator, as the API lists them. */
export async function fleetIccids(simulatorUrl: string, count: number): Promise<string[]> {
	const client = new CubeClient({ baseUrl: simulatorUrl, accessCode: ACCOUNT.accessCode, secret: ACCOUNT.secret });
	try {
		const iccids = [...new Set((await client.getSimsInUse()).map((s) => String(s.assetId)))];
		if (iccids.length < count) throw new Error(`the simulator lists ${iccids.length} SIMs in use, the figure needs ${count}`);
		return iccids.slice(0, count);
	} finally {
		client.close();
	}
}
