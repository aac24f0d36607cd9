import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TEST_ACCOUNT } from '@linksfield-cube/testkit';
import { CubeClient } from '@linksfield-cube/core/node';

/** What the runtime figures share: where the repository is, the test account, the fleet's ICCIDs and a process's CPU time. */

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

/** CPU time (user + system) a process has used so far, in ms: Linux's /proc, in clock ticks of 10 ms. */
export function cpuMs(pid: number | undefined): number {
	if (!pid) return NaN;
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
		return (Number(fields[11]) + Number(fields[12])) * 10;
	} catch {
		return NaN;
	}
}
