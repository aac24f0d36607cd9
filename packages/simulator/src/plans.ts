/**
 * The plan catalogue the simulator sells. Data volumes are in MB — the same unit the usage endpoint returns
 * (the vendor never documents its unit, spec §6.2.1; MB is the simulator's choice). Two plans are the
 * vendor's own examples (spec §6.3.2 and §6.5.1), so the spec's request examples work as they are.
 */

export interface Plan {
	code: string;
	name: string;
	/** 0 unlimited daily, 1 daily, 2 monthly, 3 three months, 4 six months, 5 yearly (spec §6.3). */
	type: '0' | '1' | '2' | '3' | '4' | '5';
	/** High-speed data per period, MB. */
	volumeMb: number;
	/** Price per period, two decimals. */
	price: string;
}

export const PERIOD_DAYS: Record<Plan['type'], number> = { '0': 1, '1': 1, '2': 30, '3': 90, '4': 180, '5': 365 };

export const PLANS: Plan[] = [
	{ code: 'DP20190726001274', name: 'C_M_0_P_中国20M不限速月套餐', type: '2', volumeMb: 20, price: '5.00' },
	{ code: 'DP20201218003915', name: 'T_T_T_0_P_S_中国100G/365天套餐', type: '1', volumeMb: 102400, price: '199.00' },
	{ code: 'DP20230101000001', name: '全球1GB月套餐 Global 1GB Monthly', type: '2', volumeMb: 1024, price: '12.00' },
	{ code: 'DP20230101000002', name: '中国大陆3GB季度套餐', type: '3', volumeMb: 3072, price: '30.00' },
	{ code: 'DP20230101000003', name: '亚太10GB半年套餐 APAC 10GB 6 Months', type: '4', volumeMb: 10240, price: '88.00' },
	{ code: 'DP20230101000004', name: '全球50GB年套餐', type: '5', volumeMb: 51200, price: '360.00' },
	{ code: 'DP20230101000005', name: '中国日套餐500MB Daily', type: '1', volumeMb: 500, price: '1.50' },
	{ code: 'DP20230101000006', name: '不限量日套餐 Unlimited Daily', type: '0', volumeMb: 2048, price: '3.00' },
];

const BY_CODE = new Map(PLANS.map((p) => [p.code, p]));

export const findPlan = (code: string) => BY_CODE.get(code);

/** The plan most SIMs of a generated fleet run on. */
export const DEFAULT_PLAN = BY_CODE.get('DP20230101000001')!;
