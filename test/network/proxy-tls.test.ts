import { CubeApiError, CubeClient, detectSigning, proxyFor, type CubeClientOptions } from '@linksfield-cube/core/node';
import { startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { DEMO_EXAMPLE_ORDER, DEMO_SIMS } from '@linksfield-cube/simulator';
import { freePort, makeThrowawayCa, startForwardProxy, startScriptedProxy, TEST_ACCOUNT, type ForwardProxy, type ScriptedProxy, type ThrowawayCa } from '@linksfield-cube/testkit';

/**
 * The core's default (axios) transport on real networks: through a real forward proxy (tinyproxy) to HTTP
 * and HTTPS targets, the proxy environment variables, and the simulator served over HTTPS with a CA made
 * for this run. Pre-send failures must say what failed and leave writes with outcome "failed".
 */

const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'network-secret' };
const PROXY_VARS = ['http_proxy', 'https_proxy', 'no_proxy', 'all_proxy'].flatMap((n) => [n, n.toUpperCase()]);

let ca: ThrowawayCa;
let plain: RunningSimulator;
let secure: RunningSimulator;
let proxy: ForwardProxy;
const clients: CubeClient[] = [];
const savedEnv = PROXY_VARS.map((n) => process.env[n]);

const client = (sim: RunningSimulator, options: Partial<CubeClientOptions> = {}) => {
	const c = new CubeClient({ baseUrl: sim.url, ...ACCOUNT, language: 'en-US', timeoutMs: 5000, retry: { retries: 3, baseDelayMs: 5, maxDelayMs: 20 }, ...options });
	clients.push(c);
	return c;
};
const failure = (promise: Promise<unknown>) =>
	promise.then(
		() => {
			throw new Error('expected a failure');
		},
		(err) => err as CubeApiError,
	);
const port = (url: string) => new URL(url).port;

beforeAll(async () => {
	ca = makeThrowawayCa();
	const options = { port: 0, seed: 'demo', accounts: [ACCOUNT], callbackRetries: 0 };
	plain = await startSimulator(options);
	secure = await startSimulator({ ...options, tls: { cert: ca.cert, key: ca.key } });
	proxy = await startForwardProxy();
}, 600_000);

afterEach(() => {
	for (const c of clients.splice(0)) c.close();
	PROXY_VARS.forEach((n, i) => (savedEnv[i] === undefined ? delete process.env[n] : (process.env[n] = savedEnv[i])));
	plain.admin.clearRequests();
	secure.admin.clearRequests();
});

afterAll(async () => {
	await proxy?.stop();
	await plain?.close();
	await secure?.close();
	ca?.remove();
});

describe('proxy choice (HTTP_PROXY / HTTPS_PROXY / NO_PROXY, proxy option)', () => {
	it('takes the proxy for the target scheme from the environment, upper or lower case', () => {
		process.env.HTTPS_PROXY = 'http://upper:3128';
		process.env.http_proxy = 'http://lower:3128';
		expect(proxyFor('https://api.example.net/cube')).toBe('http://upper:3128');
		expect(proxyFor('http://api.example.net/cube')).toBe('http://lower:3128');
	});

	it('bypasses the proxy for NO_PROXY hosts, domain suffixes, ports and *', () => {
		process.env.HTTPS_PROXY = 'http://proxy:3128';
		process.env.NO_PROXY = 'exact.example, .suffix.example, ported.example:8443';
		expect(proxyFor('https://exact.example/x')).toBeUndefined();
		expect(proxyFor('https://api.suffix.example/x')).toBeUndefined();
		expect(proxyFor('https://ported.example:8443/x')).toBeUndefined();
		expect(proxyFor('https://ported.example/x')).toBe('http://proxy:3128');
		expect(proxyFor('https://other.example/x')).toBe('http://proxy:3128');
		process.env.no_proxy = '*';
		expect(proxyFor('https://other.example/x')).toBeUndefined();
	});

	it('an explicit proxy wins over the environment, honours its own bypass list, and false means never', () => {
		process.env.HTTPS_PROXY = 'http://env:3128';
		process.env.NO_PROXY = 'api.example.net';
		expect(proxyFor('https://api.example.net/x', { proxy: 'http://mine:8080' })).toBe('http://mine:8080');
		expect(proxyFor('https://api.example.net/x', { proxy: 'http://mine:8080', noProxy: ['.example.net'] })).toBeUndefined();
		expect(proxyFor('https://other.example/x', { proxy: false })).toBeUndefined();
		// The environment is left as it was.
		expect(process.env.HTTPS_PROXY).toBe('http://env:3128');
		expect(process.env.NO_PROXY).toBe('api.example.net');
		expect(process.env.all_proxy).toBeUndefined();
	});
});

describe('through a real forward proxy (tinyproxy)', () => {
	it('sends HTTP targets through the proxy option as absolute-URL requests', async () => {
		const usage = await client(plain, { proxy: proxy.url }).getUsage(DEMO_SIMS.inUse);
		expect(usage.device_id ?? usage).toBeTruthy();
		expect(proxy.requests()).toContain(`POST ${plain.url}/flow/queryDeviceFlowUsage HTTP/1.1`);
	});

	it('sends HTTP targets through HTTP_PROXY from the environment', async () => {
		process.env.HTTP_PROXY = proxy.url;
		const before = proxy.requests().length;
		await client(plain).getSim(DEMO_SIMS.inUse);
		expect(proxy.requests().slice(before)).toEqual([`POST ${plain.url}/device/queryDevice HTTP/1.1`]);
	});

	it('tunnels HTTPS targets with CONNECT (https_proxy), TLS end to end with the given CA', async () => {
		process.env.https_proxy = proxy.url;
		const before = proxy.requests().length;
		await client(secure, { tls: { ca: ca.ca } }).getSim(DEMO_SIMS.inUse);
		expect(proxy.requests().slice(before)).toEqual([`CONNECT 127.0.0.1:${port(secure.url)} HTTP/1.1`]);
		expect(secure.admin.requests()).toHaveLength(1);
	});

	it('goes direct for a NO_PROXY host, and with proxy: false', async () => {
		process.env.HTTP_PROXY = proxy.url;
		process.env.NO_PROXY = `127.0.0.1:${port(plain.url)}`;
		const before = proxy.requests().length;
		await client(plain).getSim(DEMO_SIMS.inUse);
		delete process.env.NO_PROXY;
		await client(plain, { proxy: false }).getSim(DEMO_SIMS.inUse);
		expect(proxy.requests().length).toBe(before);
		expect(plain.admin.requests()).toHaveLength(2);
	});

	it('proxy down: a renew fails with outcome failed, naming the proxy; nothing reached the server', async () => {
		const down = `http://127.0.0.1:${await freePort()}`;
		const err = await failure(client(secure, { proxy: down, tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err).toBeInstanceOf(CubeApiError);
		expect(err.outcome).toBe('failed');
		expect(err.message).toContain(`proxy 127.0.0.1:${port(down)} refused the connection`);
		expect(err.message).not.toContain('Outcome unknown');
		expect(secure.admin.requests()).toHaveLength(0);
	});

	it('a proxy that refuses the tunnel: outcome failed, said in plain words, not retried', async () => {
		const strict = await startForwardProxy({ connectPorts: [1] });
		try {
			const err = await failure(client(secure, { proxy: strict.url, tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
			expect(err.outcome).toBe('failed');
			expect(err.attempts).toBe(1);
			expect(err.message).toContain(`proxy 127.0.0.1:${strict.port} refused the tunnel (HTTP 403)`);
			expect(strict.requests()).toEqual([`CONNECT 127.0.0.1:${port(secure.url)} HTTP/1.1`]);
			expect(secure.admin.requests()).toHaveLength(0);
		} finally {
			await strict.stop();
		}
	});
});

describe('proxies that drop a tunnel, or speak TLS themselves (in-process)', () => {
	const proxies: ScriptedProxy[] = [];
	const scripted = async (options: Parameters<typeof startScriptedProxy>[0]) => {
		const p = await startScriptedProxy(options);
		proxies.push(p);
		return p;
	};
	afterEach(async () => {
		for (const p of proxies.splice(0)) await p.stop();
	});

	it('a proxy that answers CONNECT and drops the connection before the TLS handshake: outcome failed, not unknown', async () => {
		const dropping = await scripted({ connect: 'drop-after-200' });
		const err = await failure(client(secure, { proxy: dropping.url, tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err.outcome).toBe('failed');
		expect(err.message).toContain(`the connection through proxy 127.0.0.1:${dropping.port} closed before the TLS handshake completed (ECONNRESET)`);
		// Nothing could have left, so the write was tried again, every time through the proxy.
		expect(dropping.requests().length).toBe(err.attempts);
		expect(secure.admin.requests()).toHaveLength(0);
	});

	it('a proxy that drops a CONNECT without answering it: outcome failed, the proxy named', async () => {
		const dropping = await scripted({ connect: 'drop' });
		const err = await failure(client(secure, { proxy: dropping.url, tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err.outcome).toBe('failed');
		expect(err.message).toContain(`proxy 127.0.0.1:${dropping.port} closed the connection before the tunnel opened`);
		expect(secure.admin.requests()).toHaveLength(0);
	});

	it('a proxy that never answers the CONNECT: the renew times out as not sent (outcome failed), not unknown', async () => {
		const hanging = await scripted({ connect: 'hang' });
		const err = await failure(client(secure, { proxy: hanging.url, tls: { ca: ca.ca }, timeoutMs: 300, retry: { retries: 0 } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err).toMatchObject({ kind: 'timeout', outcome: 'failed' });
		expect(err.message).not.toContain('Outcome unknown');
		expect(hanging.requests()).toEqual([`CONNECT 127.0.0.1:${port(secure.url)}`]);
	});

	it('a server that takes the request and never answers: that renew is outcome unknown (it may have been carried out)', async () => {
		const net = await import('node:net');
		const silent = net.createServer((socket) => socket.on('data', () => undefined));
		await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
		try {
			const baseUrl = `http://127.0.0.1:${(silent.address() as import('node:net').AddressInfo).port}`;
			const c = new CubeClient({ baseUrl, ...ACCOUNT, timeoutMs: 300, retry: { retries: 0 } });
			clients.push(c);
			const err = await failure(c.renewPlan(DEMO_EXAMPLE_ORDER, 1));
			expect(err).toMatchObject({ kind: 'timeout', outcome: 'unknown' });
		} finally {
			silent.close();
		}
	});

	it('an HTTP base URL through an https:// proxy is carried, the proxy trusted through the TLS options\' CA', async () => {
		const tlsProxy = await scripted({ tls: { cert: ca.cert, key: ca.key } });
		await client(plain, { proxy: tlsProxy.url, tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1);
		expect(tlsProxy.requests()).toEqual([`POST ${plain.url}/package/renewPackage`]);
		expect(plain.admin.requests().map((r) => r.path)).toEqual(['/package/renewPackage']);
	});

	it('an HTTPS base URL through an https:// proxy: the TLS options\' CA also trusts the proxy', async () => {
		const tlsProxy = await scripted({ tls: { cert: ca.cert, key: ca.key } });
		await client(secure, { proxy: tlsProxy.url, tls: { ca: ca.ca } }).getSim(DEMO_SIMS.inUse);
		expect(tlsProxy.requests()).toEqual([`CONNECT 127.0.0.1:${port(secure.url)}`]);
		expect(secure.admin.requests()).toHaveLength(1);
	});

	it("an https:// proxy whose certificate is not trusted: the error names the proxy's certificate, not the server's", async () => {
		const tlsProxy = await scripted({ tls: { cert: ca.cert, key: ca.key } });
		for (const target of [secure, plain]) {
			const err = await failure(client(target, { proxy: tlsProxy.url, trustAdvice: 'set its CA in the TLS config' }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
			expect(err.outcome).toBe('failed');
			expect(err.attempts).toBe(1);
			expect(err.message).toMatch(new RegExp(`proxy 127\\.0\\.0\\.1:${tlsProxy.port}'s certificate is not trusted \\(\\w+\\) — set its CA in the TLS config`));
			expect(err.message).not.toContain("the server's certificate");
		}
		expect(tlsProxy.requests()).toEqual([]);
		expect(secure.admin.requests()).toHaveLength(0);
		expect(plain.admin.requests()).toHaveLength(0);
	});

	it('a proxy password containing % reaches the proxy: %XX escapes of the URL decoded, any other % as written', async () => {
		const recording = await scripted({});
		await client(plain, { proxy: `http://cube:p%41ss@127.0.0.1:${recording.port}` }).renewPlan(DEMO_EXAMPLE_ORDER, 1);
		await client(plain, { proxy: `http://cube:100%@127.0.0.1:${recording.port}` }).renewPlan(DEMO_EXAMPLE_ORDER, 1);
		await client(secure, { proxy: `http://cube:pa%zz@127.0.0.1:${recording.port}`, tls: { ca: ca.ca } }).getSim(DEMO_SIMS.inUse);
		expect(recording.credentials()).toEqual(['cube:pAss', 'cube:100%', 'cube:pa%zz']);
		expect(plain.admin.requests()).toHaveLength(2);
		expect(secure.admin.requests()).toHaveLength(1);
	});

	it('proxy credentials given apart from the URL are used exactly as typed', async () => {
		const recording = await scripted({});
		const proxyAuth = { username: 'cu%62e', password: 'p%41ss' };
		await client(plain, { proxy: recording.url, proxyAuth }).renewPlan(DEMO_EXAMPLE_ORDER, 1);
		await client(secure, { proxy: recording.url, proxyAuth, tls: { ca: ca.ca } }).getSim(DEMO_SIMS.inUse);
		// The signing check of the Node entry sends through the same proxy with the same credentials.
		await detectSigning({ baseUrl: plain.url, ...ACCOUNT, proxy: recording.url, proxyAuth });
		expect(new Set(recording.credentials())).toEqual(new Set(['cu%62e:p%41ss']));
		expect(recording.credentials().length).toBeGreaterThan(2);
	});
});

describe('the simulator over HTTPS with a throw-away CA', () => {
	it('without the CA: a renew is refused before sending — outcome failed, certificate named, server log empty', async () => {
		const err = await failure(client(secure).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err.outcome).toBe('failed');
		expect(err.kind).toBe('connection');
		expect(err.message).toMatch(/the server's certificate is not trusted \(\w+\)\)\./);
		expect(secure.admin.requests()).toHaveLength(0);
		// A runtime names its own way to trust the CA (Node-RED: its TLS config node).
		const advised = await failure(client(secure, { trustAdvice: 'set its CA in the TLS config' }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(advised.message).toMatch(/the server's certificate is not trusted \(\w+\) — set its CA in the TLS config\)\./);
	});

	it('without the CA: a read is not retried (retrying cannot fix a certificate)', async () => {
		const err = await failure(client(secure).getUsage(DEMO_SIMS.inUse));
		expect(err.attempts).toBe(1);
		expect(secure.admin.requests()).toHaveLength(0);
	});

	it('with the CA, or with verification turned off, it works', async () => {
		await client(secure, { tls: { ca: ca.ca } }).renewPlan(DEMO_EXAMPLE_ORDER, 1);
		await client(secure, { tls: { rejectUnauthorized: false } }).getSim(DEMO_SIMS.inUse);
		expect(secure.admin.requests().map((r) => r.path)).toEqual(['/package/renewPackage', '/device/queryDevice']);
	});

	it('a host that does not resolve: outcome failed, the host named', async () => {
		const err = await failure(new CubeClient({ baseUrl: 'https://no-such-host.invalid', ...ACCOUNT, retry: { retries: 0 } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err.outcome).toBe('failed');
		expect(err.message).toMatch(/host no-such-host\.invalid not found \((ENOTFOUND|EAI_AGAIN)\)/);
	});

	it('a redirect is not followed: the write is not sent again elsewhere', async () => {
		const http = await import('node:http');
		let redirected = 0;
		const server = http.createServer((req, res) => {
			if (req.url?.startsWith('/moved')) redirected++;
			res.writeHead(307, { Location: '/moved' + req.url }).end();
		});
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		try {
			const url = `http://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}`;
			const err = await failure(new CubeClient({ baseUrl: url, ...ACCOUNT }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
			expect(err).toMatchObject({ kind: 'http', httpStatus: 307, outcome: 'failed' });
			expect(redirected).toBe(0);
		} finally {
			server.close();
		}
	});

	it('a connection refused: outcome failed, the address named', async () => {
		const closed = `http://127.0.0.1:${await freePort()}`;
		const err = await failure(new CubeClient({ baseUrl: closed, ...ACCOUNT, retry: { retries: 0 } }).renewPlan(DEMO_EXAMPLE_ORDER, 1));
		expect(err.outcome).toBe('failed');
		expect(err.message).toContain(`127.0.0.1:${port(closed)} refused the connection`);
	});
});
