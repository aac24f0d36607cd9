import { createPrivateKey, sign as rsaSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignV2Signer, signV2Message, type SignableRequest } from '@linksfield-cube/core';
import { interleaved, round } from './measure';

/**
 * Sign v2 per second through the core's signer (message, RSA, headers) against a bare crypto.sign of the same message
 * with the same parsed key: what the signer adds to the RSA operation (goal ≤ 1.2×). The bare sign with the PEM text
 * per call shows what parsing the key once per signer saves.
 */
export async function signV2Figure() {
	const pem = readFileSync(join(process.cwd(), 'packages', 'testkit', 'fixtures', 'sign-v2-keys', 'team-rsa1024.pkcs8.pem'), 'utf8');
	const key = createPrivateKey(pem);
	// A fixed clock and nonce, so the signer signs exactly the message the bare variants sign.
	const signer = new SignV2Signer({ keyId: 'b30a5e0e135d42e6ab43b021a30b7987', privateKey: pem, now: () => 1674197059220, nonce: () => 1 });
	const addBundle: SignableRequest = { method: 'POST', path: '/cube/v4/sims/89000100010003125832/bundle', body: { bundle_id: 'LP09823222320', bundle_type: 10, cycles: 3 } };
	const sms100: SignableRequest = {
		method: 'POST',
		path: '/cube/v4/sms',
		body: { sim_ids: Array.from({ length: 100 }, (_, i) => String(89852022018041800000n + BigInt(i))), message: { type: 1, content: 'Reboot at 02:00 — 设备将在 02:00 重启' } },
	};
	const message = (r: SignableRequest) => Buffer.from(signV2Message({ path: r.path, timestamp: '1674197059220', nonce: '1', body: r.body }), 'utf8');
	const addBundleMessage = message(addBundle);
	const smsMessage = message(sms100);
	// An RSA sign takes tens of µs, so a window counts only thousands of them: longer windows and more rounds than the
	// HMAC figure, and operations per second of this process's CPU time, keep a busy machine's swings out of the ratio.
	const window = 500;
	const m = await interleaved(11, {
		addBundleSigner: () => opsPerCpuSecond(() => signer.sign(addBundle), window),
		addBundleBare: () => opsPerCpuSecond(() => rsaSign('sha1', addBundleMessage, key).toString('base64'), window),
		sms100Signer: () => opsPerCpuSecond(() => signer.sign(sms100), window),
		sms100Bare: () => opsPerCpuSecond(() => rsaSign('sha1', smsMessage, key).toString('base64'), window),
		addBundleBarePemPerCall: () => opsPerCpuSecond(() => rsaSign('sha1', addBundleMessage, pem).toString('base64'), window),
	});
	return {
		key: 'RSA 1024, PKCS#8',
		addBundle: { signaturesPerCpuSecond: Math.round(m.addBundleSigner), bareCryptoSignPerCpuSecond: Math.round(m.addBundleBare), costVsBareSign: round(m.addBundleBare / m.addBundleSigner) },
		sms100Sims: { signaturesPerCpuSecond: Math.round(m.sms100Signer), bareCryptoSignPerCpuSecond: Math.round(m.sms100Bare), costVsBareSign: round(m.sms100Bare / m.sms100Signer) },
		bareSignParsingPemPerCall: { perCpuSecond: Math.round(m.addBundleBarePemPerCall), costVsParsedKey: round(m.addBundleBare / m.addBundleBarePemPerCall) },
	};
}

/** Operations per second of CPU time this process spent running `fn` for `ms` of wall time. */
function opsPerCpuSecond(fn: () => unknown, ms: number): number {
	let n = 0;
	const cpu = process.cpuUsage();
	const end = performance.now() + ms;
	while (performance.now() < end) {
		for (let i = 0; i < 20; i++) fn();
		n += 20;
	}
	const used = process.cpuUsage(cpu);
	return n / ((used.user + used.system) / 1e6);
}
