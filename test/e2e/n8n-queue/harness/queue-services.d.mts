// Types for queue-services.mjs (hand-written; keep in step with it).

export interface PostgresServer {
  host: string;
  port: number;
  user: string;
  database: string;
  dir: string;
  log(): string;
  /** stops the server and deletes its data folder */
  stop(): Promise<void>;
}

export interface RedisServer {
  host: string;
  port: number;
  dir: string;
  log(): string;
  stop(): Promise<void>;
}

/** apt-installs Debian's postgresql / redis-server when missing (root), once per machine at a time */
export declare function ensureQueueServices(): Promise<{ postgresBin: string; redisServer: string }>;
export declare function startPostgres(): Promise<PostgresServer>;
export declare function startRedis(): Promise<RedisServer>;
