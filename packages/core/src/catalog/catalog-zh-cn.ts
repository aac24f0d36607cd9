import type { Language } from '../client/language';
import { CURRENT_ZH_CN_OPERATION_NAMES, CURRENT_ZH_CN_TEXTS } from './current-catalog-zh-cn';
import { MAX_LIST_ITEMS, type OperationSpec } from './operations';

/**
 * The catalog's zh-CN texts, for editors that show a per-user language (Node-RED). The English catalog
 * (operations.ts, environments.ts, events.ts) stays the source: every text here is keyed by it.
 */

/**
 * Operation names by operation id — the vendor's own Chinese page titles (spec §6) where it has one. Keyed by
 * id, not by English name, because short names repeat across resources ("Get" is a SIM and a usage operation).
 */
export const ZH_CN_OPERATION_NAMES: Record<string, string> = {
	'sim.getAll': '批量获取拥有的设备信息',
	'sim.get': '查询单一设备实时信息',
	'sim.getInUse': '同步使用中SIM卡信息',
	'usage.get': '查询单张SIM卡流量使用情况',
	'usage.getMany': '批量查询SIM卡流量使用情况',
	'usage.getMnoRemaining': '运营商侧剩余流量查询',
	'plan.getPlans': '同步资费套餐',
	'plan.order': '订购流量套餐',
	'plan.bulkOrder': '批量订购套餐',
	'plan.renew': '续订流量套餐',
	'plan.getOrders': '查询套餐订单信息',
	'plan.enable': '开通/启用流量套餐订单',
	'plan.cancel': '取消流量套餐订单',
	'plan.endEarly': '提前结束设备套餐订单',
	'plan.pause': '停机/暂停流量套餐订单',
	'plan.resume': '复机/重新启动流量套餐订单',
	'plan.orderOta': 'OTA日套餐下单',
	'sms.send': '发送短信',
	'custom.call': '自定义 API 调用',
};

const INFERRED_PATH_EN = "Path inferred from the vendor's sibling CMP API — verify on UAT; the path can be overridden.";
const INFERRED_PATH_ZH = '路径推断自厂商的同系 CMP API——请在 UAT 上核实；路径可以改写。';

/**
 * Every other catalog text, keyed by its exact English wording. A changed English text thus has no translation
 * (the catalog test names it) instead of silently keeping a stale one.
 */
export const ZH_CN_TEXTS: Record<string, string> = {
	// The current API's entries first, so a text both catalogs have keeps its one translation below.
	...CURRENT_ZH_CN_TEXTS,

	// Resources
	SIM: 'SIM卡',
	'SIM cards and their state': 'SIM卡及其状态',
	Usage: '流量',
	'Data usage of SIM cards': 'SIM卡的流量使用',
	Plan: '套餐',
	'Data plans and their orders': '流量套餐及其订单',
	SMS: '短信',
	'Text messages to SIM cards': '发往SIM卡的短信',
	'Custom API Call': '自定义 API 调用',
	'Any signed call': '任意签名调用',

	// Operations: actions (menus, node labels), descriptions and notes
	'Get all SIM cards': '获取全部SIM卡',
	'Get information about every SIM card of the enterprise': '获取企业所有SIM卡的信息',
	[`${INFERRED_PATH_EN} Request fields and response are not documented; add fields as extra parameters.`]: `${INFERRED_PATH_ZH}请求字段与响应均无文档；字段可作为附加参数添加。`,
	'Get real-time info about a SIM': '查询SIM卡实时信息',
	'Real-time information of one SIM card, including the plan in use': '单张SIM卡的实时信息，包括使用中的套餐',
	'Get the SIM cards that have a plan in use': '获取有使用中套餐的SIM卡',
	'List of SIM cards with a plan in use (assetId = ICCID, lifeCycle)': '有使用中套餐的SIM卡列表（assetId = ICCID、lifeCycle）',
	'Get data usage of a SIM': '查询SIM卡流量使用情况',
	'Data usage of the current order cycle of one SIM, with used / remaining / percent used and the order ID to renew':
		'单张SIM卡当前订单周期的流量使用情况，含已用 / 剩余 / 已用百分比，以及续订所用的订单号',
	'Get data usage of many SIMs': '批量查询SIM卡流量使用情况',
	"Usage of a list of SIMs, one request per SIM with bounded concurrency and a rate limit (the vendor's batch usage endpoint is not documented)":
		'一组SIM卡的流量使用情况：每张卡一次请求，限制并发并限速（厂商的批量查询接口没有文档）',
	'Get remaining data on the MNO side': '查询运营商侧剩余流量',
	'The IMSI used by the order in use and its remaining data as the mobile operator reports it': '使用中订单所用的 IMSI，以及运营商报告的剩余流量',
	'Path documented; request fields inferred (device_id) and the response is not documented — verify on UAT.':
		'路径有文档；请求字段为推断（device_id），响应无文档——请在 UAT 上核实。',
	'Get the data plans that can be ordered': '获取可订购的流量套餐',
	'Data plans (package_code, name, type) available to the enterprise': '企业可订购的流量套餐（package_code、名称、类型）',
	[`${INFERRED_PATH_EN} Fields and response are not documented.`]: `${INFERRED_PATH_ZH}字段与响应均无文档。`,
	'Order a data plan for a SIM': '为SIM卡订购流量套餐',
	'Order a data plan for one SIM. Costs money: never retried automatically.': '为单张SIM卡订购流量套餐。会产生费用：从不自动重试。',
	'Order the same data plan for many SIMs': '为多张SIM卡订购同一流量套餐',
	'One synchronous order of the same plan for a list of SIMs; if one SIM does not qualify, nothing is ordered. Never retried automatically.':
		'为一组SIM卡同步订购同一套餐；只要有一张卡不满足订购要求，整批都不订购。从不自动重试。',
	'Renew a data plan order': '续订流量套餐订单',
	'Extend the validity of an order in use or not yet enabled. Never retried automatically.': '延长使用中或尚未启用的订单的有效期。从不自动重试。',
	'Query data plan orders': '查询流量套餐订单',
	'Query plan orders, filtered by SIM, order, status or type; pages through the results': '按SIM卡、订单、状态或类型查询套餐订单；自动逐页读取结果',
	'The order record has 22 camelCase fields of which the vendor page shows only a few; all are passed through.':
		'订单记录有 22 个 camelCase 字段，厂商页面只列出其中几个；全部原样输出。',
	'Enable a data plan order': '启用流量套餐订单',
	'Start an order that is not yet enabled. Never retried automatically.': '启用尚未启用的订单。从不自动重试。',
	[`${INFERRED_PATH_EN} Body inferred: order_id.`]: `${INFERRED_PATH_ZH}请求体为推断：order_id。`,
	'Cancel a data plan order': '取消流量套餐订单',
	'Cancel an order that is not yet enabled. Never retried automatically.': '取消尚未启用的订单。从不自动重试。',
	'End a data plan order early': '提前结束流量套餐订单',
	'End an order in use before it expires. Never retried automatically.': '在到期前结束使用中的订单。从不自动重试。',
	"Pause a SIM's order (deprecated by the vendor)": '暂停SIM卡的订单（厂商不推荐）',
	'Suspend the order in use of a SIM. Deprecated by the vendor. Never retried automatically.': '暂停SIM卡使用中的订单。厂商不推荐。从不自动重试。',
	'Path documented (deprecated); request fields inferred (device_id, order_id) — verify on UAT.':
		'路径有文档（不推荐）；请求字段为推断（device_id、order_id）——请在 UAT 上核实。',
	"Resume a SIM's paused order (deprecated by the vendor)": '恢复SIM卡已暂停的订单（厂商不推荐）',
	'Restart a suspended order of a SIM. Deprecated by the vendor. Never retried automatically.': '重新启用SIM卡已暂停的订单。厂商不推荐。从不自动重试。',
	[`${INFERRED_PATH_EN} Request fields inferred (device_id, order_id).`]: `${INFERRED_PATH_ZH}请求字段为推断（device_id、order_id）。`,
	'Order an OTA day plan for a SIM': '为SIM卡订购OTA日套餐',
	'Order an OTA day plan for one SIM. Never retried automatically.': '为单张SIM卡订购OTA日套餐。从不自动重试。',
	'Request documented; the meanings of days, timing_type and mcc and the response are not.': '请求有文档；days、timing_type、mcc 的含义与响应均无文档。',
	'Send an SMS to a SIM': '向SIM卡发送短信',
	'Send a text message to a SIM card. Never retried automatically.': '向SIM卡发送短信。从不自动重试。',
	[`${INFERRED_PATH_EN} Fields inferred (device_id, content) — add or rename via extra parameters.`]:
		`${INFERRED_PATH_ZH}字段为推断（device_id、content）——可通过附加参数添加或改名。`,
	'Make a signed call to any Cube API path': '对任意 Cube API 路径发起签名调用',
	'Any path and any parameters, signed like every other call — for endpoints the vendor documents elsewhere':
		'任意路径、任意参数，与其他调用一样签名——用于厂商在别处记载的接口',
	'Not retried unless marked safe to retry — never when its path is a catalog write\'s.': '除非标记为可安全重试，否则不重试；路径为目录中写操作的路径时一律不重试。',

	// Wordings being introduced on other branches (n8n sentence-case actions, the node's own caps on counts).
	'Get many SIM cards': '获取多张SIM卡',
	'Get live info about a SIM': '查询SIM卡实时信息',
	'Get data usage of many SIM cards': '批量查询SIM卡流量使用情况',
	'Order the same data plan for many SIM cards': '为多张SIM卡订购同一流量套餐',
	'Pause the order of a SIM': '暂停SIM卡的订单',
	'Resume the paused order of a SIM': '恢复SIM卡已暂停的订单',
	'Make a signed call to any API path': '对任意 API 路径发起签名调用',
	"Number of plan periods to order, 1–120 (this node's own cap, not the vendor's)": '订购的套餐周期数，1–120（本节点自设的上限，非厂商规定）',
	"Test data volume, usually 0; at most 1,000,000 (this node's own cap, not the vendor's)": '测试流量，通常为 0；最多 1,000,000（本节点自设的上限，非厂商规定）',
	"Number of periods to add, 1–120 (this node's own cap, not the vendor's)": '增加的周期数，1–120（本节点自设的上限，非厂商规定）',
	"Page number, 1–100,000 (this node's own cap, not the vendor's)": '页码，1–100,000（本节点自设的上限，非厂商规定）',
	"Number of plan days (meaning inferred), 1–3650 (this node's own cap, not the vendor's)": '套餐天数（含义为推断），1–3650（本节点自设的上限，非厂商规定）',

	// Parameters: labels, descriptions, options
	ICCID: 'ICCID',
	'ICCID of the SIM card: 19–20 digits': 'SIM卡的 ICCID：19–20 位数字',
	ICCIDs: 'ICCID 列表',
	'ICCIDs of the SIMs (a list, or text separated by commas or new lines)': 'SIM卡的 ICCID（列表，或以逗号、换行分隔的文本）',
	[`ICCIDs of the SIMs (at most ${MAX_LIST_ITEMS}; duplicates are refused)`]: `SIM卡的 ICCID（最多 ${MAX_LIST_ITEMS} 个；重复的会被拒绝）`,
	'Only orders of this SIM': '只查此SIM卡的订单',
	// Field help of every UI (fields.ts)
	'The 19–20 digit number printed on the SIM card (not the IMSI or the phone number)': '印在 SIM 卡上的 19–20 位数字（不是 IMSI，也不是电话号码）',
	'Field inferred — verify on UAT.': '字段为推断所得——请在 UAT 上核实。',
	'Order ID': '订单号',
	'Order ID (the `order_code` a usage query returns)': '订单号（流量查询返回的 `order_code`）',
	'Only this order': '只查此订单',
	'Order ID of the order to enable': '要启用的订单的订单号',
	'Order ID of the unenabled order to cancel': '要取消的未启用订单的订单号',
	'Order ID of the order to end': '要结束的订单的订单号',
	'Order ID of the order to pause': '要暂停的订单的订单号',
	'Order ID of the order to resume': '要恢复的订单的订单号',
	'Plan Code': '套餐编码',
	'Code of the data plan, e.g. DP20190726001274 (from Plan → Get Plans)': '流量套餐编码，例如 DP20190726001274（见 套餐 → 同步资费套餐）',
	'Plan Name': '套餐名称',
	'Name of the data plan, as Linksfield lists it': '流量套餐名称，与领科列出的一致',
	'Plan Type': '套餐类型',
	'Plan type as the vendor numbers it': '套餐类型，按厂商的编号',
	'Unlimited Daily Plan (0)': '不限量日套餐 (0)',
	'Daily Plan (1)': '日套餐 (1)',
	'Monthly Plan (2)': '月套餐 (2)',
	'3 Months Plan (3)': '3个月套餐 (3)',
	'6 Months Plan (4)': '6个月套餐 (4)',
	'Yearly Plan (5)': '年套餐 (5)',
	'Order Period': '订购周期',
	'Number of plan periods to order': '订购的套餐周期数',
	'Enable Immediately': '立即启用',
	'Enable the order at once. Must be No for OTA-capable SIMs.': '是否立即启用订单。支持 OTA 的SIM卡必须选“否”。',
	No: '否',
	Yes: '是',
	'Host Number Plan': '主号套餐',
	'Whether this is a host number plan; usually No': '是否为主号套餐；通常为“否”',
	'Pay Amount': '支付金额',
	'Amount with two decimal places': '金额，保留两位小数',
	'Payment Status': '支付状态',
	'Payment status of the order': '订单的支付状态',
	'Unpaid (1)': '未支付 (1)',
	'Paid (2)': '已支付 (2)',
	'Payment Method': '支付方式',
	'Mode of payment': '支付方式',
	'iPay88 (0)': 'iPay88 (0)',
	'WeChat Pay (1)': '微信支付 (1)',
	'Alipay (2)': '支付宝 (2)',
	'Test Data Volume': '测试流量',
	'Test data volume; usually 0': '测试流量；通常为 0',
	'Test Data': '测试数据',
	'Whether this is test data; usually No': '是否为测试数据；通常为“否”',
	'Renew Periods': '续订周期数',
	'Number of periods to add': '增加的周期数',
	'Order Status': '订单状态',
	'Only orders in this status (values not documented by the vendor)': '只查此状态的订单（厂商未记载取值）',
	'Order Type': '订单类型',
	'Only orders of this type (values not documented by the vendor)': '只查此类型的订单（厂商未记载取值）',
	Page: '页码',
	'Page number, from 1': '页码，从 1 开始',
	'Page Size': '每页条数',
	'Orders per page': '每页订单数',
	Days: '天数',
	'Number of plan days (meaning inferred)': '套餐天数（含义为推断）',
	'Timing Type': '计时方式',
	'Start timing mode (values not documented; the vendor example uses "1")': '开始计时方式（取值无文档；厂商示例使用 "1"）',
	MCC: 'MCC',
	'Target country code (meaning inferred)': '目标国家代码（含义为推断）',
	Message: '短信内容',
	'Text of the message (field name inferred)': '短信的文本（字段名为推断）',
	Path: '路径',
	'Path below the base URL, e.g. /flow/queryDeviceFlowUsage': '基础 URL 之下的路径，例如 /flow/queryDeviceFlowUsage',
	Parameters: '参数',
	'Body parameters (JSON object); access_code, timestamp, version and sign are added': '请求体参数（JSON 对象）；access_code、timestamp、version 和 sign 会自动加上',

	// Environments and languages (config node)
	Production: '生产环境',
	'api.io.linksfield.net/cube/v4 — host family of the UAT server (inferred; confirm with Linksfield)':
		'api.io.linksfield.net/cube/v4——与 UAT 服务器同一主机族（推断；请向领科确认）',
	'Production (apiv3)': '生产环境 (apiv3)',
	"apiv3.linksfield.net — the production host named on the vendor's overview page": 'apiv3.linksfield.net——厂商概述页面列出的生产主机',
	UAT: 'UAT 测试环境',
	"The vendor's test environment": '厂商的测试环境',
	Custom: '自定义',
	'Any base URL: the local simulator, a proxy': '任意基础 URL：本地模拟器、代理',
	'English (en-US)': '英文 (en-US)',
	'Chinese (zh-CN)': '中文 (zh-CN)',

	// Callback events and codes (callback-in node); order status names as the vendor's Chinese table has them
	'Usage Warning': '流量预警',
	'No plan, plan expiring, plan expired, trial data used up (codes 1–4)': '未购买套餐、即将到期、已到期、体验套餐流量耗尽（代码 1–4）',
	'Order Status Change': '订单状态变更',
	'Order created, enabled, paused, extended, ended… (codes 1000–1012)': '订单创建、启用、暂停、续订、结束……（代码 1000–1012）',
	'SMS Received (MO)': '收到短信（上行）',
	'A text message sent by a SIM': 'SIM卡发出的短信',
	Other: '其他',
	'A callback of a kind not described by the vendor docs': '厂商文档未描述的回调',
	'No plan purchased': '无购买套餐',
	'Plan expires in less than 7 days': '即将到期（不足 7 天）',
	'Plan expired': '已到期',
	'Trial plan data used up': '体验套餐流量耗尽',
	'Order created': '订购新订单',
	'Order ended early': '提前结束订单',
	'Order cancelled': '取消订单',
	'Order paused': '暂停订单',
	'Order restarted': '重新启用订单',
	'Order started (non-OTA)': '非OTA启用订单',
	'Order started (OTA)': 'OTA启用订单',
	'Order expired': '订单自动结束',
	'Order extended': '续订订单',
	'Order cycle reduced': '更改（减少）周期',
	'IMSI downloaded again (OTA)': 'OTA重新下号',
};

/** A catalog text in `language`; English where no translation exists (the catalog test keeps that from shipping). */
export function catalogText(text: string, language: Language | string): string {
	return language === 'zh-CN' && Object.hasOwn(ZH_CN_TEXTS, text) ? ZH_CN_TEXTS[text] : text;
}

/** An operation's name in `language`. */
export function operationName(op: OperationSpec, language: Language | string): string {
	if (language !== 'zh-CN') return op.name;
	if (Object.hasOwn(ZH_CN_OPERATION_NAMES, op.id)) return ZH_CN_OPERATION_NAMES[op.id];
	return Object.hasOwn(CURRENT_ZH_CN_OPERATION_NAMES, op.id) ? CURRENT_ZH_CN_OPERATION_NAMES[op.id] : op.name;
}
