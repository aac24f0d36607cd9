import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
	type IPollFunctions,
} from 'n8n-workflow';
import { type CubeClient, execute, getOperation, iccidsFromText } from '@linksfield-cube/core';
import { linksfieldCubeApiTest } from '../../credentials/credential-test';
import { linksfieldCubeKeyPairApiTest } from '../../credentials/key-pair-test';
import { KEY_PAIR_CREDENTIAL_TYPE } from '../../credentials/key-pair-settings';
import { clientFor } from '../LinksfieldCube/client';
import { toNodeError } from '../LinksfieldCube/node-errors';
import { apiProperties, concurrencyProperty, ratePerSecondProperty, type Api } from '../LinksfieldCube/properties';
import { crossings, isOver, type FiredState, type ThresholdRule, type Usage } from './threshold';

async function watchedIccids(ctx: IPollFunctions, client: CubeClient): Promise<string[]> {
	if (ctx.getNodeParameter('sims', 'list') === 'list') return iccidsFromText(ctx.getNodeParameter('device_ids', ''));
	const inUse = (await client.getSimsInUse()) ?? [];
	// syncAssetInfo names the ICCID `assetId` (spec §6.1.3).
	return inUse.map((sim) => String(sim.assetId ?? '')).filter((iccid) => iccid !== '');
}

/**
 * Current API: the fleet's usage from SIM list pages, one request per 100 SIMs (the core's sweepUsage) — never one
 * request per SIM, which the daily quota forbids. An ICCID list is picked out of the pages; "all SIMs in use" are the
 * SIMs with a bundle in use.
 */
async function currentUsages(ctx: IPollFunctions, client: CubeClient): Promise<{ iccids: string[]; usages: Usage[] }> {
	const listed = ctx.getNodeParameter('sims', 'list') === 'list' ? iccidsFromText(ctx.getNodeParameter('device_ids', '')) : undefined;
	if (listed && listed.length === 0) return { iccids: [], usages: [] };
	const wanted = listed && new Set(listed);
	const { sims } = await client.sweepUsage();
	const usages = sims.filter((s) => s.iccid && (wanted ? wanted.has(s.iccid) : s.bundlesInUse > 0)) as unknown as Usage[];
	return { iccids: listed ?? usages.map((u) => u.iccid!), usages };
}

export class LinksfieldCubeUsageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linksfield Cube Usage Trigger',
		name: 'linksfieldCubeUsageTrigger',
		icon: { light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' },
		group: ['trigger'],
		// 2: the API parameter, whose default is the current API; version-1 nodes keep the legacy API.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["metric"] === "percentUsed" ? $parameter["threshold"] + "% used" : "remaining ≤ " + $parameter["threshold"] }}',
		description: 'Starts the workflow once per SIM when its data usage crosses a threshold',
		defaults: { name: 'Linksfield Cube Usage Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest', displayOptions: { show: { api: ['legacy'] } } },
			{ name: KEY_PAIR_CREDENTIAL_TYPE, required: true, testedBy: 'linksfieldCubeKeyPairApiTest', displayOptions: { show: { api: ['current'] } } },
		],
		properties: [
			...apiProperties(),
			{
				displayName: 'The current API reads usage from the SIM list, 100 SIMs a request, whichever SIMs are watched',
				name: 'currentNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { api: ['current'] } },
			},
			{
				displayName: 'SIMs',
				name: 'sims',
				type: 'options',
				default: 'list',
				options: [
					{ name: 'ICCID List', value: 'list', description: 'The SIMs listed below' },
					{ name: 'All SIMs in Use', value: 'inUse', description: 'Every SIM with a plan in use, listed again at each poll' },
				],
			},
			{
				displayName: 'ICCIDs',
				name: 'device_ids',
				type: 'string',
				typeOptions: { rows: 3 },
				default: '',
				required: true,
				placeholder: 'e.g. 89852022018041800192, 89852022018041800193',
				description: 'ICCIDs of the SIMs to watch, separated by commas or new lines',
				displayOptions: { show: { sims: ['list'] } },
			},
			{
				displayName: 'Trigger When',
				name: 'metric',
				type: 'options',
				default: 'percentUsed',
				options: [
					{ name: 'Percent Used Reaches', value: 'percentUsed', description: 'Used ÷ (used + remaining) × 100 is at least the threshold' },
					{ name: 'Remaining Falls To', value: 'remaining', description: 'Remaining data is at most the threshold, in the API\'s unit' },
				],
			},
			{
				displayName: 'Threshold',
				name: 'threshold',
				type: 'number',
				default: 80,
				typeOptions: { minValue: 0 },
				description: 'Percent, or remaining data in the unit the API reports (the vendor does not document it)',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add Option',
				default: {},
				// One request per SIM: the legacy API's way; the current API reads pages of 100.
				displayOptions: { show: { api: ['legacy'] } },
				options: [
					concurrencyProperty(getOperation('usage.getMany').concurrency!),
					ratePerSecondProperty('each poll'),
				],
			},
		],
	};

	/** The credential's Test (n8n looks it up through `testedBy` on any node that uses the credential). */
	methods = { credentialTest: { linksfieldCubeApiTest, linksfieldCubeKeyPairApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const rule: ThresholdRule = { metric: this.getNodeParameter('metric') === 'remaining' ? 'remaining' : 'percentUsed', value: Number(this.getNodeParameter('threshold', 80)) };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const api: Api = this.getNodeParameter('api', 'legacy') === 'current' ? 'current' : 'legacy';
		const client = await clientFor(this, api).catch((error: unknown) => {
			throw toNodeError(this.getNode(), error, 0);
		});
		try {
			let iccids: string[];
			let usages: Usage[];
			if (api === 'current') ({ iccids, usages } = await currentUsages(this, client));
			else {
				iccids = await watchedIccids(this, client);
				usages = [];
			}
			if (iccids.length === 0) {
				// A test run with nothing to show should say why instead of looking broken.
				if (this.getMode() === 'manual') throw new NodeOperationError(this.getNode(), 'No SIMs to watch: the ICCID list is empty, or no SIM has a plan in use');
				return null;
			}
			if (api === 'legacy') {
				const result = await execute(client, 'usage.getMany', { device_ids: iccids }, {
					concurrency: options.concurrency === undefined ? undefined : Number(options.concurrency),
					ratePerSecond: Number(options.ratePerSecond ?? 0) || undefined,
				});
				const results = result.kind === 'many' ? result.results : [];
				usages = results.flatMap((r) => (r.ok ? [r.data as Usage] : []));
				const firstError = results.find((r) => !r.ok);
				// Some SIMs failing is left to the next poll; all of them failing is a problem to show.
				if (usages.length === 0 && firstError && !firstError.ok) throw firstError.error;
			}
			const describe = (usage: Usage) => ({ json: { ...usage, threshold: { ...rule, crossed: isOver(usage, rule) } } as IDataObject });

			if (this.getMode() === 'manual') return usages.length ? [[describe(usages[0])]] : null;

			const staticData = this.getWorkflowStaticData('node');
			const { fire, fired } = crossings(usages, (staticData.fired as FiredState) ?? {}, rule, iccids);
			staticData.fired = fired as unknown as IDataObject;
			return fire.length ? [fire.map(describe)] : null;
		} catch (error) {
			throw toNodeError(this.getNode(), error, 0);
		} finally {
			client.close();
		}
	}
}
