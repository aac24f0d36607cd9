import { checkSigning } from '../src/signing/legacy/signing-check';
import type { Transport } from '../src/transport/transport';

const refused: Transport = async () => {
	throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
};

describe('checkSigning without a usable answer', () => {
	test.each(['en-US', 'zh-CN'] as const)('%s: one sentence end after the answer, not two', async (language) => {
		const report = await checkSigning({ baseUrl: 'http://127.0.0.1:9', accessCode: 'P000270', secret: 'check-test-secret', language, retry: { retries: 0 }, sleep: async () => undefined, transport: refused });
		expect(report.ok).toBe(false);
		expect(report.summary).toMatch(language === 'en-US' ? /^No usable answer from the API: .*connection failed/ : /^API 没有可用的应答:.*connection failed/);
		expect(report.summary).not.toMatch(/\.\.|\.。/);
	});
});
