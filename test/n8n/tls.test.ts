import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { DEFAULT_ACCOUNT, DEMO_EXAMPLE_ORDER, startSimulator, type RunningSimulator } from '@linksfield-cube/simulator';
import { makeThrowawayCa, type ThrowawayCa } from '@linksfield-cube/testkit';
import { CredentialTestContext } from 'n8n-core';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { runWorkflow, withParameters, credentialFor, workflowLoader } from '@linksfield-cube/testkit/n8n-engine';

const loadFixture = workflowLoader(path.join(__dirname, 'fixtures'));

/**
 * The n8n node against the simulator served over HTTPS with a certificate from a CA n8n does not know: the
 * credential's "Ignore SSL Issues (Insecure)" is off by default, and then a renew is refused before anything
 * is sent, with outcome failed and the certificate named. The credential's Test cannot skip the check (n8n
 * gives it no helper that may), and says so; the CA given to Node with NODE_EXTRA_CA_CERTS makes it pass.
 */

let ca: ThrowawayCa;
let sim: RunningSimulator;
beforeAll(async () => {
	ca = makeThrowawayCa();
	sim = await startSimulator({ port: 0, seed: 'demo', accounts: [DEFAULT_ACCOUNT], tls: { cert: ca.cert, key: ca.key } });
});
afterAll(async () => {
	await sim?.close();
	ca?.remove();
});
afterEach(() => sim.admin.clearRequests());

const renew = () => withParameters(loadFixture('operation.workflow.json'), 'Cube', { resource: 'plan', operation: 'renew', order_id: DEMO_EXAMPLE_ORDER, renew_period: 1 });

test('by default an untrusted certificate stops the renew: outcome failed, said in plain words, nothing sent', async () => {
	const result = await runWorkflow(renew(), credentialFor(sim));
	const error = result.error('Cube')!;
	expect(error.message).toContain("the server's certificate is not trusted");
	// n8n's ways to trust it, not Node-RED's TLS config node.
	expect(error.message).toContain('trust its CA by starting n8n with NODE_EXTRA_CA_CERTS, or turn on “Ignore SSL Issues (Insecure)” in the credential');
	expect(error.message).not.toContain('TLS config');
	expect(error.message).not.toContain('Outcome unknown');
	expect(sim.admin.requests()).toHaveLength(0);
});

test('"Ignore SSL Issues (Insecure)" on: the same renew goes through', async () => {
	const result = await runWorkflow(renew(), credentialFor(sim, { ignoreSslIssues: true }));
	expect(result.error('Cube')).toBeUndefined();
	expect(result.output('Cube')[0]).toMatchObject({ order_id: DEMO_EXAMPLE_ORDER });
	expect(sim.admin.requests().map((r) => r.path)).toEqual(['/package/renewPackage']);
});

/** The credential's Test as n8n runs it: the function the nodes' `testedBy` names, in n8n-core's context. */
const credentialTest = (overrides: ICredentialDataDecryptedObject = {}) =>
	linksfieldCubeApiTest.call(new CredentialTestContext(), { id: 'c1', name: 'Cube', type: 'linksfieldCubeApi', data: credentialFor(sim, overrides) });

test('the credential Test refuses an untrusted certificate in plain words, before anything is sent', async () => {
	const result = await credentialTest();
	expect(result.status).toBe('Error');
	expect(result.message).toContain("the server's certificate is not trusted (UNABLE_TO_VERIFY_LEAF_SIGNATURE) — trust its CA by starting n8n with NODE_EXTRA_CA_CERTS)");
	expect(result.message).not.toContain('TLS config');
	expect(result.message).not.toContain('..');
	expect(sim.admin.requests()).toHaveLength(0);
});

test('the credential Test with "Ignore SSL Issues" on says the option applies to the nodes only, and what to do instead', async () => {
	const result = await credentialTest({ ignoreSslIssues: true });
	expect(result.status).toBe('Error');
	expect(result.message).toBe(
		"The Test could not check the signing: the server's certificate could not be verified (UNABLE_TO_VERIFY_LEAF_SIGNATURE). “Ignore SSL Issues” applies to the nodes' requests, " +
			'but n8n gives a community credential’s Test no way to skip the certificate check. Run a node to try the credential, or trust the server’s CA by starting n8n with NODE_EXTRA_CA_CERTS.',
	);
	expect(sim.admin.requests()).toHaveLength(0);
	expect((await credentialTest({ ignoreSslIssues: true, language: 'zh-CN' })).message).toMatch(/^测试无法检查签名:服务器证书无法验证\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)。.*NODE_EXTRA_CA_CERTS/);
});

test('the credential Test passes over HTTPS when Node trusts the CA through NODE_EXTRA_CA_CERTS (the advice it gives)', async () => {
	// NODE_EXTRA_CA_CERTS is read when Node starts: the built node bundle runs the Test in a fresh Node (not
	// blocking this process, whose simulator has to answer).
	const bundle = path.resolve(__dirname, '../../dist/nodes/LinksfieldCube/LinksfieldCube.node.js');
	const script = `const { LinksfieldCube } = require(${JSON.stringify(bundle)});
new LinksfieldCube().methods.credentialTest.linksfieldCubeApiTest.call({}, { id: 'c1', name: 'Cube', type: 'linksfieldCubeApi', data: JSON.parse(process.argv[1]) })
	.then((r) => process.stdout.write(JSON.stringify(r)));`;
	const run = async (env: Record<string, string>) =>
		JSON.parse((await promisify(execFile)(process.execPath, ['-e', script, JSON.stringify(credentialFor(sim))], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 60_000 })).stdout);
	expect(await run({ NODE_EXTRA_CA_CERTS: ca.files.ca })).toEqual({ status: 'OK', message: expect.stringMatching(/^OK: Linksfield accepted the signed requests\. SIMs in use: \d+\./) });
	expect((await run({})).message).toContain("the server's certificate is not trusted");
}, 120_000);

test('a host that drops the connection before the TLS handshake completed: the renew failed (nothing could leave), not outcome unknown', async () => {
	const net = await import('node:net');
	let connections = 0;
	// Takes the ClientHello and hangs up, as a proxy or load balancer that refuses the client mid-handshake does.
	const server = net.createServer((socket) => {
		connections++;
		socket.once('data', () => socket.destroy());
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	try {
		const baseUrl = `https://127.0.0.1:${(server.address() as import('node:net').AddressInfo).port}/cube/v4`;
		const error = (await runWorkflow(renew(), credentialFor(sim, { baseUrl }))).error('Cube')!;
		expect(error.message).toMatch(/closed the connection before the TLS handshake completed \(ECONNRESET\)/);
		expect(error.message).not.toContain('Outcome unknown');
		// Nothing was sent, so the write could be tried again safely.
		expect(connections).toBeGreaterThan(1);
	} finally {
		server.close();
	}
});
