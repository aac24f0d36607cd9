import { resolve } from 'node:path';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { CubeClient } from '@linksfield-cube/core/node';

/** What the two runtime figures share: where the repository is, the test account and the fleet's ICCIDs. */

/** bench/run.mjs puts the bundle in <root>/node_modules/.cache/cube-bench and says so in BENCH_DIST. */
export const ROOT = process.env.BENCH_DIST ? resolve(process.env.BENCH_DIST, '..', '..', '..') : process.cwd();

export const ACCOUNT = TEST_ACCOUNT;

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
