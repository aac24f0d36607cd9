import { CallbackReceiver, type CubeEventType } from '@linksfield-cube/core';

interface Entry {
	receiver: CallbackReceiver;
	secret: string;
	filter: string;
}

/**
 * One CallbackReceiver per trigger node, kept between webhook calls so its de-duplication (x-lf-delivery ids and
 * signed contents) remembers earlier deliveries. Rebuilt when the secret or the event filter changes. Lives in this n8n
 * process: in queue mode each webhook process de-duplicates on its own.
 */
const receivers = new Map<string, Entry>();

export function receiverFor(nodeKey: string, secret: string, eventTypes: CubeEventType[]): CallbackReceiver {
	const filter = [...eventTypes].sort().join(',');
	const entry = receivers.get(nodeKey);
	if (entry && entry.secret === secret && entry.filter === filter) return entry.receiver;
	const receiver = new CallbackReceiver({ secret, eventTypes });
	receivers.set(nodeKey, { receiver, secret, filter });
	return receiver;
}
