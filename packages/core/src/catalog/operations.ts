/**
 * THE operation catalog: one entry per Cube API endpoint (spec §6) plus the client-side fan-out and the
 * custom call. The n8n node's properties and the Node-RED editor's fields are generated from it, the client
 * validates against it, and the simulator serves its paths. Adding an endpoint = adding an entry here.
 */

export type Resource = 'sim' | 'usage' | 'plan' | 'sms' | 'custom' | 'bundle';

/** The API an entry belongs to: the legacy CSSS API (body-signed POSTs) or the current REST API (sign v2, `/cube/v4`). */
export type ApiGeneration = 'legacy' | 'current';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/** Where a param travels: the URL's path, its query, the JSON body; 'local' is read by the node and never sent. */
export type ParamPlace = 'path' | 'query' | 'body' | 'local';

export type ParamType =
	| 'string' // sent as a JSON string
	| 'digits' // a whole number the API wants as a string ("1"); a number is accepted and converted
	| 'amount' // money with up to two decimals, sent as a string ("12.50")
	| 'integer' // sent as a JSON number
	| 'iccid' // a SIM's ICCID, sent as a string
	| 'iccidList' // array of ICCIDs, sent as a JSON array
	| 'enum' // one of `options`, sent as the option's string value
	| 'object'; // a JSON object (custom call only)

export interface ParamOption {
	value: string;
	name: string;
}

export interface ParamSpec {
	/** As the API spells it. */
	name: string;
	label: string;
	type: ParamType;
	required: boolean;
	description: string;
	default?: string | number;
	options?: ParamOption[];
	min?: number;
	max?: number;
	maxItems?: number;
	/** The field's name or meaning is a deduction, not from a vendor page. */
	inferred?: boolean;
	/** A typical value, shown as the field's "e.g." placeholder. */
	example?: string;
	/** An operation that lists the values this field takes (a picker in the UI), and the record fields of value and name. */
	listedBy?: { operation: string; value: string; name: string };
	/** Current API: where the param travels (path / query / body, or 'local'). Legacy params all go in the body. */
	in?: ParamPlace;
	/** An enum whose values travel as JSON numbers or booleans rather than as the option's text. */
	sendAs?: 'integer' | 'boolean';
	/** An enum taking several options at once: a list, comma-joined in a query (spec current §2.1). */
	multiple?: boolean;
	/** Most characters (Unicode code points, as a person counts them) a text may have. */
	maxLength?: number;
	/** A text's shape as a regular expression's source; the description says it in words. */
	pattern?: string;
	/** A text sent exactly as given, spaces at its ends included (an SMS). */
	verbatim?: boolean;
}

/** How an operation pages: the client's pager reads these, so a second paging endpoint needs only its entry. */
export interface PagingSpec {
	/** The params that carry the page number (from 1) and the page size. */
	pageNo: string;
	pageSize: string;
	/** Field of `data` that holds the page's records. */
	items: string;
	/** What the records are, in an error's words ("orders"). */
	itemsName: string;
	/** Dotted path in `data` to the number of pages; without it, a short page is the last one. */
	totalPages: string;
	defaultPageSize: number;
	maxPageSize: number;
}

/** A client-side operation that repeats one endpoint operation for each entry of a list. */
export interface FanOutSpec {
	/** The endpoint operation it repeats. */
	of: string;
	/** Its own param holding the list. */
	list: string;
	/** The param of `of` that each entry of the list fills. */
	each: string;
}

/** An answer that carries one result per item of the request inside its success envelope (bulk order). */
export interface ItemResultsSpec {
	/** The param with the request's list: one result per entry. */
	list: string;
	/** Field of `data` with one entry per item. */
	items: string;
	/** Field of an entry naming its item. */
	key: string;
	/** Field of an entry with its own result code, and the code that means it was carried out. */
	code: string;
	okCode: string;
	/** Field of an entry with its own message. */
	message: string;
}

export interface OperationSpec {
	id: string;
	resource: Resource;
	/** The operation's key within its resource (n8n `operation` value). */
	operation: string;
	name: string;
	/** Sentence for menus and AI tools: "Get usage of a SIM". */
	action: string;
	description: string;
	/** Path below the base URL; null for operations that are not one endpoint (fan-out, custom call). */
	path: string | null;
	params: ParamSpec[];
	/** Safe to repeat: reads. Writes are never retried once they may have reached the server. */
	idempotent: boolean;
	paging?: PagingSpec;
	/** 'inferred' when the path or the fields are a deduction (spec §6); the UI says so (and pathOverridable). */
	docStatus: 'documented' | 'inferred';
	/** What exactly is inferred or unknown, in the user's words. */
	docNote?: string;
	/** For client-side operations: the endpoint operation they repeat (`fanOut.of`). */
	fanOutOf?: string;
	/** A client-side fan-out: what it repeats, and how its list becomes that operation's params. */
	fanOut?: FanOutSpec;
	/** The response data carries usage counters: derived facts are added (usage.ts). */
	usageFacts?: boolean;
	/** The answer is a list of records (one item each); Return All / Limit apply. */
	returnsList?: boolean;
	/**
	 * The fields a simplified record keeps (simplify.ts), for answers too wide to read at a glance. A dotted
	 * path reaches into a nested record; the field keeps its last name.
	 */
	simplifiedFields?: string[];
	/** Each item of the request succeeds or fails on its own inside the envelope: every one is reported. */
	itemResults?: ItemResultsSpec;
	/** The Custom API Call: the user gives the path (param `path`) and the whole body (param `params`). */
	custom?: boolean;
	/** Not idempotent unless the user marks the call Safe to Retry: then it is retried like a read. */
	retryOptIn?: boolean;
	/** The user may replace the path: one endpoint whose path is inferred (set below, from path and docStatus). */
	pathOverridable: boolean;
	/** Client-side fan-out: requests in flight at once, by default and at most. */
	concurrency?: { default: number; max: number };
	/** Absent: 'legacy'. */
	generation?: ApiGeneration;
	/** Absent: POST, as every legacy endpoint. */
	method?: HttpMethod;
	/** The endpoint's `X-LF-Api-Version` where the spec names one (current API); a call may give another. */
	apiVersion?: string;
	/** The vendor marks the endpoint as to be retired: offered, not to be built on. */
	deprecated?: boolean;
	/** The answer only acknowledges: the result comes later (current API's asynchronous writes). */
	async?: AsyncSpec;
	/**
	 * The vendor treats a repeat with the same nonce and body inside this window as the same request (SMS send, spec
	 * current §5.13): the one write that may be re-sent, with the same nonce, while the window is open.
	 */
	sameNonceWindowMs?: number;
}

/** How an asynchronous write's result is followed. */
export interface AsyncSpec {
	/** 'asyncResult': GET the async result by `request_id`; 'status': the SIM's status (v1.0 writes); 'smsSentList': the SIM's sent SMS. */
	resultBy: 'asyncResult' | 'status' | 'smsSentList';
	/** Asynchronous only when this param has this value (add bundle with activate = true). */
	onlyWhen?: { param: string; value: unknown };
}

/** A catalog entry as written; the flags that follow from its other fields are added once, below. */
export type OperationEntry = Omit<OperationSpec, 'pathOverridable' | 'fanOutOf'>;

/** Usage → Get Many's requests in flight at once, by default and at most. */
export const FAN_OUT_CONCURRENCY = { default: 8, max: 64 };

export const ICCID_PATTERN_NOTE = 'ICCID of the SIM card: 19–20 digits';

const iccid = (name: string, label = 'ICCID', required = true): ParamSpec => ({
	name,
	label,
	type: 'iccid',
	required,
	description: ICCID_PATTERN_NOTE,
	example: '89852022018041800192',
});

const ICCID_LIST_EXAMPLE = '89852022018041800192, 89852022018041800193';

const orderId = (description = 'Order ID (the `order_code` a usage query returns)', inferred = false): ParamSpec => ({
	name: 'order_id',
	label: 'Order ID',
	type: 'string',
	required: true,
	description,
	...(inferred ? { inferred } : {}),
});

/**
 * Our own caps on counts the vendor leaves unbounded: a typo (1e9 periods) must not reach a paid order.
 * Ten years of monthly periods, ten years of days; raise them here if a real plan needs more.
 */
export const MAX_PERIODS = 120;
export const MAX_DAYS = 3650;
/** Test data volume, in the API's (undocumented) unit. */
export const MAX_TEST_FLOW = 1_000_000;
export const MAX_PAGE_NO = 100_000;
const OWN_CAP = "this node's own cap, not the vendor's";

const yesNo = [
	{ value: '0', name: 'No' },
	{ value: '1', name: 'Yes' },
];

/** Fields shared by every order endpoint (spec §6.3 table, CN page api-10944452). */
const PLAN_FIELDS: ParamSpec[] = [
	{
		name: 'package_code',
		label: 'Plan Code',
		type: 'string',
		required: true,
		description: 'Code of the data plan, e.g. DP20190726001274 (from Plan → Get Plans)',
		example: 'DP20190726001274',
		listedBy: { operation: 'plan.getPlans', value: 'package_code', name: 'package_name' },
	},
	{ name: 'package_name', label: 'Plan Name', type: 'string', required: true, description: 'Name of the data plan, as Linksfield lists it' },
	{
		name: 'package_type',
		label: 'Plan Type',
		type: 'enum',
		required: true,
		default: '2',
		description: 'Plan type as the vendor numbers it',
		options: [
			{ value: '0', name: 'Unlimited Daily Plan (0)' },
			{ value: '1', name: 'Daily Plan (1)' },
			{ value: '2', name: 'Monthly Plan (2)' },
			{ value: '3', name: '3 Months Plan (3)' },
			{ value: '4', name: '6 Months Plan (4)' },
			{ value: '5', name: 'Yearly Plan (5)' },
		],
	},
	{ name: 'order_period', label: 'Order Period', type: 'digits', required: true, default: '1', min: 1, max: MAX_PERIODS, description: `Number of plan periods to order, 1–${MAX_PERIODS} (${OWN_CAP})` },
	{ name: 'is_open', label: 'Enable Immediately', type: 'enum', required: true, default: '0', options: yesNo, description: 'Enable the order at once. Must be No for OTA-capable SIMs.' },
	{ name: 'global_order', label: 'Host Number Plan', type: 'enum', required: true, default: '0', options: yesNo, description: 'Whether this is a host number plan; usually No' },
	{ name: 'pay_amount', label: 'Pay Amount', type: 'amount', required: true, default: '0', description: 'Amount with two decimal places' },
	{
		name: 'pay_rst',
		label: 'Payment Status',
		type: 'enum',
		required: true,
		default: '2',
		options: [
			{ value: '1', name: 'Unpaid (1)' },
			{ value: '2', name: 'Paid (2)' },
		],
		description: 'Payment status of the order',
	},
	{
		name: 'pay_type',
		label: 'Payment Method',
		type: 'enum',
		required: false,
		options: [
			{ value: '0', name: 'iPay88 (0)' },
			{ value: '1', name: 'WeChat Pay (1)' },
			{ value: '2', name: 'Alipay (2)' },
		],
		description: 'Mode of payment',
	},
	{ name: 'test_flow', label: 'Test Data Volume', type: 'digits', required: true, default: '0', max: MAX_TEST_FLOW, description: `Test data volume, usually 0; at most ${MAX_TEST_FLOW.toLocaleString('en-US')} (${OWN_CAP})` },
	{ name: 'test_flow_flag', label: 'Test Data', type: 'enum', required: true, default: '0', options: yesNo, description: 'Whether this is test data; usually No' },
];

const withParam = (fields: ParamSpec[], name: string, change: Partial<ParamSpec>) =>
	fields.map((f) => (f.name === name ? { ...f, ...change } : f));

/** Our own cap on list sizes: the vendor documents none, and an unbounded bulk order is a costly mistake. */
export const MAX_LIST_ITEMS = 1000;

const INFERRED_PATH = 'Path inferred from the vendor\'s sibling CMP API — verify on UAT; the path can be overridden.';

/** What Simplify keeps of a 22-field order record: which order, of which SIM and plan, when, and how much data. */
const ORDER_SUMMARY = ['orderCode', 'deviceId', 'orderStatus', 'packageCode', 'packageName', 'startDate', 'expireDate', 'flow', 'usedFlow', 'surplusFlow'];

const ENTRIES: OperationEntry[] = [
	{
		id: 'sim.getAll',
		resource: 'sim',
		operation: 'getAll',
		name: 'Get Many',
		action: 'Get many SIM cards',
		description: 'Get information about every SIM card of the enterprise',
		path: '/device/queryBatchDevice',
		params: [],
		idempotent: true,
		returnsList: true,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Request fields and response are not documented; add fields as extra parameters.',
	},
	{
		id: 'sim.get',
		resource: 'sim',
		operation: 'get',
		name: 'Get',
		action: 'Get live info about a SIM',
		description: 'Real-time information of one SIM card, including the plan in use',
		path: '/device/queryDevice',
		params: [iccid('device_id')],
		idempotent: true,
		simplifiedFields: ['device_id', 'imsi', 'msisdn', 'life_cycle', ...ORDER_SUMMARY.filter((f) => f !== 'deviceId').map((f) => `package_order.${f}`)],
		docStatus: 'documented',
	},
	{
		id: 'sim.getInUse',
		resource: 'sim',
		operation: 'getInUse',
		name: 'Get In Use',
		action: 'Get the SIM cards that have a plan in use',
		description: 'List of SIM cards with a plan in use (assetId = ICCID, lifeCycle)',
		path: '/device/syncAssetInfo',
		params: [],
		idempotent: true,
		returnsList: true,
		docStatus: 'documented',
	},
	{
		id: 'usage.get',
		resource: 'usage',
		operation: 'get',
		name: 'Get',
		action: 'Get data usage of a SIM',
		description: 'Data usage of the current order cycle of one SIM, with used / remaining / percent used and the order ID to renew',
		path: '/flow/queryDeviceFlowUsage',
		params: [iccid('device_id')],
		idempotent: true,
		docStatus: 'documented',
		usageFacts: true,
	},
	{
		id: 'usage.getMany',
		resource: 'usage',
		operation: 'getMany',
		name: 'Get Many',
		action: 'Get data usage of many SIM cards',
		description: 'Usage of a list of SIMs, one request per SIM with bounded concurrency and a rate limit (the vendor\'s batch usage endpoint is not documented)',
		path: null,
		params: [{ name: 'device_ids', label: 'ICCIDs', type: 'iccidList', required: true, maxItems: 100000, description: 'ICCIDs of the SIMs (a list, or text separated by commas or new lines)', example: ICCID_LIST_EXAMPLE }],
		idempotent: true,
		docStatus: 'documented',
		fanOut: { of: 'usage.get', list: 'device_ids', each: 'device_id' },
		concurrency: FAN_OUT_CONCURRENCY,
		usageFacts: true,
	},
	{
		id: 'usage.getMnoRemaining',
		resource: 'usage',
		operation: 'getMnoRemaining',
		name: 'Get MNO Remaining',
		action: 'Get remaining data on the MNO side',
		description: 'The IMSI used by the order in use and its remaining data as the mobile operator reports it',
		path: '/flow/getInfoByDeviceId',
		params: [{ ...iccid('device_id'), inferred: true }],
		idempotent: true,
		docStatus: 'inferred',
		docNote: 'Path documented; request fields inferred (device_id) and the response is not documented — verify on UAT.',
	},
	{
		id: 'plan.getPlans',
		resource: 'plan',
		operation: 'getPlans',
		name: 'Get Plans',
		action: 'Get the data plans that can be ordered',
		description: 'Data plans (package_code, name, type) available to the enterprise',
		path: '/package/syncPackages',
		params: [],
		idempotent: true,
		returnsList: true,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Fields and response are not documented.',
	},
	{
		id: 'plan.order',
		resource: 'plan',
		operation: 'order',
		name: 'Order',
		action: 'Order a data plan for a SIM',
		description: 'Order a data plan for one SIM. Costs money: never retried automatically.',
		path: '/package/orderPackage',
		params: [iccid('device_id'), ...PLAN_FIELDS],
		idempotent: false,
		docStatus: 'documented',
	},
	{
		id: 'plan.bulkOrder',
		resource: 'plan',
		operation: 'bulkOrder',
		name: 'Bulk Order',
		action: 'Order the same data plan for many SIM cards',
		description: 'One synchronous order of the same plan for a list of SIMs; if one SIM does not qualify, nothing is ordered. Never retried automatically.',
		path: '/package/batchOrderPackages',
		params: [
			{ name: 'deviceList', label: 'ICCIDs', type: 'iccidList', required: true, maxItems: MAX_LIST_ITEMS, description: `ICCIDs of the SIMs (at most ${MAX_LIST_ITEMS}; duplicates are refused)`, example: ICCID_LIST_EXAMPLE },
			...withParam(PLAN_FIELDS, 'pay_amount', { required: false }),
		],
		idempotent: false,
		docStatus: 'documented',
		itemResults: { list: 'deviceList', items: 'device_order', key: 'device_id', code: 'error', okCode: '0000', message: 'errorMsg' },
	},
	{
		id: 'plan.renew',
		resource: 'plan',
		operation: 'renew',
		name: 'Renew',
		action: 'Renew a data plan order',
		description: 'Extend the validity of an order in use or not yet enabled. Never retried automatically.',
		path: '/package/renewPackage',
		params: [orderId(), { name: 'renew_period', label: 'Renew Periods', type: 'integer', required: true, default: 1, min: 1, max: MAX_PERIODS, description: `Number of periods to add, 1–${MAX_PERIODS} (${OWN_CAP})` }],
		idempotent: false,
		docStatus: 'documented',
	},
	{
		id: 'plan.getOrders',
		resource: 'plan',
		operation: 'getOrders',
		name: 'Get Orders',
		action: 'Query data plan orders',
		description: 'Query plan orders, filtered by SIM, order, status or type; pages through the results',
		path: '/package/queryOrder',
		params: [
			{ ...iccid('device_id', 'ICCID', false), description: 'Only orders of this SIM' },
			{ name: 'order_id', label: 'Order ID', type: 'string', required: false, description: 'Only this order' },
			{ name: 'order_status', label: 'Order Status', type: 'string', required: false, description: 'Only orders in this status (values not documented by the vendor)' },
			{ name: 'order_type', label: 'Order Type', type: 'string', required: false, description: 'Only orders of this type (values not documented by the vendor)' },
			{ name: 'page_no', label: 'Page', type: 'integer', required: true, default: 1, min: 1, max: MAX_PAGE_NO, description: `Page number, 1–${MAX_PAGE_NO.toLocaleString('en-US')} (${OWN_CAP})` },
			{ name: 'page_size', label: 'Page Size', type: 'integer', required: true, default: 50, min: 1, max: 100, description: 'Orders per page' },
		],
		idempotent: true,
		paging: { pageNo: 'page_no', pageSize: 'page_size', items: 'package_order', itemsName: 'orders', totalPages: 'page.total_pages', defaultPageSize: 50, maxPageSize: 100 },
		simplifiedFields: ORDER_SUMMARY,
		docStatus: 'documented',
		docNote: 'The order record has 22 camelCase fields of which the vendor page shows only a few; all are passed through.',
	},
	{
		id: 'plan.enable',
		resource: 'plan',
		operation: 'enable',
		name: 'Enable',
		action: 'Enable a data plan order',
		description: 'Start an order that is not yet enabled. Never retried automatically.',
		path: '/package/openPackage',
		params: [orderId('Order ID of the order to enable', true)],
		idempotent: false,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Body inferred: order_id.',
	},
	{
		id: 'plan.cancel',
		resource: 'plan',
		operation: 'cancel',
		name: 'Cancel',
		action: 'Cancel a data plan order',
		description: 'Cancel an order that is not yet enabled. Never retried automatically.',
		path: '/package/cancelPackage',
		params: [orderId('Order ID of the unenabled order to cancel', true)],
		idempotent: false,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Body inferred: order_id.',
	},
	{
		id: 'plan.endEarly',
		resource: 'plan',
		operation: 'endEarly',
		name: 'End Early',
		action: 'End a data plan order early',
		description: 'End an order in use before it expires. Never retried automatically.',
		path: '/package/aheadFinishDeviceOrder',
		params: [orderId('Order ID of the order to end', true)],
		idempotent: false,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Body inferred: order_id.',
	},
	{
		id: 'plan.pause',
		resource: 'plan',
		operation: 'pause',
		name: 'Pause',
		action: 'Pause the order of a SIM',
		description: 'Suspend the order in use of a SIM. Deprecated by the vendor. Never retried automatically.',
		path: '/device/pauseService',
		params: [{ ...iccid('device_id'), inferred: true }, { ...orderId('Order ID of the order to pause', true), required: false }],
		idempotent: false,
		docStatus: 'inferred',
		docNote: 'Path documented (deprecated); request fields inferred (device_id, order_id) — verify on UAT.',
	},
	{
		id: 'plan.resume',
		resource: 'plan',
		operation: 'resume',
		name: 'Resume',
		action: 'Resume the paused order of a SIM',
		description: 'Restart a suspended order of a SIM. Deprecated by the vendor. Never retried automatically.',
		path: '/device/restartService',
		params: [{ ...iccid('device_id'), inferred: true }, { ...orderId('Order ID of the order to resume', true), required: false }],
		idempotent: false,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Request fields inferred (device_id, order_id).',
	},
	{
		id: 'plan.orderOta',
		resource: 'plan',
		operation: 'orderOta',
		name: 'Order OTA Plan',
		action: 'Order an OTA day plan for a SIM',
		description: 'Order an OTA day plan for one SIM. Never retried automatically.',
		path: '/package/createOtaOrder',
		params: [
			iccid('device_id'),
			...withParam(PLAN_FIELDS, 'pay_type', { required: true, default: '2' }),
			{ name: 'days', label: 'Days', type: 'integer', required: true, min: 1, max: MAX_DAYS, default: 1, description: `Number of plan days (meaning inferred), 1–${MAX_DAYS} (${OWN_CAP})`, inferred: true },
			{ name: 'timing_type', label: 'Timing Type', type: 'string', required: true, default: '1', description: 'Start timing mode (values not documented; the vendor example uses "1")', inferred: true },
			{ name: 'mcc', label: 'MCC', type: 'string', required: false, description: 'Target country code (meaning inferred)', inferred: true },
		],
		idempotent: false,
		docStatus: 'documented',
		docNote: 'Request documented; the meanings of days, timing_type and mcc and the response are not.',
	},
	{
		id: 'sms.send',
		resource: 'sms',
		operation: 'send',
		name: 'Send',
		action: 'Send an SMS to a SIM',
		description: 'Send a text message to a SIM card. Never retried automatically.',
		path: '/sms/sendSms',
		params: [
			{ ...iccid('device_id'), inferred: true },
			{ name: 'content', label: 'Message', type: 'string', required: true, description: 'Text of the message (field name inferred)', inferred: true },
		],
		idempotent: false,
		docStatus: 'inferred',
		docNote: INFERRED_PATH + ' Fields inferred (device_id, content) — add or rename via extra parameters.',
	},
	{
		id: 'custom.call',
		resource: 'custom',
		operation: 'call',
		name: 'Custom API Call',
		action: 'Make a signed call to any API path',
		description: 'Any path and any parameters, signed like every other call — for endpoints the vendor documents elsewhere',
		path: null,
		params: [
			{ name: 'path', label: 'Path', type: 'string', required: true, description: 'Path below the base URL, e.g. /flow/queryDeviceFlowUsage', example: '/flow/queryDeviceFlowUsage' },
			{ name: 'params', label: 'Parameters', type: 'object', required: false, description: 'Body parameters (JSON object); access_code, timestamp, version and sign are added' },
		],
		idempotent: false,
		retryOptIn: true,
		custom: true,
		docStatus: 'documented',
		docNote: 'Not retried unless marked safe to retry — never when its path is a catalog write\'s.',
	},
];

/** The flags that follow from an entry's other fields. */
export function operationSpecs(entries: OperationEntry[]): OperationSpec[] {
	return entries.map((op) => ({ ...op, pathOverridable: op.path !== null && op.docStatus === 'inferred', ...(op.fanOut ? { fanOutOf: op.fanOut.of } : {}) }));
}

export const OPERATIONS: OperationSpec[] = operationSpecs(ENTRIES);

/** A path override other than the catalog's own path: another endpoint, perhaps a write's, with unknown effects. */
export function overridesPath(op: OperationSpec, path: string | undefined): boolean {
	return op.path !== null && typeof path === 'string' && path.trim() !== '' && path.trim() !== op.path;
}

/**
 * Whether running the operation twice could carry it out twice (order, renew…): never retried once it may have
 * reached the server. An opt-in operation is a write unless the user marked it safe to retry; any operation sent
 * to an overridden path is treated as one.
 */
export function isWrite(op: OperationSpec, markedSafeToRetry = false, pathOverride?: string): boolean {
	if (overridesPath(op, pathOverride)) return true;
	return op.retryOptIn ? !markedSafeToRetry : !op.idempotent;
}

/** Looks an operation up by id in `operations`; an unknown id is a programming error. */
export function operationLookup(operations: OperationSpec[]): (id: string) => OperationSpec {
	const byId = new Map(operations.map((op) => [op.id, op]));
	return (id) => {
		const op = byId.get(id);
		if (!op) throw new Error(`Unknown Linksfield Cube operation "${id}"`);
		return op;
	};
}

export const getOperation = operationLookup(OPERATIONS);

export const RESOURCES: { value: Resource; name: string; description: string }[] = [
	{ value: 'sim', name: 'SIM', description: 'SIM cards and their state' },
	{ value: 'usage', name: 'Usage', description: 'Data usage of SIM cards' },
	{ value: 'plan', name: 'Plan', description: 'Data plans and their orders' },
	{ value: 'sms', name: 'SMS', description: 'Text messages to SIM cards' },
	{ value: 'custom', name: 'Custom API Call', description: 'Any signed call' },
];

/** Paths the API serves: every catalog entry that is one endpoint. */
export const ENDPOINT_OPERATIONS = OPERATIONS.filter((op) => op.path !== null);
