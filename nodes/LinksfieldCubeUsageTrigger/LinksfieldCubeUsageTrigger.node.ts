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
import { cubeClientFor } from '../LinksfieldCube/client';
import { toNodeError } from '../LinksfieldCube/node-errors';
import { concurrencyProperty, ratePerSecondProperty } from '../LinksfieldCube/properties';
import { crossings, isOver, type FiredState, type ThresholdRule, type Usage } from './threshold';

async function watchedIccids(ctx: IPollFunctions, client: CubeClient): Promise<string[]> {
	if (ctx.getNodeParameter('sims', 'list') === 'list') return iccidsFromText(ctx.getNodeParameter('device_ids', ''));
	const inUse = (await client.getSimsInUse()) ?? [];
	// syncAssetInfo names the ICCID `assetId` (spec §6.1.3).
	return inUse.map((sim) => String(sim.assetId ?? '')).filter((iccid) => iccid !== '');
}

export class LinksfieldCubeUsageTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Linksfield Cube Usage Trigger',
		name: 'linksfieldCubeUsageTrigger',
		icon: { light: 'file:../icons/linksfieldCube.svg', dark: 'file:../icons/linksfieldCube.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["metric"] === "percentUsed" ? $parameter["threshold"] + "% used" : "remaining ≤ " + $parameter["threshold"] }}',
		description: 'Starts the workflow once per SIM when its data usage crosses a threshold',
		defaults: { name: 'Linksfield Cube Usage Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'linksfieldCubeApi', required: true, testedBy: 'linksfieldCubeApiTest' }],
		properties: [
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
				options: [
					concurrencyProperty(getOperation('usage.getMany').concurrency!),
					ratePerSecondProperty('each poll'),
				],
			},
		],
	};

	/** The credential's Test (n8n looks it up through `testedBy` on any node that uses the credential). */
	methods = { credentialTest: { linksfieldCubeApiTest } };

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const rule: ThresholdRule = { metric: this.getNodeParameter('metric') === 'remaining' ? 'remaining' : 'percentUsed', value: Number(this.getNodeParameter('threshold', 80)) };
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const client = await cubeClientFor(this).catch((error: unknown) => {
			throw toNodeError(this.getNode(), error, 0);
		});
		try {
			const iccids = await watchedIccids(this, client);
			if (iccids.length === 0) {
				// A test run with nothing to show should say why instead of looking broken.
				if (this.getMode() === 'manual') throw new NodeOperationError(this.getNode(), 'No SIMs to watch: the ICCID list is empty, or no SIM has a plan in use');
				return null;
			}
			const result = await execute(client, 'usage.getMany', { device_ids: iccids }, {
				concurrency: options.concurrency === undefined ? undefined : Number(options.concurrency),
				ratePerSecond: Number(options.ratePerSecond ?? 0) || undefined,
			});
			const results = result.kind === 'many' ? result.results : [];
			const usages = results.flatMap((r) => (r.ok ? [r.data as Usage] : []));
			const firstError = results.find((r) => !r.ok);
			// Some SIMs failing is left to the next poll; all of them failing is a problem to show.
			if (usages.length === 0 && firstError && !firstError.ok) throw firstError.error;
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
