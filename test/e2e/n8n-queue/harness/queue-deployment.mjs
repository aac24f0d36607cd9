// An n8n queue-mode deployment as n8n documents it, on this machine: PostgreSQL + Redis (./queue-services.mjs),
// one main (`n8n start`, EXECUTIONS_MODE=queue), workers (`n8n worker`) and a webhook processor (`n8n webhook`),
// every process on ONE user folder, so they share the encryption key and the community packages installed in
// it (<folder>/.n8n/nodes). The n8n processes come from the n8n harness (../../n8n/harness/n8n-runtime.mjs).
// Plain Node ESM, no dependencies, Node 20.

import { createUserDir, removeUserDir, startN8n } from '../../n8n/harness/n8n-runtime.mjs';
import { startPostgres, startRedis } from './queue-services.mjs';

/** The settings every process of the deployment shares (n8n's queue-mode variables, checked in @n8n/config 2.40.7). */
function queueEnv(pg, redis) {
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

/**
 * Postgres and Redis started, a user folder configured for queue mode. Install the package, import and publish
 * workflows into `userDir` (the CLI helpers work on it as on any folder), then call `start()`.
 * @param {{ env?: Record<string,string> }} [opts] extra environment for every process
 */
export async function prepareQueueDeployment(opts = {}) {
  const pg = await startPostgres();
  let redis;
  try {
    redis = await startRedis();
  } catch (e) {
    await pg.stop();
    throw e;
  }
  const userDir = createUserDir({ prefix: 'lf-n8n-queue-', env: { ...queueEnv(pg, redis), ...(opts.env || {}) } });
  const deployment = {
    userDir,
    pg,
    redis,
    main: null,
    webhook: null,
    /** @type {Array<Awaited<ReturnType<typeof startN8n>>>} */
    workers: [],
    /**
     * Starts the main first (it runs the migrations and activates the published workflows), then the
     * webhook processor and `workers` workers in parallel.
     * @param {{ workers?: number, workerConcurrency?: number, mainEnv?: Record<string,string> }} [o]
     */
    async start(o = {}) {
      deployment.main = await startN8n(userDir, 0, { env: o.mainEnv });
      const [webhook, ...workers] = await Promise.all([
        startN8n(userDir, 0, { command: 'webhook' }),
        ...Array.from({ length: o.workers ?? 2 }, () => deployment.startWorker(o.workerConcurrency)),
      ]);
      deployment.webhook = webhook;
      deployment.workers = workers;
      return deployment;
    },
    /** One more `n8n worker --concurrency=<n>` (default 1: one execution at a time). */
    startWorker(concurrency = 1) {
      return startN8n(userDir, 0, { command: 'worker', args: [`--concurrency=${concurrency}`] });
    },
    /** Stops the main and starts it again on the same port (the others keep running). */
    async restartMain(mainEnv) {
      const port = deployment.main.port;
      await deployment.main.stop();
      deployment.main = await startN8n(userDir, port, { env: mainEnv });
      return deployment.main;
    },
    /** Everything stopped, the user folder and the data folders deleted. */
    async stop() {
      const n8n = [deployment.main, deployment.webhook, ...deployment.workers].filter(Boolean);
      await Promise.all(n8n.map((p) => p.stop()));
      await Promise.all([pg.stop(), redis.stop()]);
      removeUserDir(userDir);
    },
  };
  return deployment;
}
