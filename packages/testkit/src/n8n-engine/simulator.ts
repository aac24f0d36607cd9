import { DEMO_ICCIDS, type RunningSimulator } from '@linksfield-cube/simulator';
import { TEST_ACCOUNT } from '../fixtures';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';


/** Credential data pointing at a running simulator (the default test account). */
export function credentialFor(sim: RunningSimulator, overrides: ICredentialDataDecryptedObject = {}): ICredentialDataDecryptedObject {
	return {
		environment: 'custom',
		baseUrl: sim.url,
		accessCode: TEST_ACCOUNT.accessCode,
		secret: TEST_ACCOUNT.secret,
		notificationSecret: TEST_ACCOUNT.notificationSecret,
		language: 'en-US',
		timestampUnit: 's',
		...overrides,
	};
}

/** The fields of the simulator's order record these tests read. */
export interface OrderView {
	orderCode: string;
	orderStatus: string;
	deviceId: string;
	renewCount: number;
}

export const ordersOf = (sim: RunningSimulator, iccid: string) => sim.admin.sim(iccid).orders as unknown as OrderView[];
export const orderView = (sim: RunningSimulator, orderId: string) => sim.admin.order(orderId) as unknown as OrderView;

/** The first demo SIM with an order in the given status code ("0" unenabled, "1" in use, …). */
export function findOrder(sim: RunningSimulator, status: string, exclude: string[] = []): OrderView {
	for (const iccid of DEMO_ICCIDS) {
		if (exclude.includes(iccid)) continue;
		const order = ordersOf(sim, iccid).find((o) => o.orderStatus === status);
		if (order) return order;
	}
	throw new Error(`no demo order in status ${status}`);
}

/** Every secret the tests use: none of them may show up in any output or error. */
export const SECRETS = [TEST_ACCOUNT.secret, TEST_ACCOUNT.notificationSecret];
