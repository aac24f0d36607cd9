import { readFileSync } from 'node:fs';
import type { RunningSimulator } from '../server';
import { DEFAULT_CLIENT_LIMITS, type ClientLimits } from './client-limits';
import { DEFAULT_ASYNC_DELAY_MS, type CurrentOptions } from './current-options';
import { DEFAULT_NOTIFICATION_KEY } from './notifications';

/** The CLI flags of the current API, kept beside its options; cli.ts parses them with its own. */

export const CURRENT_FLAGS = ['key', 'demo-key', 'state-dir', 'notification-key', 'notification-url', 'async-delay', 'ip-rate-limit', 'ip-concurrency', 'daily-quota'];

/** Flags that take no value. */
export const CURRENT_SWITCHES = ['demo-key'];

export const CURRENT_HELP = `Current API (REST under /cube/v4, sign v2):
  --key <keyId:public.pem>   An API key id and its RSA public key (PEM); repeat for more. Without one,
                             a throw-away demo key pair is made at first start and its private key file printed
  --demo-key                 Accept the demo key pair as well as the --key ones
  --state-dir <dir>          Folder of the demo key pair (default: linksfield-cube-simulator in the OS temp folder)
  --notification-key <id:key>
                             Notification key id and key of the x-lf-signature (default ${DEFAULT_NOTIFICATION_KEY.keyId}:${DEFAULT_NOTIFICATION_KEY.key})
  --notification-url <url>   Where current-API notifications (usage alerts) are POSTed
  --async-delay <ms>         Delay before an asynchronous write's job runs (default ${DEFAULT_ASYNC_DELAY_MS})
  --ip-rate-limit <n>        Requests per second per client address, 429 beyond; 0 = off (default ${DEFAULT_CLIENT_LIMITS.perSecond})
  --ip-concurrency <n>       Requests in flight per client address, 429 beyond; 0 = off (default ${DEFAULT_CLIENT_LIMITS.concurrent})
  --daily-quota <n>          Requests per client address per UTC day, 429 beyond; 0 = off (default ${DEFAULT_CLIENT_LIMITS.dailyQuota})
`;

function whole(name: string, value: string | undefined): number | undefined {
	if (value === undefined) return undefined;
	if (!/^\d+$/.test(value)) throw new Error(`--${name} must be a whole number, got "${value}"`);
	return Number(value);
}

/** `name:rest` split at the first colon (a Windows path after it keeps its own). */
function pair(flag: string, value: string, shape: string): [string, string] {
	const at = value.indexOf(':');
	// Not echoed: a --notification-key without its id is the key alone.
	if (at <= 0 || at === value.length - 1) throw new Error(`--${flag} must be ${shape}`);
	return [value.slice(0, at), value.slice(at + 1)];
}

export function currentOptionsFromFlags(flags: Record<string, string[]>): CurrentOptions {
	const one = (name: string) => flags[name]?.[flags[name].length - 1];
	const keys = flags.key?.map((value) => {
		const [keyId, file] = pair('key', value, 'keyId:public-key.pem');
		return { keyId, publicKey: readFileSync(file) };
	});
	const notification = one('notification-key');
	const limits: ClientLimits = { perSecond: whole('ip-rate-limit', one('ip-rate-limit')), concurrent: whole('ip-concurrency', one('ip-concurrency')), dailyQuota: whole('daily-quota', one('daily-quota')) };
	const [notificationKeyId, notificationKey] = notification ? pair('notification-key', notification, 'keyId:key') : [];
	return {
		keys,
		demoKey: flags['demo-key'] ? true : undefined,
		stateDir: one('state-dir'),
		notificationKey: notificationKeyId && notificationKey ? { keyId: notificationKeyId, key: notificationKey } : undefined,
		notificationUrl: one('notification-url'),
		asyncDelayMs: whole('async-delay', one('async-delay')),
		limits,
	};
}

/** The start banner's lines about the current API: what a user pastes into a credential. */
export function currentBanner(sim: RunningSimulator, options: CurrentOptions = {}): string[] {
	const info = sim.admin.current.info();
	const notification = options.notificationKey ?? DEFAULT_NOTIFICATION_KEY;
	const given = info.keyIds.filter((id) => id !== info.demoKey?.keyId);
	return [
		`  Current API base URL: ${sim.url}/cube/v4   (sign v2)`,
		...given.map((id) => `  API key id:           ${id}   (--key)`),
		...(info.demoKey ? [`  Demo API key id:      ${info.demoKey.keyId}`, `  Demo private key:     ${info.demoKey.privateKeyPath}   (paste its content into the credential)`] : []),
		...(info.demoKeyError ? [`  Demo key pair:        not available (${info.demoKeyError})`] : []),
		`  Notification key:     ${notification.keyId} / ${notification.key}`,
		`  Notifications to:     ${info.notificationUrl ?? '(none: set --notification-url or PUT /_sim/current/notification-url)'}`,
		`  Per-IP limits:        ${info.limits.perSecond || '∞'}/s, ${info.limits.concurrent || '∞'} at once, ${info.limits.dailyQuota || '∞'} a day; async jobs after ${info.asyncDelayMs} ms`,
	];
}
