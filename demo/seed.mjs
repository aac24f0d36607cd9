// What both demos seed for the current API's headline flow: the legacy one runs first and its renewals take the demo
// fleet's SIMs at 90 % or more below it (both APIs read the same fleet), so the current one gets SIMs of its own.

/**
 * Sets n SIMs of the simulator's demo fleet at 95 % of their bundle in use, through its admin API (`sim.admin`
 * of startSimulatorProcess); SIMs without a bundle in use are passed over. Returns their ICCIDs.
 */
export async function nearlyOut(sim, n) {
	const iccids = [];
	for (let i = 154; i < 200 && iccids.length < n; i++) {
		const iccid = `89852022018041800${i}`;
		const order = await sim.admin('POST', '/usage', { iccid, usedMb: 0 }).catch(() => undefined);
		if (!order || !(Number(order.flow) > 0)) continue;
		await sim.admin('POST', '/usage', { iccid, usedMb: Math.ceil(Number(order.flow) * 0.95) });
		iccids.push(iccid);
	}
	return iccids;
}
