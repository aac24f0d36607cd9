import http from 'node:http';
import https from 'node:https';
import axios from 'axios';
import type { Transport } from './transport';
import { transportErrorFrom } from './transport';

/** The default transport: axios over keep-alive agents, status and raw text handed back untouched. */
export function createAxiosTransport(options: { maxSockets?: number } = {}): Transport & { close(): void } {
	const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
	const httpAgent = new http.Agent(agentOptions);
	const httpsAgent = new https.Agent(agentOptions);
	const instance = axios.create({
		httpAgent,
		httpsAgent,
		maxRedirects: 0,
		responseType: 'text',
		transformResponse: [(data) => data],
		validateStatus: () => true,
		proxy: false,
	});
	const transport = (async (req) => {
		try {
			const res = await instance.post(req.url, JSON.stringify(req.body), {
				headers: req.headers,
				timeout: req.timeoutMs,
				signal: req.signal,
			});
			return { status: res.status, headers: res.headers as Record<string, string>, body: res.data };
		} catch (err) {
			throw transportErrorFrom(err);
		}
	}) as Transport & { close(): void };
	transport.close = () => {
		httpAgent.destroy();
		httpsAgent.destroy();
	};
	return transport;
}
