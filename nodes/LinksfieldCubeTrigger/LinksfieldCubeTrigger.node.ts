import {
	NodeConnectionTypes,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';
import { EVENT_TYPES, type CubeEventType, type ReceiveResult } from '@linksfield-cube/core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { linksfieldCubeKeyPairApiTest } from '../../credentials/key-pair-test';
import { KEY_PAIR_CREDENTIAL_TYPE } from '../../credentials/key-pair-settings';
import { apiProperties } from '../LinksfieldCube/properties';
import { CREDENTIAL_TYPE } from '../LinksfieldCube/transport';
import { receiverFor } from './callback-receivers';

const ALL_EVENTS = '*';

/** What the vendor gets back for an accepted callback; its expected answer is not documented (spec §7.1). */
const ACCEPTED = { code: '0000', message: 'received', success: true };

export class LinksfieldCubeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linksfield Cube Trigger',
		name: 'linksfieldCubeTrigger',
		icon: { light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' },
		group: ['trigger'],
		// 2: the API parameter, whose default is the current API; version-1 nodes keep the legacy API.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["api"] === "current" ? "current API" : $parameter["events"].join(", ") }}',
		description: 'Starts the workflow when Linksfield calls back: usage warnings, order status changes, SMS from SIMs',
		defaults: { name: 'Linksfield Cube Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } },
			{ name: KEY_PAIR_CREDENTIAL_TYPE, required: true, testedBy: 'linksfieldCubeKeyPairApiTest', displayOptions: { show: { api: ['current'] } } },
		],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'linksfield-cube' }],
		properties: [
			...apiProperties(),
			{
				displayName:
					'Give this node\'s Production URL to Linksfield as your notification URL (Cube portal). Notifications are verified with the credential\'s Notification Key ID and Notification Key (x-lf-signature); unsigned, forged or stale ones (x-lf-timestamp more than 10 minutes from this machine\'s clock) are answered 401 and start nothing. A redelivery of the same signed content is acknowledged and starts nothing; each item\'s eventId stays the same for the same notification.',
				name: 'currentNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { api: ['current'] } },
			},
			{
				displayName:
					'Linksfield has no API to register callback URLs: give this node\'s Production URL to your Linksfield contact and ask them to send your callbacks there. Callbacks are verified with the credential\'s Notification Secret; unsigned or forged ones are answered 401 and start nothing. Redeliveries (the same x-lf-delivery, or the same signed content within 24 hours) are acknowledged and start nothing; each item\'s eventId stays the same for the same callback, for de-duplicating across n8n processes.',
				name: 'registrationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { api: ['legacy'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				required: true,
				default: [ALL_EVENTS],
				description: 'Which callbacks start the workflow; the others are acknowledged and dropped',
				// The current API's event catalogue is not documented: every verified notification starts the workflow.
				displayOptions: { show: { api: ['legacy'] } },
				options: [
					{ name: 'All Events', value: ALL_EVENTS, description: 'Every verified callback' },
					// Alphabetical, as n8n lists options; "All Events" sorts first anyway.
					...EVENT_TYPES.map((e) => ({ name: e.name, value: e.value, description: e.description })).sort((a, b) => a.name.localeCompare(b.name)),
				],
			},
		],
	};

	/**
	 * There is nothing to register with the vendor, so these only note which URL the user should have given
	 * to Linksfield. They never claim a remote registration happened.
	 */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const noted = this.getWorkflowStaticData('node').callbackUrl;
				return noted !== undefined && noted === this.getNodeWebhookUrl('default');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				this.getWorkflowStaticData('node').callbackUrl = this.getNodeWebhookUrl('default');
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				delete this.getWorkflowStaticData('node').callbackUrl;
				return true;
			},
		},
	};

	/** The credential's Test (n8n looks it up through `testedBy` on any node that uses the credential). */
	methods = { credentialTest: { linksfieldCubeApiTest, linksfieldCubeKeyPairApiTest } };

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const current = this.getNodeParameter('api', 'legacy') === 'current';
		const node = this.getNode();
		const nodeKey = `${this.getWorkflow().id}:${node.id}`;
		let receiver;
		if (current) {
			const credentials = await this.getCredentials(KEY_PAIR_CREDENTIAL_TYPE);
			receiver = receiverFor(nodeKey, '', [], { keyId: String(credentials.notificationKeyId ?? ''), key: String(credentials.notificationSecretKey ?? '') });
		} else {
			const credentials = await this.getCredentials(CREDENTIAL_TYPE);
			const events = (this.getNodeParameter('events', []) as string[]) ?? [];
			const eventTypes = events.includes(ALL_EVENTS) ? [] : (events as CubeEventType[]);
			receiver = receiverFor(nodeKey, String(credentials.notificationSecret ?? ''), eventTypes);
		}

		const req = this.getRequestObject() as ReturnType<IWebhookFunctions['getRequestObject']> & { rawBody?: Buffer };
		// The digest is checked over the body as received; n8n keeps the raw bytes for webhooks.
		const rawBody = req.rawBody ?? JSON.stringify(this.getBodyData());
		const result = receiver.receive(req.method, rawBody, this.getHeaderData());

		if (result.status !== 200) {
			// Anyone can POST here: the receiver says when to log, one line a minute at most with the count.
			if (result.log) this.logger.warn(refusalLine(result.log));
			this.getResponseObject().status(result.status).json({ code: String(result.status), message: result.reason, success: false });
			return { noWebhookResponse: true };
		}
		if (result.events.length === 0) {
			// A duplicate delivery or a filtered-out event: acknowledged so the vendor does not resend it.
			this.getResponseObject().status(200).json({ ...ACCEPTED, message: result.reason ?? 'ignored' });
			return { noWebhookResponse: true };
		}
		// Answered here too: with only `webhookResponse`, n8n 2.40 answers an onReceived webhook with the text of
		// its responseData default ("firstEntryJson") instead of the acknowledgement.
		this.getResponseObject().status(200).json(ACCEPTED);
		return {
			noWebhookResponse: true,
			workflowData: [result.events.map((event) => ({ json: event as unknown as IDataObject }))],
		};
	}
}

function refusalLine(log: NonNullable<ReceiveResult['log']>): string {
	if (log.count === 1) return `Linksfield Cube Trigger refused a callback (${log.status}: ${log.reason})`;
	const seconds = Math.round((log.sinceMs ?? 0) / 1000);
	return `Linksfield Cube Trigger refused ${log.count} callbacks in the last ${seconds} s, the latest ${log.status}: ${log.reason} (refused callbacks are logged once a minute at most)`;
}
