import type { Node } from './node-red-api';

type Translate = (key: string, substitutions?: Record<string, unknown>) => string;
type NodeStatus = Parameters<Node['status']>[0];

/**
 * How often a passing state (requests in flight, a fan-out's progress) is shown at most: every node.status goes
 * to the open editors and the flow's Status nodes, with its text through Node-RED's i18n, and twice per message
 * that was the node's largest cost in a CPU profile of the Node-RED bench. A state the node comes to rest in
 * (done, failed) is shown at once.
 */
export const PASSING_STATE_INTERVAL_MS = 100;

/**
 * The action node's status: blue "requesting (n)" while n requests of this node are in flight, progress of
 * a fan-out, green when the last one succeeded, red ring with the vendor code (else the kind of failure) when one failed.
 */
export class RequestStatus {
	private inFlight = 0;
	private shownAt = -Infinity;
	/** The latest passing state not shown yet, worked out when it is shown (its text then says the count of that moment). */
	private pending: (() => NodeStatus) | undefined;
	private timer: ReturnType<typeof setTimeout> | undefined;

	constructor(
		private readonly node: Node,
		private readonly t: Translate,
	) {}

	begin(): void {
		this.inFlight++;
		this.passing(() => this.requesting());
	}

	progress(done: number, total: number): void {
		const status = (): NodeStatus => ({ fill: 'blue', shape: 'ring', text: this.t('linksfield-cube.status.progress', { done, total }) });
		// The sweep's end is always shown; the SIMs before it at the pace of passing states.
		if (done >= total) this.show(status());
		else this.passing(status);
	}

	succeeded(text?: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		if (this.inFlight > 0) this.passing(() => this.requesting());
		else this.show({ fill: 'green', shape: 'dot', text: text ?? this.t('linksfield-cube.status.ok') });
	}

	/** Some items of a fan-out failed: the message went out, but not everything is fine. */
	partial(text: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.show({ fill: 'yellow', shape: 'ring', text });
	}

	failed(code: string): void {
		this.inFlight = Math.max(0, this.inFlight - 1);
		this.show({ fill: 'red', shape: 'ring', text: code });
	}

	clear(): void {
		this.inFlight = 0;
		this.show({});
	}

	private requesting(): NodeStatus {
		return { fill: 'blue', shape: 'dot', text: this.t('linksfield-cube.status.requesting', { count: this.inFlight }) };
	}

	/** Shown now if the last status is old enough, else the latest one at the end of the interval. */
	private passing(status: () => NodeStatus): void {
		const wait = this.shownAt + PASSING_STATE_INTERVAL_MS - Date.now();
		if (wait <= 0 && !this.timer) return this.show(status());
		this.pending = status;
		if (this.timer) return;
		this.timer = setTimeout(() => {
			const latest = this.pending;
			this.timer = this.pending = undefined;
			if (latest) this.show(latest());
		}, wait);
		// A status is no reason to keep a process alive (a test's, a stopping runtime's).
		this.timer.unref?.();
	}

	private show(status: NodeStatus): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = this.pending = undefined;
		this.shownAt = Date.now();
		this.node.status(status);
	}
}
