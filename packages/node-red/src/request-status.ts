import type { Node } from './node-red-api';

type Translate = (key: string, substitutions?: Record<string, unknown>) => string;

/**
 * The action node's status: blue "requesting (n)" while n requests of this node are in flight, progress of
 * a fan-out, green when the last one succeeded, red ring with the vendor code (else the kind of failure) when one failed.
 */
export class RequestStatus {
	private inFlight = 0;

	constructor(
		private readonly node: Node,
		private readonly t: Translate,
	) {}

	begin(): void {
		this.inFlight++;
		this.showRequesting();
	}

	progress(done: number, total: number): void {
		this.node.status({ fill: 'blue', shape: 'ring', text: this.t('linksfield-cube.status.progress', { done, total }) });
	}

	succeeded(text?: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.inFlight > 0) this.showRequesting();
		else this.node.status({ fill: 'green', shape: 'dot', text: text ?? this.t('linksfield-cube.status.ok') });
	}

	/** Some items of a fan-out failed: the message went out, but not everything is fine. */
	partial(text: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.node.status({ fill: 'yellow', shape: 'ring', text });
	}

	failed(code: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.node.status({ fill: 'red', shape: 'ring', text: code });
	}

	clear(): void {
		this.inFlight = 0;
		this.node.status({});
	}

	private showRequesting(): void {
		this.node.status({ fill: 'blue', shape: 'dot', text: this.t('linksfield-cube.status.requesting', { count: this.inFlight }) });
	}
}
