/**
 * The catalog operations that CubeClient's named methods call (getUsage(), renewPlan(), queryAllOrders()…): the
 * client reads every operation's shape from its entry, and the ids it names live here, with the catalog.
 */
export const NAMED_OPERATIONS = {
	getUsage: 'usage.get',
	getUsageMany: 'usage.getMany',
	getSim: 'sim.get',
	getSimsInUse: 'sim.getInUse',
	renewPlan: 'plan.renew',
	orderPlan: 'plan.order',
	bulkOrderPlan: 'plan.bulkOrder',
	queryOrders: 'plan.getOrders',
} as const;

/** The current API's custom call (any method and path) has no catalog entry: this id labels its errors. */
export const CURRENT_CUSTOM_CALL = 'current.custom';
