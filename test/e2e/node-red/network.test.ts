import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DEMO_EXAMPLE_ORDER, DEMO_SIMS, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import type { ExampleNode } from '@linksfield-cube/testkit/node-red-examples';
import { freePort, makeThrowawayCa, NODE_RED_MATRIX, nodeRed as harness, packWithFiles, startForwardProxy, startScriptedProxy, TEST_ACCOUNT, type ForwardProxy, type NodeRedRuntime, type ScriptedProxy, type ThrowawayCa } from '@linksfield-cube/testkit';

/**
 * The packed Node-RED package in a real Node-RED (4.1 on Node 20, 5.x on Node 24, and the lowest claimed pair,
 * 4.1.0 on Node 20.3.0) on real networks: Node-RED's own `http proxy` and `tls-config` config nodes on our
 * config node, HTTP_PROXY in the runtime's environment, a real tinyproxy, and the simulator served over HTTPS
 * with a CA made for this run. Proxies tinyproxy cannot play (one that records the credentials it gets, an
 * https:// proxy, one that drops the tunnel) run in this process.
 */

const ACCOUNT = { accessCode: TEST_ACCOUNT.accessCode, secret: 'e2e-network-secret' };

jest.setTimeout(10 * 60_000);

let work: string;
let ca: ThrowawayCa;
let plain: RunningSimulator;
let secure: RunningSimulator;
let proxy: ForwardProxy;
let deadProxy: string;
let recording: ScriptedProxy;
let tlsProxy: ScriptedProxy;
let dropping: ScriptedProxy;
let nr: NodeRedRuntime;
let flows: ExampleNode[];
let tarball: string;

/** One config node + an `http in` /net/<id> → Cube → `http response`; failures answer 500 with msg.error. */
function route(id: string, config: Record<string, unknown>, operation: string, params: Record<string, string>): ExampleNode[] {
	const at = (n: ExampleNode, x: number): ExampleNode => ({ z: 'net', x, y: 100, ...n });
	return [
		{ id: `cfg-${id}`, type: 'linksfield-cube-config', environment: 'custom', language: 'en-US', timeout: 10, rateLimit: 0, ...config, credentials: ACCOUNT },
		at({ id: `in-${id}`, type: 'http in', url: `/net/${id}`, method: 'post', upload: false, swaggerDoc: '', wires: [[`cube-${id}`]] }, 100),
		at({ id: `cube-${id}`, type: 'linksfield-cube', cube: `cfg-${id}`, operation, params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, { value: v, type: 'str' }])), errorOutput: true, wires: [[`ok-${id}`], [`err-${id}`]] }, 300),
		at({ id: `ok-${id}`, type: 'http response', statusCode: '', headers: {}, wires: [] }, 500),
		at({ id: `err-${id}`, type: 'change', rules: [{ t: 'set', p: 'payload', pt: 'msg', to: 'error', tot: 'msg' }], wires: [[`fail-${id}`]] }, 500),
		at({ id: `fail-${id}`, type: 'http response', statusCode: '500', headers: {}, wires: [] }, 700),
	];
}

const call = async (id: string) => {
	const res = await fetch(`${nr.url}/net/${id}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });
	return { status: res.status, body: JSON.parse(await res.text()) };
};
const port = (url: string) => new URL(url).port;

beforeAll(async () => {
	work = fs.mkdtempSync(path.join(os.tmpdir(), 'linksfield-nr-network-'));
	({ tarball } = packWithFiles(path.resolve(__dirname, '../../../packages/node-red'), work));
	ca = makeThrowawayCa();
	const options = { port: 0, seed: 'demo', accounts: [ACCOUNT], callbackRetries: 0 };
	plain = await startSimulator(options);
	secure = await startSimulator({ ...options, tls: { cert: ca.cert, key: ca.key } });
	proxy = await startForwardProxy();
	deadProxy = `http://127.0.0.1:${await freePort()}`;
	recording = await startScriptedProxy();
	tlsProxy = await startScriptedProxy({ tls: { cert: ca.cert, key: ca.key } });
	dropping = await startScriptedProxy({ connect: 'drop-after-200' });
	const usage = { device_id: DEMO_SIMS.inUse };
	const renew = { order_id: DEMO_EXAMPLE_ORDER, renew_period: '1' };
	flows = [
		{ id: 'net', type: 'tab', label: 'network' },
		{ id: 'px', type: 'http proxy', url: proxy.url, noproxy: [] },
		{ id: 'px-bypass', type: 'http proxy', url: proxy.url, noproxy: [`127.0.0.1:${port(plain.url)}`] },
		{ id: 'px-dead', type: 'http proxy', url: deadProxy, noproxy: [] },
		// Passwords as users type them: one that looks URL-encoded, one with a bare %.
		{ id: 'px-escape', type: 'http proxy', url: recording.url, noproxy: [], credentials: { username: 'cube', password: 'p%41ss' } },
		{ id: 'px-percent', type: 'http proxy', url: recording.url, noproxy: [], credentials: { username: 'cube', password: 'pa%zz' } },
		{ id: 'px-tls', type: 'http proxy', url: tlsProxy.url, noproxy: [] },
		{ id: 'px-drop', type: 'http proxy', url: dropping.url, noproxy: [] },
		{ id: 'tls-ca', type: 'tls-config', cert: '', key: '', ca: ca.files.ca, certname: '', keyname: '', caname: '', servername: '', verifyservercert: true, alpnprotocol: '' },
		// HTTPS through the http proxy node's CONNECT tunnel, trusting the CA of the tls-config node.
		...route('tunnel', { baseUrl: secure.url, proxy: 'px', tls: 'tls-ca' }, 'usage.get', usage),
		// No proxy node: HTTP_PROXY of the runtime's environment.
		...route('env', { baseUrl: plain.url }, 'sim.get', usage),
		// The proxy node's bypass list.
		...route('bypass', { baseUrl: plain.url, proxy: 'px-bypass' }, 'sim.get', usage),
		// HTTPS without the CA: refused before anything is sent.
		...route('untrusted', { baseUrl: secure.url }, 'plan.renew', renew),
		// The proxy is down.
		...route('proxy-down', { baseUrl: secure.url, proxy: 'px-dead', tls: 'tls-ca' }, 'plan.renew', renew),
		...route('pw-escape', { baseUrl: plain.url, proxy: 'px-escape' }, 'sim.get', usage),
		...route('pw-percent', { baseUrl: plain.url, proxy: 'px-percent' }, 'plan.renew', renew),
		// An https:// proxy, trusted through the tls-config node's CA, for an HTTPS and an HTTP base URL.
		...route('tls-proxy', { baseUrl: secure.url, proxy: 'px-tls', tls: 'tls-ca' }, 'sim.get', usage),
		...route('tls-proxy-http', { baseUrl: plain.url, proxy: 'px-tls', tls: 'tls-ca' }, 'plan.renew', renew),
		// A proxy that answers CONNECT and hangs up before TLS is up.
		...route('drop', { baseUrl: secure.url, proxy: 'px-drop', tls: 'tls-ca' }, 'plan.renew', renew),
	];
});

afterAll(async () => {
	await proxy?.stop();
	for (const p of [recording, tlsProxy, dropping]) await p?.stop();
	await plain?.close();
	await secure?.close();
	ca?.remove();
	if (work) fs.rmSync(work, { recursive: true, force: true });
});

afterEach(() => {
	plain.admin.clearRequests();
	secure.admin.clearRequests();
});

const withLogs = async (check: () => Promise<void>) => {
	try {
		await check();
	} catch (err) {
		throw new Error(`${(err as Error).message}\n--- Node-RED log (tail) ---\n${nr.logs().slice(-3000)}`);
	}
};

describe.each(NODE_RED_MATRIX)('%s', (_title, major) => {
	beforeAll(async () => {
		nr = await harness.startNodeRed({ major, packages: [tarball], env: { HTTP_PROXY: proxy.url, NO_PROXY: '' } });
		await harness.deployFlows(nr.url, flows);
	});

	afterAll(() => nr?.stop());

	it('http proxy + tls-config nodes: HTTPS through a CONNECT tunnel, trusting the configured CA', () =>
		withLogs(async () => {
			const before = proxy.requests().length;
			const res = await call('tunnel');
			expect(res.status).toBe(200);
			expect(res.body.device_id).toBe(DEMO_SIMS.inUse);
			expect(proxy.requests().slice(before)).toEqual([`CONNECT 127.0.0.1:${port(secure.url)} HTTP/1.1`]);
		}));

	it('no proxy node: HTTP_PROXY from the environment is used', () =>
		withLogs(async () => {
			const before = proxy.requests().length;
			const res = await call('env');
			expect(res.status).toBe(200);
			expect(proxy.requests().slice(before)).toEqual([`POST ${plain.url}/device/queryDevice HTTP/1.1`]);
		}));

	it("the proxy node's bypass list sends the request direct", () =>
		withLogs(async () => {
			const before = proxy.requests().length;
			const res = await call('bypass');
			expect(res.status).toBe(200);
			expect(proxy.requests().length).toBe(before);
			expect(plain.admin.requests()).toHaveLength(1);
		}));

	it('HTTPS without the CA: the renew fails with outcome failed, the certificate named; nothing reached the server', () =>
		withLogs(async () => {
			const res = await call('untrusted');
			expect(res.status).toBe(500);
			expect(res.body).toMatchObject({ outcome: 'failed', kind: 'connection', attempts: 1 });
			expect(res.body.message).toContain("the server's certificate is not trusted");
			expect(res.body.message).toContain('set its CA in the TLS config');
			expect(secure.admin.requests()).toHaveLength(0);
		}));

	it('proxy down: the renew fails with outcome failed, naming the proxy', () =>
		withLogs(async () => {
			const res = await call('proxy-down');
			expect(res.status).toBe(500);
			expect(res.body.outcome).toBe('failed');
			expect(res.body.message).toContain(`proxy 127.0.0.1:${port(deadProxy)} refused the connection`);
			expect(secure.admin.requests()).toHaveLength(0);
		}));

	it("the http proxy node's user and password reach the proxy as typed, a % included", () =>
		withLogs(async () => {
			const before = recording.credentials().length;
			expect((await call('pw-escape')).status).toBe(200);
			const renewed = await call('pw-percent');
			expect(renewed.status).toBe(200);
			expect(recording.credentials().slice(before)).toEqual(['cube:p%41ss', 'cube:pa%zz']);
			// The password is no part of what the node reports or logs.
			expect(nr.logs()).not.toContain('pa%zz');
		}));

	it("an https:// proxy node: trusted through the tls-config node's CA, for an HTTPS and an HTTP base URL", () =>
		withLogs(async () => {
			const before = tlsProxy.requests().length;
			const tunnelled = await call('tls-proxy');
			expect(tunnelled.status).toBe(200);
			expect(tunnelled.body.device_id).toBe(DEMO_SIMS.inUse);
			expect((await call('tls-proxy-http')).status).toBe(200);
			expect(tlsProxy.requests().slice(before)).toEqual([`CONNECT 127.0.0.1:${port(secure.url)}`, `POST ${plain.url}/package/renewPackage`]);
		}));

	it('a proxy that drops the tunnel before TLS is up: the renew fails with outcome failed, not unknown', () =>
		withLogs(async () => {
			const res = await call('drop');
			expect(res.status).toBe(500);
			expect(res.body.outcome).toBe('failed');
			expect(res.body.message).toContain(`the connection through proxy 127.0.0.1:${dropping.port} closed before the TLS handshake completed`);
			expect(secure.admin.requests()).toHaveLength(0);
		}));
});
