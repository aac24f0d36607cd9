import { CallbackReceiver, currentNotificationVerifier, type CubeEventType, type NotificationVerifier } from '@linksfield-cube/core';

interface Entry {
	receiver: CallbackReceiver;
	settings: string;
}

/** The current API's notification key (key-pair credential), when the trigger is set to that API. */
export interface CurrentNotificationKey {
	keyId: string;
	key: string;
}

/** A key id or key that is missing or malformed: every notification is refused (401), as without a legacy secret. */
const refuseAll: NotificationVerifier = () => ({ ok: false, reason: 'missing-key' });

function currentVerifier(key: CurrentNotificationKey): NotificationVerifier {
	try {
		return currentNotificationVerifier({ keyId: key.keyId, key: key.key });
	} catch {
		return refuseAll;
	}
}

/**
 * One CallbackReceiver per trigger node, kept between webhook calls so its de-duplication (x-lf-delivery ids and
 * signed contents) remembers earlier deliveries. Rebuilt when the secret, the notification key or the event filter
 * changes. Lives in this n8n process: in queue mode each webhook process de-duplicates on its own. The current API's
 * notifications are checked by the core's x-lf-signature verifier, hosted by the same receiver.
 */
const receivers = new Map<string, Entry>();

export function receiverFor(nodeKey: string, secret: string, eventTypes: CubeEventType[], current?: CurrentNotificationKey): CallbackReceiver {
	const filter = [...eventTypes].sort().join(',');
	// Compared, never logged or returned.
	const settings = JSON.stringify([secret, filter, current?.keyId ?? null, current?.key ?? null]);
	const entry = receivers.get(nodeKey);
	if (entry && entry.settings === settings) return entry.receiver;
	const receiver = new CallbackReceiver({ secret, eventTypes, ...(current ? { verify: currentVerifier(current) } : {}) });
	receivers.set(nodeKey, { receiver, settings });
	return receiver;
}
