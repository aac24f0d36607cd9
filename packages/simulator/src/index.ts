/** @linksfield-cube/simulator: a local Linksfield Cube API (old version) for demos, tests and benchmarks. */
export { startSimulator, ADMIN_PREFIX, type RunningSimulator } from './server';
export { SimulatorAdmin, ADMIN_ROUTES, type ClockStep, type FireCallback } from './admin';
export { DEFAULT_ACCOUNT, DEFAULT_NOTIFICATION_SECRET, DEFAULT_PORT, type Account, type SimulatorOptions } from './options';
export { CODES, CODE_TABLE, type Language } from './messages';
export { FAULT_KINDS, FAULT_PROFILES, type FaultKind, type FaultRule, type ActiveFault } from './faults';
export { PLANS, PERIOD_DAYS, type Plan } from './plans';
export { DEMO_ICCIDS, DEMO_EXAMPLE_ORDER, DEMO_SIMS, DEMO_PLAN_ORDER, DEMO_OTA_PLAN, MAX_FLEET } from './seeds';
export { CODE_OF_ORDER_STATUS, BUY_TYPE_CODES } from './state';
export { DAY, formatDate, parseDate } from './dates';
export type { Delivery, CallbackKind } from './callbacks';
export type { Counters, RequestRecord } from './request-log';
export type { RateLimit } from './rate-limit';
export type { OrderRecord } from './endpoints';
