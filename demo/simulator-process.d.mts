export interface SimulatorProcess {
	/** Base URL, e.g. http://127.0.0.1:8787 */
	url: string;
	/** The admin API under /_sim. */
	admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
	stop(): Promise<void>;
}
/** Starts `cube-simulator --port 0 …args` from the build; `echo` copies its banner to stdout. */
export declare function startSimulatorProcess(args?: string[], options?: { echo?: boolean }): Promise<SimulatorProcess>;
