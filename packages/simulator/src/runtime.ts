import { Callbacks, orderStatusBody, usageWarningBody } from './callbacks';
import { Faults } from './faults';
import type { ResolvedOptions } from './options';
import { RateLimiter } from './rate-limit';
import { RequestLog } from './request-log';
import { createState } from './seeds';
import type { State } from './state';

/** The live parts of one simulator; the admin API and the HTTP front both work on it. */
export class Runtime {
	state!: State;
	readonly faults: Faults;
	readonly callbacks: Callbacks;
	readonly limiter: RateLimiter;
	readonly log: RequestLog;
	readonly secrets: Map<string, string>;
	seed: string;
	randomSeed: number;

	constructor(readonly options: ResolvedOptions) {
		this.seed = options.seed;
		this.randomSeed = options.randomSeed;
		this.faults = new Faults(options.randomSeed);
		this.faults.set(options.faults);
		this.callbacks = new Callbacks({ url: options.callbackUrl, secret: options.notificationSecret, retries: options.callbackRetries, historySize: options.historySize });
		this.limiter = new RateLimiter(options.rateLimit);
		this.log = new RequestLog(options.historySize);
		this.secrets = new Map(options.accounts.map((a) => [a.accessCode, a.secret]));
		this.loadState(options.startTime);
	}

	/** A fresh data set; state changes become callbacks. */
	loadState(startTime = Math.floor(this.options.now() / 1000) * 1000): void {
		this.state = createState(this.seed, this.randomSeed, startTime);
		this.state.listener = (event) => {
			if (event.kind === 'usageWarning') {
				// Big pushes go out in chunks, as one receiver request per 500 devices.
				for (let i = 0; i < event.devices.length; i += 500) this.callbacks.send('usageWarning', usageWarningBody(event.devices.slice(i, i + 500)));
			} else {
				this.callbacks.send('orderStatus', orderStatusBody(event.order, this.state.sims.get(event.order.iccid)!.imsi, event.operation));
			}
		};
	}

	/** The first account's code: the partner_code of SMS MO callbacks. */
	get partnerCode(): string {
		return this.options.accounts[0].accessCode;
	}
}
