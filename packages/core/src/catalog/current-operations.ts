import { ICCID_PATTERN_NOTE, MAX_PAGE_NO, MAX_PERIODS, type HttpMethod, type OperationSpec, type ParamSpec, type Resource } from './operations';

/**
 * The current API's endpoints (spec current §5.1–5.15), one entry each: method, path, where every param travels,
 * types and limits, what is documented and what is inferred. Kept apart from the legacy OPERATIONS, which the n8n
 * node and the Node-RED editor are generated from: these reach the UIs when the nodes speak the current API.
 * Ids start with `current.` so they never meet a legacy id.
 */

/** A cross-field rule of current-validate.ts, run after each field passed its own checks. */
export type CurrentCheck = 'usageWindow' | 'cancelMode' | 'timeRange';

/**
 * Paging of a current list: `page_no` + `page_size` in the query, the records are `data` itself and `total_count` sits
 * beside it (spec current §3.1) — not the legacy PagingSpec's shape (records in a field of `data`, a page count).
 */
export interface CurrentPagingSpec {
	pageNo: 'page_no';
	pageSize: 'page_size';
	/** What the records are, in an error's words ("SIM cards"). */
	itemsName: string;
	defaultPageSize: number;
	/** What Return All asks for: 100, the vendor's largest page. */
	maxPageSize: number;
}

export interface CurrentOperationSpec extends OperationSpec {
	generation: 'current';
	method: HttpMethod;
	/** Below the base URL (which ends in /cube/v4); `{name}` is filled from the path param of that name. */
	path: string;
	listPaging?: CurrentPagingSpec;
	/** Each record (SIM list, SIM detail) carries bundles: the one in use yields usage facts (current-usage-facts.ts). */
	bundleFacts?: boolean;
	checks?: CurrentCheck[];
}

/** Spec current §4: 10 requests a second and 3 at once per IP, 5,000 a day; pages hold at most 100 records. */
export const CURRENT_MAX_PAGE_SIZE = 100;
/** Spec current §5.13. */
export const MAX_SMS_SIMS = 100;
export const MAX_SMS_CHARACTERS = 140;
/** Spec current §5.13: the same nonce, SIMs and message within 10 s are one request. */
export const SMS_SAME_NONCE_WINDOW_MS = 10_000;
/** Spec current §5.4. */
export const USAGE_WINDOWS = { dailyDaysBack: 60, monthlyMonthsBack: 6, earliest: '2023-01-01' } as const;

const OWN_CAP = "this node's own cap, not the vendor's";
const EXAMPLE_ICCID = '89852002021102915651';

const simId = (): ParamSpec => ({ name: 'sim_id', label: 'ICCID', type: 'iccid', required: true, in: 'path', description: ICCID_PATTERN_NOTE, example: EXAMPLE_ICCID });

const pageNo = (inferred = false): ParamSpec => ({
	name: 'page_no',
	label: 'Page',
	type: 'integer',
	required: false,
	in: 'query',
	default: 1,
	min: 1,
	max: MAX_PAGE_NO,
	description: `Page number, 1–${MAX_PAGE_NO.toLocaleString('en-US')} (${OWN_CAP})`,
	...(inferred ? { inferred } : {}),
});

const pageSize = (defaultSize: number, inferred = false): ParamSpec => ({
	name: 'page_size',
	label: 'Page Size',
	type: 'integer',
	required: false,
	in: 'query',
	default: defaultSize,
	min: 1,
	max: CURRENT_MAX_PAGE_SIZE,
	description: `Records per page, 1–${CURRENT_MAX_PAGE_SIZE} (the vendor's default is ${defaultSize})`,
	...(inferred ? { inferred } : {}),
});

const paging = (itemsName: string, defaultPageSize: number): CurrentPagingSpec => ({ pageNo: 'page_no', pageSize: 'page_size', itemsName, defaultPageSize, maxPageSize: CURRENT_MAX_PAGE_SIZE });

const yesNo = [
	{ value: 'false', name: 'No' },
	{ value: 'true', name: 'Yes' },
];

/** SIM `status` codes (spec current §5.1). */
const SIM_STATUS_OPTIONS = [
	{ value: '10', name: 'Pre-Active (10)' },
	{ value: '23', name: 'Active-Live (23)' },
	{ value: '30', name: 'Paused (30)' },
	{ value: '40', name: 'Expired (40)' },
	{ value: '50', name: 'Terminated (50)' },
];

/** SMS lists' time range: epoch milliseconds, UTC (spec current §5.14). */
const smsTime = (name: 'begin_from' | 'end_by', inferred: boolean): ParamSpec => ({
	name,
	label: name === 'begin_from' ? 'From' : 'To',
	type: 'integer',
	required: false,
	in: 'query',
	min: 0,
	description: name === 'begin_from' ? 'Start of the time range, epoch milliseconds (UTC); without a range, the last 7 days' : 'End of the time range, epoch milliseconds (UTC)',
	example: name === 'begin_from' ? '1672531200000' : '1673136000000',
	...(inferred ? { inferred } : {}),
});

/** A SIM record cut down (Simplify): its id and status, and the usage facts of its bundle in use. */
const SIM_SUMMARY = ['sim_id', 'status', 'bundleId', 'used', 'total', 'remaining', 'percentUsed', 'unlimited', 'bundlesInUse', 'unit'];

const NOT_RETRIED = 'Never retried automatically.';
const IN_DEVELOPMENT = 'Marked "in development" by the vendor.';
const ASYNC_NOTE = 'The answer only acknowledges the request; the SIM is locked until the result is known.';

type CurrentEntry = Omit<CurrentOperationSpec, 'pathOverridable' | 'generation'>;

const ENTRIES: CurrentEntry[] = [
	{
		id: 'current.sim.getMany',
		resource: 'sim',
		operation: 'getMany',
		name: 'Get Many',
		action: 'Get many SIM cards',
		description:
			'SIM cards of the organisation with their status, contract and bundles, 100 a request with Return All; each carries the usage of its bundle in use (used, total, remaining, percent used)',
		method: 'GET',
		path: '/sims',
		apiVersion: '2.0',
		params: [
			{ name: 'status', label: 'Status', type: 'enum', sendAs: 'integer', required: false, in: 'query', options: SIM_STATUS_OPTIONS, description: 'Only SIM cards in this status' },
			pageNo(),
			pageSize(10),
		],
		idempotent: true,
		returnsList: true,
		listPaging: paging('SIM cards', 10),
		bundleFacts: true,
		simplifiedFields: SIM_SUMMARY,
		docStatus: 'documented',
		docNote: 'Whether a SIM record lists all its bundles or only the one in use is not documented. Data amounts are in bytes by inference.',
	},
	{
		id: 'current.sim.get',
		resource: 'sim',
		operation: 'get',
		name: 'Get',
		action: 'Get a SIM card',
		description: 'Details of one SIM card: status, profiles, latest session, contract and the bundle in use with its usage',
		method: 'GET',
		path: '/sims/{sim_id}',
		apiVersion: '2.0',
		params: [simId()],
		idempotent: true,
		bundleFacts: true,
		simplifiedFields: SIM_SUMMARY,
		docStatus: 'documented',
		docNote: 'The meanings of tech, physical_specs.type, sim_service.type and global_overage_policy are not documented; all fields are passed through.',
	},
	{
		id: 'current.sim.getStatus',
		resource: 'sim',
		operation: 'getStatus',
		name: 'Get Status',
		action: 'Get the status of a SIM card',
		description: 'Status of one SIM card, where the vendor says to follow Activate and Resume',
		method: 'GET',
		path: '/sims/{sim_id}/status',
		params: [simId()],
		idempotent: true,
		docStatus: 'inferred',
		docNote: "Path inferred from the vendor's \"use API /status\" — verify on UAT; the path can be overridden. The answer is not documented; SIM → Get carries the documented status.",
	},
	{
		id: 'current.sim.activate',
		resource: 'sim',
		operation: 'activate',
		name: 'Activate',
		action: 'Activate a SIM card',
		description: `Activate a pre-activated SIM card that has a bundle not yet started. ${ASYNC_NOTE} ${NOT_RETRIED}`,
		method: 'POST',
		path: '/sims/{sim_id}/activate',
		apiVersion: '1.0',
		params: [simId()],
		idempotent: false,
		async: { resultBy: 'status' },
		docStatus: 'documented',
		docNote: 'No body (inferred); the answer is not documented: the vendor follows the result with the SIM status. OTA SIM cards cannot be activated here.',
	},
	{
		id: 'current.sim.suspend',
		resource: 'sim',
		operation: 'suspend',
		name: 'Suspend',
		action: 'Suspend a SIM card',
		description: `Suspend a SIM card. ${ASYNC_NOTE} ${NOT_RETRIED}`,
		method: 'PUT',
		path: '/sims/{sim_id}/suspend',
		apiVersion: '2.0',
		params: [simId()],
		idempotent: false,
		async: { resultBy: 'asyncResult' },
		docStatus: 'inferred',
		docNote:
			'Path, method and API version inferred from Resume and Cancel (the vendor names "Suspend v2 (Async)" without its page) — verify on UAT; the path can be overridden. Body and answer are not documented. A SIM suspended mid-cycle may still be charged.',
	},
	{
		id: 'current.sim.resume',
		resource: 'sim',
		operation: 'resume',
		name: 'Resume',
		action: 'Resume a SIM card',
		description: `Resume a paused SIM card; on an expired one, start a bundle not yet started. ${ASYNC_NOTE} ${NOT_RETRIED}`,
		method: 'PUT',
		path: '/sims/{sim_id}/resume',
		apiVersion: '1.0',
		params: [simId()],
		idempotent: false,
		async: { resultBy: 'status' },
		docStatus: 'documented',
		docNote: 'Body and answer are not documented: the vendor follows the result with the SIM status.',
	},
	{
		id: 'current.sim.getAsyncResult',
		resource: 'sim',
		operation: 'getAsyncResult',
		name: 'Get Async Result',
		action: 'Get the result of an asynchronous request',
		description: 'The result of an asynchronous write (add bundle with activation, cancel, suspend…) by its request ID',
		method: 'GET',
		path: '/sims/async_result/{request_id}',
		apiVersion: '4.0',
		params: [
			{
				name: 'request_id',
				label: 'Request ID',
				type: 'string',
				required: true,
				in: 'path',
				pattern: '^[^\\s/]{1,128}$',
				description: 'The `request_id` a write answered with',
			},
		],
		idempotent: true,
		docStatus: 'documented',
		docNote: 'Path documented; the states and fields of the answer are not (passed through as they come). API version 4.0 is a guess and can be changed.',
	},
	{
		id: 'current.bundle.getMany',
		resource: 'bundle',
		operation: 'getMany',
		name: 'Get Many',
		action: 'Get the bundles of a SIM card',
		description: 'Every bundle added to one SIM card, in any status, with its data limit and the usage of its current cycle',
		method: 'GET',
		path: '/sims/{sim_id}/bundles',
		params: [
			simId(),
			{
				name: 'status',
				label: 'Status',
				type: 'enum',
				multiple: true,
				required: false,
				in: 'query',
				options: [
					{ value: '0', name: 'Not Started (0)' },
					{ value: '1', name: 'In Use (1)' },
					{ value: '2', name: 'Paused (2)' },
					{ value: '3', name: 'Ended (3)' },
				],
				description: 'Only bundles in these statuses',
			},
			pageNo(true),
			pageSize(10, true),
		],
		idempotent: true,
		returnsList: true,
		listPaging: paging('bundles', 10),
		docStatus: 'documented',
		docNote: 'Paging inferred as on the SIM list; the API version is not stated (no X-LF-Api-Version is sent unless one is given). Data amounts are in bytes by inference.',
	},
	{
		id: 'current.bundle.add',
		resource: 'bundle',
		operation: 'add',
		name: 'Add',
		action: 'Add a bundle to a SIM card',
		description: `Add a data bundle to one SIM card, to start now (asynchronous) or later. Costs money: never retried automatically.`,
		method: 'POST',
		path: '/sims/{sim_id}/bundle',
		apiVersion: '1.0',
		params: [
			simId(),
			{
				name: 'bundle_id',
				label: 'Bundle ID',
				type: 'string',
				required: true,
				in: 'body',
				pattern: '^[A-Za-z0-9_-]{1,64}$',
				description: 'Code of the bundle, e.g. LP09823222320 (the `bundleId` of a SIM\'s usage); letters, digits, - and _',
				example: 'LP09823222320',
			},
			{
				name: 'bundle_type',
				label: 'Bundle Type',
				type: 'enum',
				sendAs: 'integer',
				required: true,
				in: 'body',
				default: '10',
				options: [
					{ value: '10', name: 'Basic (10)' },
					{ value: '11', name: 'Add-On (11)' },
				],
				description: 'Basic bundle or add-on',
			},
			{
				name: 'cycles',
				label: 'Cycles',
				type: 'integer',
				required: false,
				in: 'body',
				default: 1,
				min: 1,
				max: MAX_PERIODS,
				description: `Number of cycles to buy, 1–${MAX_PERIODS} (${OWN_CAP}); ignored for add-ons`,
			},
			{
				name: 'activate',
				label: 'Activate Now',
				type: 'enum',
				sendAs: 'boolean',
				required: true,
				in: 'body',
				default: 'false',
				options: yesNo,
				description: 'Start the bundle now (asynchronous; on an active SIM the current bundle is paused or ended) or keep it for later',
			},
		],
		idempotent: false,
		async: { resultBy: 'asyncResult', onlyWhen: { param: 'activate', value: true } },
		docStatus: 'documented',
		docNote:
			'That bundle_id and bundle_type are required is inferred; the default of activate is not documented, so it is always sent. The answer (order_id, request_id) is inferred from the Cancel page.',
	},
	{
		id: 'current.bundle.cancel',
		resource: 'bundle',
		operation: 'cancel',
		name: 'Cancel',
		action: 'End bundles of a SIM card',
		description: `End one bundle of a SIM card, or all of them (the SIM is then suspended, its number kept). Not a termination. ${ASYNC_NOTE} ${NOT_RETRIED}`,
		method: 'PUT',
		path: '/sims/{sim_id}/cancel',
		apiVersion: '4.0',
		params: [
			simId(),
			{
				name: 'mode',
				label: 'Mode',
				type: 'enum',
				required: true,
				in: 'local',
				default: 'bundle',
				options: [
					{ value: 'bundle', name: 'End One Bundle' },
					{ value: 'bundleStartNext', name: 'End One Bundle and Start the Next' },
					{ value: 'all', name: 'End All Bundles' },
				],
				description: "What to end; this node's own choice, never sent: it decides whether order_id and keep_alive go",
			},
			{
				name: 'order_id',
				label: 'Order ID',
				type: 'string',
				required: false,
				in: 'body',
				inferred: true,
				pattern: '^\\S{1,128}$',
				description: 'The bundle order to end, as Add Bundle returned it; required unless all bundles end',
			},
			{
				name: 'keep_alive',
				label: 'Start the Next Bundle',
				type: 'enum',
				sendAs: 'boolean',
				required: false,
				in: 'body',
				inferred: true,
				options: yesNo,
				description: 'Start the next bundle not yet started; set by the mode',
			},
		],
		idempotent: false,
		async: { resultBy: 'asyncResult' },
		checks: ['cancelMode'],
		docStatus: 'documented',
		docNote: 'That order_id and keep_alive go in the body is inferred; the answer beyond request_id is not documented. API version 4.0 is a guess and can be changed.',
	},
	{
		id: 'current.usage.get',
		resource: 'usage',
		operation: 'get',
		name: 'Get',
		action: 'Get daily or monthly usage of a SIM card',
		description: `Data usage of one SIM card per day (at most ${USAGE_WINDOWS.dailyDaysBack} days back) or per month (at most ${USAGE_WINDOWS.monthlyMonthsBack} months back), not before ${USAGE_WINDOWS.earliest}`,
		method: 'GET',
		path: '/sims/{sim_id}/usage',
		apiVersion: '1.0',
		params: [
			simId(),
			{ name: 'category', label: 'Category', type: 'enum', required: true, in: 'query', default: 'data', inferred: true, options: [{ value: 'data', name: 'Data' }], description: 'What usage to read; only data is documented' },
			{
				name: 'period_type',
				label: 'Period',
				type: 'enum',
				sendAs: 'integer',
				required: true,
				in: 'query',
				default: '2',
				options: [
					{ value: '1', name: 'Daily (1)' },
					{ value: '2', name: 'Monthly (2)' },
				],
				description: 'Usage per day or per month',
			},
			{ name: 'begin_from', label: 'From', type: 'string', required: true, in: 'query', description: 'First day (YYYY-MM-DD) or month (YYYY-MM), UTC', example: '2023-01' },
			{ name: 'end_by', label: 'To', type: 'string', required: true, in: 'query', description: 'Last day (YYYY-MM-DD) or month (YYYY-MM), UTC', example: '2023-01' },
		],
		idempotent: true,
		checks: ['usageWindow'],
		docStatus: 'documented',
		docNote:
			'The page names the parameter category, the vendor\'s signing example category_type; that the fields are required and the daily date format are inferred. Usage is a string in bytes by inference, and recent periods may still change.',
	},
	{
		id: 'current.usage.getAccumulated',
		resource: 'usage',
		operation: 'getAccumulated',
		name: 'Get Accumulated',
		action: 'Get accumulated usage of a SIM card',
		description: 'Data a SIM card used since a date, in bytes. Deprecated by the vendor: use the SIM list or daily / monthly usage instead.',
		method: 'GET',
		path: '/usage/statistics/{sim_id}/accu_usage',
		apiVersion: '1.0',
		params: [simId()],
		idempotent: true,
		deprecated: true,
		docStatus: 'documented',
		docNote: 'The vendor marks this endpoint "to be deprecated"; do not build on it.',
	},
	{
		id: 'current.sms.send',
		resource: 'sms',
		operation: 'send',
		name: 'Send',
		action: 'Send an SMS to SIM cards',
		description: `Send one text message to up to ${MAX_SMS_SIMS} SIM cards, as a job. Not retried, except once with the same nonce within the vendor's 10 s window (the vendor then sends it once).`,
		method: 'POST',
		path: '/sms',
		apiVersion: '1.0',
		params: [
			{
				name: 'sim_ids',
				label: 'ICCIDs',
				type: 'iccidList',
				required: true,
				in: 'body',
				maxItems: MAX_SMS_SIMS,
				description: `ICCIDs of the SIMs, at most ${MAX_SMS_SIMS} (a list, or text separated by commas or new lines)`,
				example: '89852002021102915651, 89852002021102915652',
			},
			{
				name: 'message.type',
				label: 'Message Type',
				type: 'enum',
				sendAs: 'integer',
				required: true,
				in: 'body',
				default: '1',
				options: [
					{ value: '1', name: 'Text (1)' },
					{ value: '2', name: 'Binary (2)' },
				],
				description: 'Text or binary; the encoding of binary content is not documented',
			},
			{
				name: 'message.content',
				label: 'Message',
				type: 'string',
				required: true,
				in: 'body',
				maxLength: MAX_SMS_CHARACTERS,
				verbatim: true,
				description: `Text of the message, at most ${MAX_SMS_CHARACTERS} characters`,
			},
		],
		idempotent: false,
		sameNonceWindowMs: SMS_SAME_NONCE_WINDOW_MS,
		async: { resultBy: 'smsSentList' },
		docStatus: 'documented',
		docNote: `${IN_DEVELOPMENT} Not every SIM card can receive SMS through the API; delivery is read per SIM from the sent list.`,
	},
	{
		id: 'current.sms.getSent',
		resource: 'sms',
		operation: 'getSent',
		name: 'Get Sent',
		action: 'Get SMS sent to a SIM card',
		description: 'Messages sent to one SIM card (MT) with their delivery status; kept at most 180 days',
		method: 'GET',
		path: '/sms/mt/{sim_id}',
		apiVersion: '1.0',
		params: [
			simId(),
			{
				name: 'status',
				label: 'Status',
				type: 'enum',
				sendAs: 'integer',
				required: false,
				in: 'query',
				default: '4',
				options: [
					{ value: '1', name: 'Succeeded (1)' },
					{ value: '2', name: 'Failed (2)' },
					{ value: '3', name: 'Processing (3)' },
					{ value: '4', name: 'All (4)' },
				],
				description: 'Only messages in this status',
			},
			smsTime('begin_from', false),
			smsTime('end_by', false),
			pageNo(true),
			pageSize(100),
		],
		idempotent: true,
		returnsList: true,
		listPaging: paging('messages', 100),
		checks: ['timeRange'],
		docStatus: 'documented',
		docNote: IN_DEVELOPMENT,
	},
	{
		id: 'current.sms.getReceived',
		resource: 'sms',
		operation: 'getReceived',
		name: 'Get Received',
		action: 'Get SMS received from a SIM card',
		description: 'Messages one SIM card sent (MO)',
		method: 'GET',
		path: '/sms/mo/{sim_id}',
		apiVersion: '1.0',
		params: [simId(), smsTime('begin_from', true), smsTime('end_by', true), pageNo(true), pageSize(100)],
		idempotent: true,
		returnsList: true,
		listPaging: paging('messages', 100),
		checks: ['timeRange'],
		docStatus: 'documented',
		docNote: `${IN_DEVELOPMENT} The time range is inferred as on the sent list.`,
	},
];

export const CURRENT_OPERATIONS: CurrentOperationSpec[] = ENTRIES.map((op) => ({ ...op, generation: 'current', pathOverridable: op.docStatus === 'inferred' }));

const BY_ID = new Map(CURRENT_OPERATIONS.map((op) => [op.id, op]));

export function getCurrentOperation(id: string): CurrentOperationSpec {
	const op = BY_ID.get(id);
	if (!op) throw new Error(`Unknown Linksfield Cube current API operation "${id}"`);
	return op;
}

export const isCurrentOperation = (op: OperationSpec): op is CurrentOperationSpec => op.generation === 'current';

export const CURRENT_RESOURCES: { value: Resource; name: string; description: string }[] = [
	{ value: 'sim', name: 'SIM', description: 'SIM cards and their state' },
	{ value: 'bundle', name: 'Bundle', description: 'Data bundles of SIM cards' },
	{ value: 'usage', name: 'Usage', description: 'Data usage of SIM cards' },
	{ value: 'sms', name: 'SMS', description: 'Text messages to SIM cards' },
];
