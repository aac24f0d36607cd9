/// <reference path="./types/proxy-from-env.d.ts" />
import http from 'node:http';
import https from 'node:https';
import axios, { type AxiosProxyConfig } from 'axios';
import { HttpsProxyAgent } from 'hpagent';
import { getProxyForUrl } from 'proxy-from-env';
import { transportErrorFrom, type Transport } from './transport';

/** TLS settings for the API's HTTPS connection (the fields of Node-RED's tls-config node). */
export interface TlsOptions {
	ca?: string | Buffer | Array<string | Buffer>;
	cert?: string | Buffer;
	key?: string | Buffer;
	passphrase?: string;
	servername?: string;
	/** false accepts any certificate: insecure, for tests and inspecting proxies only. */
	rejectUnauthorized?: boolean;
}

export interface AxiosTransportOptions {
	/**
	 * A proxy URL (`http://user:pass@host:3128`), or false for never. Left out: HTTP_PROXY / HTTPS_PROXY /
	 * NO_PROXY from the environment (upper or lower case).
	 */
	proxy?: string | false;
	/** Hosts that bypass `proxy`, in NO_PROXY syntax (host, .domain suffix, host:port, *). */
	noProxy?: string | string[];
	tls?: TlsOptions;
	maxSockets?: number;
	/** How to trust the server's CA where this transport runs, for an untrusted-certificate error (TransportTarget). */
	trustAdvice?: string;
}

/**
 * NO_PROXY rules are proxy-from-env's; it reads them only from process.env, so an explicit proxy and its
 * bypass list are put there for that one synchronous call and taken away again.
 */
function explicitProxyFor(url: string, proxy: string, noProxy: string): string {
	const names = ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy'].flatMap((n) => [n, n.toUpperCase()]);
	const saved = names.map((n) => process.env[n]);
	try {
		for (const n of names) delete process.env[n];
		Object.assign(process.env, { all_proxy: proxy, no_proxy: noProxy });
		return getProxyForUrl(url);
	} finally {
		names.forEach((n, i) => (saved[i] === undefined ? delete process.env[n] : (process.env[n] = saved[i])));
	}
}

/** The proxy a request to `url` goes through, or undefined for a direct connection. */
export function proxyFor(url: string, options: Pick<AxiosTransportOptions, 'proxy' | 'noProxy'> = {}): string | undefined {
	if (options.proxy === false) return undefined;
	const noProxy = Array.isArray(options.noProxy) ? options.noProxy.join(',') : (options.noProxy ?? '');
	const proxy = options.proxy ? explicitProxyFor(url, options.proxy, noProxy) : getProxyForUrl(url);
	return proxy || undefined;
}

const axiosProxy = (proxy: string): AxiosProxyConfig => {
	const u = new URL(proxy);
	const auth = u.username || u.password ? { username: decodeURIComponent(u.username), password: decodeURIComponent(u.password) } : undefined;
	return { protocol: u.protocol.replace(':', ''), host: u.hostname, port: Number(u.port) || (u.protocol === 'https:' ? 443 : 80), auth };
};

type CreateSocket = (this: http.Agent, req: http.ClientRequest, options: Record<string, unknown>, cb: unknown) => void;

/**
 * Node's agent keeps the options of the request that opened a socket for as long as the socket lives (its close
 * and free listeners), and TLS sockets keep them too. With `proxy: false` axios puts a redirect hook in them whose
 * closure holds that request and its whole response: every keep-alive socket kept the first body it carried —
 * the 100,000-SIM list (73 MB) through a whole sweep. The client never follows redirects, so the agent is
 * handed the options without axios's redirect hooks.
 */
function withoutRedirectHooks<A extends http.Agent>(agent: A): A {
	const target = agent as unknown as { createSocket: CreateSocket };
	const createSocket = target.createSocket;
	target.createSocket = function (req, options, cb) {
		const { beforeRedirects: _hooks, ...connection } = options;
		return createSocket.call(this, req, connection, cb);
	};
	return agent;
}

interface Route {
	proxy?: string;
	agent: http.Agent;
	/** HTTP targets: axios sends the absolute URL to the proxy; HTTPS targets tunnel in the agent (CONNECT). */
	axiosProxy: AxiosProxyConfig | false;
}

/**
 * The default transport of the Node entry: axios over keep-alive agents. HTTP targets go through an HTTP proxy
 * as absolute-URL requests (axios); HTTPS targets through a CONNECT tunnel (hpagent), so TLS stays end to end
 * and the tls options apply to the API's certificate. Status and raw text are handed back untouched.
 * close() ends the agents and with them every socket.
 */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport & { close(): void } {
	const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 64 };
	const tls = { ...agentOptions, ...options.tls };
	const agents: http.Agent[] = [];
	const keep = <A extends http.Agent>(agent: A) => (agents.push(agent), withoutRedirectHooks(agent));
	const direct = { 'http:': keep(new http.Agent(agentOptions)), 'https:': keep(new https.Agent(tls)) };
	const tunnels = new Map<string, http.Agent>();
	// Decided once per URL: the client sends to a handful of paths on one host.
	const routes = new Map<string, Route>();
	const route = (url: string): Route => {
		let r = routes.get(url);
		if (r) return r;
		const protocol = new URL(url).protocol;
		if (protocol !== 'http:' && protocol !== 'https:') throw Object.assign(new Error(`unsupported protocol ${protocol}`), { code: 'ERR_BAD_PROTOCOL' });
		const proxy = proxyFor(url, options);
		if (!proxy) r = { agent: direct[protocol], axiosProxy: false };
		else if (protocol === 'http:') r = { proxy, agent: direct['http:'], axiosProxy: axiosProxy(proxy) };
		else {
			let tunnel = tunnels.get(proxy);
			if (!tunnel) tunnels.set(proxy, (tunnel = keep(new HttpsProxyAgent({ ...tls, proxy }))));
			r = { proxy, agent: tunnel, axiosProxy: false };
		}
		if (routes.size < 256) routes.set(url, r);
		return r;
	};
	const instance = axios.create({
		method: 'POST',
		responseType: 'text',
		// The core reads every status itself (what is retried, what an error says).
		validateStatus: () => true,
		// A signed POST is never re-sent elsewhere behind the client's back (a 307 would repeat a write); a
		// redirect is an HTTP error that names its status.
		maxRedirects: 0,
	});
	const transport = (async (req) => {
		let r: Route | undefined;
		try {
			r = route(req.url);
			const res = await instance.request<string>({
				url: req.url,
				headers: req.headers,
				data: JSON.stringify(req.body),
				timeout: req.timeoutMs,
				signal: req.signal,
				proxy: r.axiosProxy,
				httpAgent: r.agent,
				httpsAgent: r.agent,
			});
			return { status: res.status, headers: res.headers as Record<string, string>, body: res.data };
		} catch (err) {
			throw transportErrorFrom(err, { url: req.url, proxy: r?.proxy, trustAdvice: options.trustAdvice });
		}
	}) as Transport & { close(): void };
	transport.close = () => {
		for (const agent of agents) agent.destroy();
	};
	return transport;
}
