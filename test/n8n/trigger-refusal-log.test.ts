import type { IWebhookFunctions } from 'n8n-workflow';
import { LinksfieldCubeTrigger } from '../../nodes/LinksfieldCubeTrigger/LinksfieldCubeTrigger.node';

/**
 * The webhook trigger's log under a flood of forged callbacks: anyone can POST to its URL, so the refusals are
 * counted into a line a minute at most instead of a line each (1,500 a second filled the log before).
 */

const WARNING = { devices: [{ deviceId: '89852022018041800192', warningCode: '1', expireTime: '' }] };

function forgedCall(workflowId: string, warnings: string[], body = JSON.stringify(WARNING)): IWebhookFunctions {
	const res = { status: () => res, json: () => res };
	return {
		getCredentials: async () => ({ notificationSecret: 'trigger-log-notification-secret' }),
		getNodeParameter: () => [],
		getNode: () => ({ id: 'trigger-1', name: 'Linksfield Callbacks' }),
		getWorkflow: () => ({ id: workflowId }),
		getRequestObject: () => ({ method: 'POST', rawBody: Buffer.from(body) }),
		getBodyData: () => JSON.parse(body),
		getHeaderData: () => ({ 'x-lf-md5': 'AAAAAAAAAAAAAAAAAAAAAA==' }),
		getResponseObject: () => res,
		logger: { warn: (message: string) => warnings.push(message), info: () => undefined, debug: () => undefined, error: () => undefined },
	} as unknown as IWebhookFunctions;
}

test('2,000 forged callbacks in a burst: one log line; a new kind of refusal is logged with the count held back', async () => {
	const trigger = new LinksfieldCubeTrigger();
	const warnings: string[] = [];
	for (let i = 0; i < 2000; i++) {
		const answer = await trigger.webhook.call(forgedCall('wf-flood', warnings));
		expect(answer).toEqual({ noWebhookResponse: true });
	}
	expect(warnings).toEqual(['Linksfield Cube Trigger refused a callback (401: bad-signature)']);
	await trigger.webhook.call(forgedCall('wf-flood', warnings, '{"devices":'));
	expect(warnings[1]).toMatch(/^Linksfield Cube Trigger refused 2000 callbacks in the last \d+ s, the latest 400: invalid-json \(refused callbacks are logged once a minute at most\)$/);
});
