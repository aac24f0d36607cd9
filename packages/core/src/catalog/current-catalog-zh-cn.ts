/**
 * zh-CN texts of the current API's catalog entries (current-operations.ts), keyed as the legacy ones are
 * (catalog-zh-cn.ts, which merges these in): operation names by id, every other text by its exact English wording.
 * Texts the legacy catalog already has ("SIM", "ICCID", "Page"…) are translated there once.
 */

export const CURRENT_ZH_CN_OPERATION_NAMES: Record<string, string> = {
	'current.sim.getMany': '批量查询SIM卡',
	'current.sim.get': '查询SIM卡详情',
	'current.sim.getStatus': '查询SIM卡状态',
	'current.sim.activate': '激活SIM卡',
	'current.sim.suspend': '停机（暂停SIM卡）',
	'current.sim.resume': '复机（恢复SIM卡）',
	'current.sim.getAsyncResult': '查询异步请求结果',
	'current.bundle.getMany': '查询SIM卡的套餐',
	'current.bundle.add': '为SIM卡添加套餐',
	'current.bundle.cancel': '结束SIM卡的套餐',
	'current.usage.get': '查询SIM卡每日/每月用量',
	'current.usage.getAccumulated': '查询SIM卡累计用量（将废弃）',
	'current.sms.send': '发送短信',
	'current.sms.getSent': '查询下行短信（MT）',
	'current.sms.getReceived': '查询上行短信（MO）',
};

const ASYNC_EN = 'The answer only acknowledges the request; the SIM is locked until the result is known. Never retried automatically.';
const ASYNC_ZH = '响应只表示请求已受理；在结果确定前该SIM卡被锁定。从不自动重试。';
const IN_DEVELOPMENT_EN = 'Marked "in development" by the vendor.';
const IN_DEVELOPMENT_ZH = '厂商标注为“开发中”。';

export const CURRENT_ZH_CN_TEXTS: Record<string, string> = {
	// Resources
	Bundle: '套餐',
	'Data bundles of SIM cards': 'SIM卡的流量套餐',

	// SIM
	'SIM cards of the organisation with their status, contract and bundles, 100 a request with Return All; each carries the usage of its bundle in use (used, total, remaining, percent used)':
		'组织的SIM卡及其状态、合约与套餐；“返回全部”时每次请求 100 张；每张卡附带其使用中套餐的用量（已用、总量、剩余、已用百分比）',
	'Whether a SIM record lists all its bundles or only the one in use is not documented. Data amounts are in bytes by inference.':
		'SIM卡记录列出的是全部套餐还是仅使用中的套餐，厂商未记载。流量单位推断为字节。',
	Status: '状态',
	'Only SIM cards in this status': '只查此状态的SIM卡',
	'Pre-Active (10)': '待激活 (10)',
	'Active-Live (23)': '已激活 (23)',
	'Paused (30)': '已停机 (30)',
	'Expired (40)': '已过期 (40)',
	'Terminated (50)': '已销户 (50)',
	"Records per page, 1–100 (the vendor's default is 10)": '每页记录数，1–100（厂商默认为 10）',
	"Records per page, 1–100 (the vendor's default is 100)": '每页记录数，1–100（厂商默认为 100）',
	'Get a SIM card': '查询SIM卡',
	'Details of one SIM card: status, profiles, latest session, contract and the bundle in use with its usage': '单张SIM卡的详情：状态、档案、最近会话、合约，以及使用中的套餐及其用量',
	'The meanings of tech, physical_specs.type, sim_service.type and global_overage_policy are not documented; all fields are passed through.':
		'tech、physical_specs.type、sim_service.type 与 global_overage_policy 的含义无文档；所有字段原样输出。',
	'Get the status of a SIM card': '查询SIM卡状态',
	'Status of one SIM card, where the vendor says to follow Activate and Resume': '单张SIM卡的状态；厂商指明以此跟踪激活与复机的结果',
	'Path inferred from the vendor\'s "use API /status" — verify on UAT; the path can be overridden. The answer is not documented; SIM → Get carries the documented status.':
		'路径推断自厂商的“use API /status”——请在 UAT 上核实；路径可以改写。响应无文档；SIM卡 → 查询SIM卡 带有有文档的状态。',
	'Activate a SIM card': '激活SIM卡',
	[`Activate a pre-activated SIM card that has a bundle not yet started. ${ASYNC_EN}`]: `激活有未启用套餐的待激活SIM卡。${ASYNC_ZH}`,
	'No body (inferred); the answer is not documented: the vendor follows the result with the SIM status. OTA SIM cards cannot be activated here.':
		'无请求体（推断）；响应无文档：厂商以SIM卡状态跟踪结果。OTA SIM卡不能在此激活。',
	'Suspend a SIM card': '停机（暂停SIM卡）',
	[`Suspend a SIM card. ${ASYNC_EN}`]: `暂停SIM卡（停机）。${ASYNC_ZH}`,
	'Path, method and API version inferred from Resume and Cancel (the vendor names "Suspend v2 (Async)" without its page) — verify on UAT; the path can be overridden. Body and answer are not documented. A SIM suspended mid-cycle may still be charged.':
		'路径、方法与 API 版本推断自复机与结束套餐接口（厂商提到“Suspend v2 (Async)”，但没有其页面）——请在 UAT 上核实；路径可以改写。请求体与响应无文档。在计费周期中途停机仍可能产生费用。',
	'Resume a SIM card': '复机（恢复SIM卡）',
	[`Resume a paused SIM card; on an expired one, start a bundle not yet started. ${ASYNC_EN}`]: `恢复已停机的SIM卡；对已过期的卡，启用一个未启用的套餐。${ASYNC_ZH}`,
	'Body and answer are not documented: the vendor follows the result with the SIM status.': '请求体与响应无文档：厂商以SIM卡状态跟踪结果。',
	'Get the result of an asynchronous request': '查询异步请求的结果',
	'The result of an asynchronous write (add bundle with activation, cancel, suspend…) by its request ID': '按请求 ID 查询异步写操作（添加并激活套餐、结束套餐、停机……）的结果',
	'Path documented; the states and fields of the answer are not (passed through as they come). API version 4.0 is a guess and can be changed.':
		'路径有文档；响应的状态与字段无文档（原样输出）。API 版本 4.0 为猜测，可以修改。',
	'Request ID': '请求 ID',
	'The `request_id` a write answered with': '写操作响应中的 `request_id`',

	// Bundles
	'Get the bundles of a SIM card': '查询SIM卡的套餐',
	'Every bundle added to one SIM card, in any status, with its data limit and the usage of its current cycle': '单张SIM卡添加过的所有套餐（任意状态），含流量上限与当前周期的用量',
	'Paging inferred as on the SIM list; the API version is not stated (no X-LF-Api-Version is sent unless one is given). Data amounts are in bytes by inference.':
		'分页方式推断与SIM卡列表相同；API 版本未注明（除非指定，否则不发送 X-LF-Api-Version）。流量单位推断为字节。',
	'Only bundles in these statuses': '只查这些状态的套餐',
	'Not Started (0)': '未启用 (0)',
	'In Use (1)': '使用中 (1)',
	'Paused (2)': '已暂停 (2)',
	'Ended (3)': '已结束 (3)',
	'Add a bundle to a SIM card': '为SIM卡添加套餐',
	'Add a data bundle to one SIM card, to start now (asynchronous) or later. Costs money: never retried automatically.':
		'为单张SIM卡添加流量套餐，立即启用（异步）或稍后启用。会产生费用：从不自动重试。',
	'That bundle_id and bundle_type are required is inferred; the default of activate is not documented, so it is always sent. The answer (order_id, request_id) is inferred from the Cancel page.':
		'bundle_id 与 bundle_type 为必填是推断；activate 的默认值无文档，因此总是发送。响应（order_id、request_id）推断自结束套餐页面。',
	'Bundle ID': '套餐 ID',
	"Code of the bundle, e.g. LP09823222320 (the `bundleId` of a SIM's usage); letters, digits, - and _": '套餐编码，例如 LP09823222320（SIM卡用量中的 `bundleId`）；字母、数字、- 和 _',
	'Bundle Type': '套餐类型',
	'Basic bundle or add-on': '基础套餐或加油包',
	'Basic (10)': '基础套餐 (10)',
	'Add-On (11)': '加油包 (11)',
	Cycles: '周期数',
	"Number of cycles to buy, 1–120 (this node's own cap, not the vendor's); ignored for add-ons": '购买的周期数，1–120（本节点自设的上限，非厂商规定）；加油包忽略此项',
	'Activate Now': '立即激活',
	'Start the bundle now (asynchronous; on an active SIM the current bundle is paused or ended) or keep it for later': '立即启用套餐（异步；在已激活的卡上，当前套餐会被暂停或结束），或留待以后',
	'End bundles of a SIM card': '结束SIM卡的套餐',
	[`End one bundle of a SIM card, or all of them (the SIM is then suspended, its number kept). Not a termination. ${ASYNC_EN}`]:
		`结束SIM卡的一个套餐或全部套餐（全部结束后SIM卡停机保号）。不是销户。${ASYNC_ZH}`,
	'That order_id and keep_alive go in the body is inferred; the answer beyond request_id is not documented. API version 4.0 is a guess and can be changed.':
		'order_id 与 keep_alive 放在请求体中为推断；除 request_id 外的响应无文档。API 版本 4.0 为猜测，可以修改。',
	Mode: '方式',
	"What to end; this node's own choice, never sent: it decides whether order_id and keep_alive go": '要结束什么；本节点自己的选项，不会发送：它决定是否发送 order_id 与 keep_alive',
	'End One Bundle': '结束一个套餐',
	'End One Bundle and Start the Next': '结束一个套餐并启用下一个',
	'End All Bundles': '结束全部套餐',
	'The bundle order to end, as Add Bundle returned it; required unless all bundles end': '要结束的套餐订单，即添加套餐时返回的订单号；除结束全部套餐外必填',
	'Start the Next Bundle': '启用下一个套餐',
	'Start the next bundle not yet started; set by the mode': '启用下一个未启用的套餐；由“方式”决定',

	// Usage
	'Get daily or monthly usage of a SIM card': '查询SIM卡每日或每月用量',
	'Data usage of one SIM card per day (at most 60 days back) or per month (at most 6 months back), not before 2023-01-01':
		'单张SIM卡按日（最多回溯 60 天）或按月（最多回溯 6 个月）的流量用量，不早于 2023-01-01',
	"The page names the parameter category, the vendor's signing example category_type; that the fields are required and the daily date format are inferred. Usage is a string in bytes by inference, and recent periods may still change.":
		'接口页面称该参数为 category，厂商的签名示例则为 category_type；字段为必填与按日的日期格式为推断。用量为字符串，单位推断为字节，最近的周期仍可能变化。',
	Category: '类别',
	'What usage to read; only data is documented': '要查询的用量类别；只有 data 有文档',
	Data: '数据流量',
	Period: '周期',
	'Usage per day or per month': '按日或按月的用量',
	'Daily (1)': '按日 (1)',
	'Monthly (2)': '按月 (2)',
	From: '开始',
	'First day (YYYY-MM-DD) or month (YYYY-MM), UTC': '第一天 (YYYY-MM-DD) 或第一个月 (YYYY-MM)，UTC',
	To: '结束',
	'Last day (YYYY-MM-DD) or month (YYYY-MM), UTC': '最后一天 (YYYY-MM-DD) 或最后一个月 (YYYY-MM)，UTC',
	'Get accumulated usage of a SIM card': '查询SIM卡累计用量',
	'Data a SIM card used since a date, in bytes. Deprecated by the vendor: use the SIM list or daily / monthly usage instead.': 'SIM卡自某日以来使用的流量，单位字节。厂商将废弃此接口：请改用SIM卡列表或每日 / 每月用量。',
	'The vendor marks this endpoint "to be deprecated"; do not build on it.': '厂商将此接口标为“将废弃”；请勿依赖。',

	// SMS
	'Send an SMS to SIM cards': '向SIM卡发送短信',
	"Send one text message to up to 100 SIM cards, as a job. Not retried, except once with the same nonce within the vendor's 10 s window (the vendor then sends it once).":
		'向最多 100 张SIM卡发送同一条短信（作为一个任务）。不重试，唯一例外：在厂商的 10 秒窗口内以相同 nonce 重发一次（厂商只会发送一次）。',
	[`${IN_DEVELOPMENT_EN} Not every SIM card can receive SMS through the API; delivery is read per SIM from the sent list.`]:
		`${IN_DEVELOPMENT_ZH}并非所有SIM卡都能通过 API 接收短信；送达状态需按卡从下行短信列表读取。`,
	'ICCIDs of the SIMs, at most 100 (a list, or text separated by commas or new lines)': 'SIM卡的 ICCID，最多 100 个（列表，或以逗号、换行分隔的文本）',
	'Message Type': '短信类型',
	'Text or binary; the encoding of binary content is not documented': '文本或二进制；二进制内容的编码无文档',
	'Text (1)': '文本 (1)',
	'Binary (2)': '二进制 (2)',
	'Text of the message, at most 140 characters': '短信文本，最多 140 个字符',
	'Get SMS sent to a SIM card': '查询发往SIM卡的短信',
	'Messages sent to one SIM card (MT) with their delivery status; kept at most 180 days': '发往单张SIM卡的短信（MT）及其送达状态；最多保留 180 天',
	[IN_DEVELOPMENT_EN]: IN_DEVELOPMENT_ZH,
	'Only messages in this status': '只查此状态的短信',
	'Succeeded (1)': '发送成功 (1)',
	'Failed (2)': '发送失败 (2)',
	'Processing (3)': '处理中 (3)',
	'All (4)': '全部 (4)',
	'Start of the time range, epoch milliseconds (UTC); without a range, the last 7 days': '时间范围的开始，epoch 毫秒 (UTC)；不指定范围时为最近 7 天',
	'End of the time range, epoch milliseconds (UTC)': '时间范围的结束，epoch 毫秒 (UTC)',
	'Get SMS received from a SIM card': '查询SIM卡发出的短信',
	'Messages one SIM card sent (MO)': '单张SIM卡发出的短信（MO）',
	[`${IN_DEVELOPMENT_EN} The time range is inferred as on the sent list.`]: `${IN_DEVELOPMENT_ZH}时间范围推断与下行短信列表相同。`,

	// Environments (current-environments.ts)
	'Production (api.io)': '生产环境 (api.io)',
	"api.linksfield.net/cube/v4 — the host of the vendor's overview page": 'api.linksfield.net/cube/v4——厂商概述页所列的主机',
	"api.io.linksfield.net/cube/v4 — the host of the vendor's sign v2 example; which host is canonical is not documented":
		'api.io.linksfield.net/cube/v4——厂商签名 v2 示例中的主机；哪个主机为正式主机，厂商未记载',
	"The vendor's test environment (that it serves this API is not confirmed)": '厂商的测试环境（是否提供此版 API 尚未确认）',
	'Any base URL: the local simulator (…/cube/v4), a proxy': '任意基础 URL：本地模拟器（…/cube/v4）、代理',
};
