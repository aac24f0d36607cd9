import type { SignV2Settings } from '@linksfield-cube/core';
import type { ClientLimits } from './client-limits';
import type { ApiKey } from './keys';
import type { NotificationKey } from './notifications';

/** Options of the current API (startSimulator's `current`); the CLI flags map onto them. */
export interface CurrentOptions {
	/** API keys whose sign v2 signatures are accepted (`--key KEY_ID:PUBLIC_KEY.pem`). */
	keys?: ApiKey[];
	/** Accept the demo key pair too. Default: only when no `keys` are given. */
	demoKey?: boolean;
	/** Folder of the demo key pair (`--state-dir`). Default: linksfield-cube-simulator in the OS temp folder. */
	stateDir?: string;
	/** Notification key id and key (`--notification-key ID:KEY`). Default test-key-id / test-notification-key. */
	notificationKey?: NotificationKey;
	/** Where notifications are POSTed (`--notification-url`); none = recorded, not sent. */
	notificationUrl?: string;
	/** Real-time delay before an asynchronous write's job runs, ms (`--async-delay`). Default 1000. */
	asyncDelayMs?: number;
	/** Per-IP limits (`--ip-rate-limit`, `--ip-concurrency`, `--daily-quota`); 0 = off. Default 10 / 3 / 5000. */
	limits?: ClientLimits;
	/** Usage percentages that raise a usage notification. Default [80, 100]. */
	usageThresholds?: number[];
	/** Sign v2's open points (spec §2.1), as the client's signer has them. Default: keep spaces, raw UTF-8. */
	signing?: SignV2Settings;
}

export const DEFAULT_ASYNC_DELAY_MS = 1000;
