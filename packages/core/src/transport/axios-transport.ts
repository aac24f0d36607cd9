/// <reference path="../types/proxy-from-env.d.ts" />
import http from 'node:http';
import https from 'node:https';
import type { TLSSocket } from 'node:tls';
import axios, { type AxiosProxyConfig } from 'axios';
import { HttpsProxyAgent } from 'hpagent';
import { getProxyForUrl } from 'proxy-from-env';
import { bodyText, requestUrl, TransportError, transportErrorFrom, type Transport } from './transport';

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
	/**
	 * The proxy's user name and password exactly as typed (no URL encoding: `%` is a percent sign); they
	 * replace any in the proxy URL. In a URL, user and password are URL-encoded and decoded as such.
	 */
	proxyAuth?: { username?: string; password?: string };
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

/**
 * A URL's user or password: its %XX escapes decoded, any other % kept as written — a password with a bare %
 * put into HTTP_PROXY must not stop the request (decodeURIComponent throws on it).
 */
const fromUrl = (raw: string) =>
	raw.replace(/(?:%[0-9a-f]{2})+/gi, (escapes) => {
		try {
			return decodeURIComponent(escapes);
		} catch {
			return escapes;
		}
	});

interface ProxyEndpoint {
	url: URL;
	auth?: { username: string; password: string };
}

/** The proxy's address and credentials; a proxy the transport cannot speak to is refused before anything is sent. */
function proxyEndpoint(proxy: string, typed: AxiosTransportOptions['proxyAuth']): ProxyEndpoint {
	let url: URL;
	try {
		url = new URL(proxy);
	} catch {
		// The URL may hold a password: the error does not repeat it.
		throw new TransportError('proxy', 'the proxy URL is not a valid URL');
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TransportError('proxy', `proxy ${url.host}: only http:// and https:// proxies are supported, not ${url.protocol}//`);
	const auth = typed?.username || typed?.password ? { username: typed.username ?? '', password: typed.password ?? '' } : url.username || url.password ? { username: fromUrl(url.username), password: fromUrl(url.password) } : undefined;
	url.username = url.password = '';
	return { url, auth };
}

const axiosProxy = ({ url, auth }: ProxyEndpoint): AxiosProxyConfig => ({ protocol: url.protocol.replace(':', ''), host: url.hostname, port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80), auth });

/**
 * Errors of a connection to the proxy raised before it was up (its TLS handshake, its answer to CONNECT): the
 * proxy failed, not the server, and none of the request has left.
 */
const proxyStage = new WeakSet<object>();
const markProxyStage = (err: unknown) => (err && typeof err === 'object' ? (proxyStage.add(err), err) : err);
const atProxyStage = (err: unknown) => {
	const e = err as { cause?: unknown } | null;
	return !!e && typeof e === 'object' && (proxyStage.has(e) || (!!e.cause && typeof e.cause === 'object' && proxyStage.has(e.cause)));
};

type Connect = (this: http.Agent, options: Record<string, unknown>, cb: (err: Error | null, socket?: unknown) => void) => unknown;

/** hpagent reports whatever fails before the tunnel is open (the proxy's TLS, its CONNECT answer) through the callback. */
function markingTunnelErrors<A extends http.Agent>(agent: A): A {
	const target = agent as unknown as { createConnection: Connect };
	const connect = target.createConnection;
	target.createConnection = function (options, cb) {
		return connect.call(this, options, (err, socket) => cb(markProxyStage(err) as Error | null, socket));
	};
	return agent;
}

/** A TLS connection to the proxy itself (an HTTP target through an https:// proxy): errors before its handshake completed. */
function markingHandshakeErrors<A extends http.Agent>(agent: A): A {
	const target = agent as unknown as { createConnection: Connect };
	const connect = target.createConnection;
	target.createConnection = function (options, cb) {
		const socket = connect.call(this, options, cb) as TLSSocket | undefined;
		if (socket) {
			socket.once('error', markProxyStage);
			socket.once('secureConnect', () => socket.off('error', markProxyStage));
		}
		return socket;
	};
	return agent;
}

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

/** Basic proxy credentials as hpagent would build them, but from the credentials as meant (hpagent URL-decodes and throws on a bare %). */
const proxyAuthorization = (auth: { username: string; password: string }) => `Basic ${Buffer.from(`${auth.username}:${auth.password}`, 'utf8').toString('base64')}`;

/**
 * The default transport of the Node entry: axios over keep-alive agents. HTTP targets go through an HTTP proxy
 * as absolute-URL requests (axios); HTTPS targets through a CONNECT tunnel (hpagent), so TLS stays end to end
 * and the tls options apply to the API's certificate. Status and raw text are handed back untouched.
 * close() ends the agents and with them every socket.
 */
export function createAxiosTransport(options: AxiosTransportOptions = {}): Transport & { close(): void } {
	// TCP keep-alive after 60 s idle, as axios sets it on every request's socket: with the agent's default of 1 s the
	// two settings alternated, and each change is a round of setsockopt calls per request.
	const agentOptions = { keepAlive: true, keepAliveMsecs: 60_000, maxSockets: options.maxSockets ?? 64 };
	const tls = { ...agentOptions, ...options.tls };
	const agents: http.Agent[] = [];
	const keep = <A extends http.Agent>(agent: A) => (agents.push(agent), withoutRedirectHooks(agent));
	const direct = { 'http:': keep(new http.Agent(agentOptions)), 'https:': keep(new https.Agent(tls)) };
	// The proxy's own certificate is checked against the same CA (a private CA usually signs both); the client
	// certificate is the API's, not shown to the proxy.
	const proxyTls = { ca: options.tls?.ca, rejectUnauthorized: options.tls?.rejectUnauthorized };
	const tunnels = new Map<string, http.Agent>();
	const tlsProxies = new Map<string, http.Agent>();
	// Decided once per URL: the client sends to a handful of paths on one host.
	const routes = new Map<string, Route>();
	const route = (url: string): Route => {
		let r = routes.get(url);
		if (r) return r;
		const protocol = new URL(url).protocol;
		if (protocol !== 'http:' && protocol !== 'https:') throw Object.assign(new Error(`unsupported protocol ${protocol}`), { code: 'ERR_BAD_PROTOCOL' });
		const proxy = proxyFor(url, options);
		const endpoint = proxy ? proxyEndpoint(proxy, options.proxyAuth) : undefined;
		if (!proxy || !endpoint) r = { agent: direct[protocol], axiosProxy: false };
		else if (protocol === 'http:') {
			// Through an https:// proxy the request travels over TLS to the proxy: axios then takes the https agent.
			let agent = endpoint.url.protocol === 'https:' ? tlsProxies.get(proxy) : direct['http:'];
			if (!agent) tlsProxies.set(proxy, (agent = markingHandshakeErrors(keep(new https.Agent({ ...agentOptions, ...proxyTls })))));
			r = { proxy, agent, axiosProxy: axiosProxy(endpoint) };
		} else {
			let tunnel = tunnels.get(proxy);
			if (!tunnel) {
				const headers = endpoint.auth ? { 'proxy-authorization': proxyAuthorization(endpoint.auth) } : undefined;
				const proxyRequestOptions = { ...proxyTls, headers } as ConstructorParameters<typeof HttpsProxyAgent>[0]['proxyRequestOptions'];
				tunnels.set(proxy, (tunnel = markingTunnelErrors(keep(new HttpsProxyAgent({ ...tls, proxy: endpoint.url, proxyRequestOptions })))));
			}
			r = { proxy, agent: tunnel, axiosProxy: false };
		}
		if (routes.size < 256) routes.set(url, r);
		return r;
	};
	const instance = axios.create({
		responseType: 'text',
		// The core reads every status itself (what is retried, what an error says).
		validateStatus: () => true,
		// A signed request is never re-sent elsewhere behind the client's back (a 307 would repeat a write); a
		// redirect is an HTTP error that names its status.
		maxRedirects: 0,
		// The body is JSON text already and the answer is read as text: axios's own transforms would only check
		// that, on every request (a JSON.parse of each body).
		transformRequest: [(data: unknown) => data],
		transformResponse: [(data: unknown) => data],
	});
	// Its values are axios's defaults, which axios falls back to without it; set, they are validated on every request.
	delete instance.defaults.transitional;
	// axios's default headers are a bucket per method (12), deep-copied into every request's config and flattened
	// again; only the common Accept applies to this transport's requests, so it is the one default, sent as before.
	instance.defaults.headers = { Accept: 'application/json, text/plain, */*' } as unknown as typeof instance.defaults.headers;
	const transport = (async (req) => {
		let r: Route | undefined;
		// The timeout bounds the whole attempt, answer included: axios's own `timeout` is the socket's idle time, so a
		// server sending a byte now and then held a request far beyond it. The caller's signal still aborts it.
		const deadline = new AbortController();
		let expired = false;
		// 0 is axios's "no timeout".
		const timer = req.timeoutMs > 0 ? setTimeout(() => ((expired = true), deadline.abort()), req.timeoutMs) : undefined;
		const abort = () => deadline.abort();
		if (req.signal?.aborted) abort();
		else req.signal?.addEventListener('abort', abort, { once: true });
		try {
			r = route(req.url);
			const res = await instance.request<string>({
				method: req.method ?? 'POST',
				url: requestUrl(req),
				headers: req.headers,
				data: bodyText(req),
				timeout: req.timeoutMs,
				signal: deadline.signal,
				proxy: r.axiosProxy,
				httpAgent: r.agent,
				httpsAgent: r.agent,
			});
			return { status: res.status, headers: res.headers as Record<string, string>, body: res.data };
		} catch (err) {
			// Cut by the deadline: a timeout like the idle one — maybe sent (a write's outcome unknown), a read may go again.
			const cut = expired && !req.signal?.aborted ? new TransportError('timeout', `no complete answer within ${req.timeoutMs} ms`) : undefined;
			const error = cut ?? transportErrorFrom(err, { url: req.url, proxy: r?.proxy, trustAdvice: options.trustAdvice, atProxy: atProxyStage(err) });
			// A request the agent never handed a socket has written nothing: the timeout or abort came while the
			// proxy had not yet answered its CONNECT (hpagent opens the tunnel before the socket is handed over).
			const request = (err as { request?: { socket?: unknown } } | null)?.request;
			if (error.maybeSent && request && !request.socket) throw new TransportError(error.failure, error.detail, { maybeSent: false, retryable: error.retryable });
			throw error;
		} finally {
			clearTimeout(timer);
			req.signal?.removeEventListener('abort', abort);
		}
	}) as Transport & { close(): void };
	transport.close = () => {
		for (const agent of agents) agent.destroy();
	};
	return transport;
}
