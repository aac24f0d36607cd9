// Types for queue-deployment.mjs (hand-written; keep in step with it).
import type { N8nServer } from '../../n8n/harness/n8n-runtime.mjs';
import type { PostgresServer, RedisServer } from './queue-services.mjs';

export interface QueueDeployment {
  /** the one N8N_USER_FOLDER of every process (queue-mode settings stored in it) */
  userDir: string;
  pg: PostgresServer;
  redis: RedisServer;
  main: N8nServer;
  webhook: N8nServer;
  workers: N8nServer[];
  /** main first, then the webhook processor and the workers */
  start(opts?: { workers?: number; workerConcurrency?: number; mainEnv?: Record<string, string> }): Promise<QueueDeployment>;
  /** `n8n worker --concurrency=<n>` (default 1) */
  startWorker(concurrency?: number): Promise<N8nServer>;
  /** the main stopped and started again on its port */
  restartMain(mainEnv?: Record<string, string>): Promise<N8nServer>;
  stop(): Promise<void>;
}

/** Postgres + Redis started, a user folder set for queue mode; install, import and publish, then start() */
export declare function prepareQueueDeployment(opts?: { env?: Record<string, string> }): Promise<QueueDeployment>;
