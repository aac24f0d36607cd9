// An n8n queue-mode deployment as n8n documents it, on this machine: PostgreSQL + Redis (queue-services.ts),
// one main (`n8n start`, EXECUTIONS_MODE=queue), workers (`n8n worker`) and a webhook processor (`n8n webhook`),
// every process on ONE user folder, so they share the encryption key and the community packages installed in
// it (<folder>/.n8n/nodes).

import { createUserDir, removeUserDir, startN8n, type N8nServer } from './n8n-runtime';
import { startPostgres, startRedis, type PostgresServer, type RedisServer } from './queue-services';

/** The settings every process of the deployment shares (n8n's queue-mode variables, checked in @n8n/config 2.40.7). */
function queueEnv(pg: PostgresServer, redis: RedisServer): Record<string, string> {
	return {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: redis.host,
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: pg.host,
		DB_POSTGRESDB_PORT: String(pg.port),
		DB_POSTGRESDB_DATABASE: pg.database,
		DB_POSTGRESDB_USER: pg.user,
		DB_POSTGRESDB_PASSWORD: '',
		// workers send progress and results back to the main through Redis; the main lists them from the DB
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		EXECUTIONS_DATA_SAVE_ON_ERROR: 'all',
	};
}

export interface QueueDeployment {
	/** the one N8N_USER_FOLDER of every process (queue-mode settings stored in it) */
	userDir: string;
	pg: PostgresServer;
	redis: RedisServer;
	/** set by start() */
	main: N8nServer;
	webhook: N8nServer;
	workers: N8nServer[];
	/** main first (it runs the migrations and activates the published workflows), then the webhook processor and the workers */
	start(opts?: { workers?: number; workerConcurrency?: number; mainEnv?: Record<string, string> }): Promise<QueueDeployment>;
	/** `n8n worker --concurrency=<n>` (default 1: one execution at a time) */
	startWorker(concurrency?: number): Promise<N8nServer>;
	/** the main stopped and started again on its port (the others keep running) */
	restartMain(mainEnv?: Record<string, string>): Promise<N8nServer>;
	/** everything stopped, the user folder and the data folders deleted */
	stop(): Promise<void>;
}

/**
 * Postgres and Redis started, a user folder configured for queue mode. Install the package, import and publish
 * workflows into `userDir` (the CLI helpers work on it as on any folder), then call `start()`. `env` goes to
 * every process.
 */
export async function prepareQueueDeployment(opts: { env?: Record<string, string> } = {}): Promise<QueueDeployment> {
	const pg = await startPostgres();
	let redis: RedisServer;
	try {
		redis = await startRedis();
	} catch (e) {
		await pg.stop();
		throw e;
	}
	const userDir = createUserDir({ prefix: 'lf-n8n-queue-', env: { ...queueEnv(pg, redis), ...(opts.env || {}) } });
	let main: N8nServer | undefined;
	let webhook: N8nServer | undefined;
	let workers: N8nServer[] = [];
	const started = <T>(s: T | undefined): T => {
		if (!s) throw new Error('the queue deployment is not started yet: call start()');
		return s;
	};
	const deployment: QueueDeployment = {
		userDir,
		pg,
		redis,
		get main() {
			return started(main);
		},
		get webhook() {
			return started(webhook);
		},
		get workers() {
			return workers;
		},
		async start(o = {}) {
			main = await startN8n(userDir, 0, { env: o.mainEnv });
			const [wh, ...ws] = await Promise.all([
				startN8n(userDir, 0, { command: 'webhook' }),
				...Array.from({ length: o.workers ?? 2 }, () => deployment.startWorker(o.workerConcurrency)),
			]);
			webhook = wh;
			workers = ws;
			return deployment;
		},
		startWorker(concurrency = 1) {
			return startN8n(userDir, 0, { command: 'worker', args: [`--concurrency=${concurrency}`] });
		},
		async restartMain(mainEnv) {
			const port = started(main).port;
			await started(main).stop();
			main = await startN8n(userDir, port, { env: mainEnv });
			return main;
		},
		async stop() {
			await Promise.all([main, webhook, ...workers].filter((p): p is N8nServer => !!p).map((p) => p.stop()));
			await Promise.all([pg.stop(), redis.stop()]);
			removeUserDir(userDir);
		},
	};
	return deployment;
}
