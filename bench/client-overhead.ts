import http from 'node:http';
import axios from 'axios';
import { CubeClient, signRequestBody } from '@linksfield-cube/core/node';
import { interleaved, round, timed } from './measure';
import { startSimulatorProcess, TEST_ACCOUNT } from '@linksfield-cube/testkit';

const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: TEST_ACCOUNT.secret };
const CALLS = 5000;
const CONCURRENCY = 32;

async function pool(n: number, concurrency: number, task: (i: number) => Promise<void>) {
	let next = 0;
	await Promise.all(Array.from({ length: concurrency }, async () => { while (next < n) await task(next++); }));
}

/** Bare http.request over a keep-alive agent: pre-signed bodies, read and parse the answer, nothing else. */
function bareRun(url: string, bodies: string[], agent: http.Agent) {
	const target = new URL('/flow/queryDeviceFlowUsage', url);
	return pool(bodies.length, CONCURRENCY, (i) =>
		new Promise<void>((resolve, reject) => {
			const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'accept-language': 'en-US' } }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c) => (text += c));
				res.on('end', () => (JSON.parse(text).code === '0000' ? resolve() : reject(new Error(text))));
			});
			req.on('error', reject);
			req.end(bodies[i]);
		}),
	);
}

/** Bare axios set up as the client's default transport (keep-alive agent, no proxy lookup, no redirects): pre-signed bodies, parse the answer. */
function bareAxiosRun(url: string, bodies: string[], agent: http.Agent) {
	const target = new URL('/flow/queryDeviceFlowUsage', url).href;
	const headers = { 'content-type': 'application/json', 'accept-language': 'en-US' };
	return pool(bodies.length, CONCURRENCY, async (i) => {
		const res = await axios.post(target, bodies[i], { httpAgent: agent, headers, responseType: 'text', proxy: false, maxRedirects: 0 });
		if (JSON.parse(res.data).code !== '0000') throw new Error(res.data);
	});
}

/** Figure 2 (client overhead) and figure 6 (simulator capacity, the bare run's rate). */
export async function clientOverheadFigure() {
	const sim = await startSimulatorProcess(['--seed', 'demo', '--history', '10']);
	try {
		const iccids = Array.from({ length: 50 }, (_, i) => '89852022018041800' + String(150 + i));
		const list = Array.from({ length: CALLS }, (_, i) => iccids[i % iccids.length]);
		const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
		const axiosAgent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
		const client = new CubeClient({ baseUrl: sim.url, ...ACCOUNT, language: 'en-US' });
		// Signed just before each bare round, so their timestamps are fresh too.
		const presign = () => list.map((device_id) => JSON.stringify(signRequestBody({ device_id }, ACCOUNT)));
		await bareRun(sim.url, presign().slice(0, 500), agent);
		await bareAxiosRun(sim.url, presign().slice(0, 500), axiosAgent);
		await client.getUsageMany(list.slice(0, 500), { concurrency: CONCURRENCY });
		const m = await interleaved(5, {
			bare: async () => { const bodies = presign(); return timed(() => bareRun(sim.url, bodies, agent)); },
			bareAxios: async () => { const bodies = presign(); return timed(() => bareAxiosRun(sim.url, bodies, axiosAgent)); },
			client: async () => timed(async () => {
				const results = await client.getUsageMany(list, { concurrency: CONCURRENCY });
				if (results.some((r) => !r.ok)) throw new Error('a usage call failed during the benchmark');
			}),
		});
		client.close();
		agent.destroy();
		axiosAgent.destroy();
		return {
			clientOverhead: {
				calls: CALLS,
				concurrency: CONCURRENCY,
				cubeClientMs: Math.round(m.client),
				bareAxiosMs: Math.round(m.bareAxios),
				ratio: round(m.client / m.bareAxios),
				goal: '≤ 1.3 (against bare axios with pre-signed bodies)',
				bareHttpMs: Math.round(m.bare),
				ratioToBareHttp: round(m.client / m.bare),
			},
			simulatorCapacity: { requestsPerSecond: Math.round(CALLS / (m.bare / 1000)), measuredWith: `bare keep-alive http.request, concurrency ${CONCURRENCY}, usage endpoint` },
		};
	} finally {
		await sim.stop();
	}
}
