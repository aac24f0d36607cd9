// The shared entry, no HTTP client in here (n8n brings its own; node.ts adds the axios one). The core's public
// API, by name: signing and notification verification, the operation catalog (with its
// zh-CN texts), the client and its transport, errors, events and usage facts, callback receiving, signing
// detection and diagnosis. Everything else in src/ (response reading, reserved keys, list parsing, rate
// limiting, …) is internal and may change without notice.
export { canonicalize, hmacSha1Base64, sign, signRequestBody, type CanonicalOptions, type Params, type SigningConfig } from './signing/legacy/sign';
export { signV2Message, type SignV2Request, type SignV2Settings } from './signing/current/sign-v2-message';
export { type Refusal, type RefusalContext, type SignableRequest, type SignedRequest, type Signer, type SigningDiagnosis, type SigningScheme } from './signing/signer';
export { LegacyHmacSigner, legacyHmacSigner, type LegacySigningInput } from './signing/legacy/legacy-hmac-signer';
export { SignV2Signer, type SignV2SignerOptions } from './signing/current/sign-v2-signer';
export { parsePrivateKey } from './signing/current/private-key';
export { checkKeyId } from './signing/current/key-id';
export { CURRENT_SUCCESS, SIM_LOCKED, currentApiError, readCurrentResponse, type CurrentErrorContext, type CurrentFailure, type CurrentReadContext, type CurrentReading } from './client/current-response';
export { diagnoseCurrentAuth, signedContentTraits, type CurrentAuthContext, type CurrentAuthDiagnosis } from './signing/current/current-auth-diagnosis';
export { checkCurrentApi, type CurrentApiCheckOptions, type CurrentApiCheckReport } from './signing/current/current-api-check';
export { NOTIFICATION_HEADERS, notificationMessage, signNotification, type NotificationToSign, type SignedNotification } from './callbacks/notification-signature';
export {
	DEFAULT_NOTIFICATION_TOLERANCE_MS,
	currentNotificationVerifier,
	verifyCurrentNotification,
	type CurrentNotificationCheck,
	type CurrentNotificationOptions,
	type CurrentNotificationRefusal,
} from './callbacks/current-notification-verifier';
export { type NotificationVerdict, type NotificationVerifier } from './callbacks/notification-verifier';
export { DELIVERY_HEADER, SIGNATURE_HEADER, notificationDigest, verifyNotification, type NotificationCheck, type NotificationHeaders } from './callbacks/notify';
export { EVENT_TYPES, ORDER_STATUS_CODES, WARNING_CODES, normalizeNotification, type CubeEvent, type CubeEventType, type NotificationMeta } from './callbacks/events';
export {
	ENDPOINT_OPERATIONS,
	FAN_OUT_CONCURRENCY,
	ICCID_PATTERN_NOTE,
	MAX_DAYS,
	MAX_LIST_ITEMS,
	MAX_PAGE_NO,
	MAX_PERIODS,
	MAX_TEST_FLOW,
	OPERATIONS,
	RESOURCES,
	getOperation,
	isWrite,
	type ItemResultsSpec,
	type OperationSpec,
	type PagingSpec,
	type ParamOption,
	type ParamSpec,
	type ParamType,
	type Resource,
} from './catalog/operations';
export { catalogText, operationName } from './catalog/catalog-zh-cn';
export {
	CURRENT_MAX_PAGE_SIZE,
	CURRENT_OPERATIONS,
	CURRENT_RESOURCES,
	MAX_SMS_CHARACTERS,
	MAX_SMS_SIMS,
	SMS_SAME_NONCE_WINDOW_MS,
	USAGE_WINDOWS,
	getCurrentOperation,
	isCurrentOperation,
	type CurrentCheck,
	type CurrentOperationSpec,
	type CurrentPagingSpec,
} from './catalog/current-operations';
export { API_LIMITS, type ApiLimits } from './catalog/api-limits';
export { type ApiGeneration, type AsyncSpec, type HttpMethod, type ParamPlace } from './catalog/operations';
export { characterCount, validateCurrentParams, type CurrentValidateOptions } from './current/current-validate';
export { buildCurrentRequest, currentQueryString, type CurrentRequest, type CurrentRequestOptions } from './current/current-request';
export { BUNDLE_IN_USE, currentUsageFacts, withCurrentUsageFacts, type CurrentUsageFacts } from './current/current-usage-facts';
export { nextSweepPage, usageSweepCost, type SweepCost, type SweepPage } from './current/usage-sweep-plan';
export { WAIT_FOR_RESULT, checkWaitTimeout, defaultResultState, waitForResult, type ResultState, type WaitForResultOptions, type WaitOutcome } from './current/wait-for-result';
export { acknowledgeWrite, type WriteAcknowledgement } from './current/write-acknowledgement';
export { SAME_NONCE_MARGIN_MS, mayResendWithSameNonce } from './current/same-nonce-resend';
export { fieldsFor, listOptionDefaults, ownFields, placementOf, type Field } from './catalog/fields';
export { iccidsFromText, validateParams, type IccidCheck, type ValidateOptions } from './catalog/validate';
export { CubeApiError, CubeValidationError, targetOf, toPlainError, type CubeApiErrorInit, type ErrorKind, type FailureKind, type Outcome, type PlainError } from './results/errors';
export { usageFacts, withUsageFacts, type UsageFacts } from './results/usage';
export { simplifyRecord } from './results/simplify';
export { withoutUndefined } from './results/without-undefined';
export { TransportError, bodyText, queryString, requestUrl, transportErrorFrom, type Transport, type TransportFailure, type TransportRequest, type TransportResponse, type TransportTarget } from './transport/transport';
export { ENVIRONMENTS, LANGUAGES, baseUrlFor, checkedBaseUrl, type Environment, type Language } from './client/environments';
export { CubeClient, type CubeClientOptions, type OrdersQuery } from './client/cube-client';
export { type CallOptions } from './client/call-options';
export { type ManyOptions, type ManyResult } from './client/fan-out';
export { type PagesOptions } from './client/pager';
export { type RetryOptions } from './client/retry-policy';
export { createCurrentClient, currentClientOptions, type CurrentClientSettings } from './client/current-client';
export { type CurrentCallOptions, type CurrentPagesOptions, type CurrentWriteResult, type UsageSweepOptions, type UsageSweepResult, type WaitedWrite } from './client/current-call';
export { CURRENT_ENVIRONMENTS, currentBaseUrlFor, type CurrentEnvironment } from './current/current-environments';
export { execute, operationRun, type ExecuteOptions, type ExecuteResult, type OperationRun } from './client/execute';
export { itemResults, resultSummary } from './results/item-results';
export { catalogWriteAt, failureAbout, repeatedWrite, writeDecision, writeTargets, type RepeatedWrite, type WriteDecision, type WriteFailure, type WriteTargets } from './results/repeated-write';
export { CallbackReceiver, type CallbackReceiverOptions, type ReceiveResult } from './callbacks/callback-receiver';
export { diagnoseRejection, type Diagnosis, type DiagnosisContext, type Rejection, type RejectionKind, type SigningSetting } from './signing/legacy/signing-diagnosis';
export { MAX_DETECTION_REQUESTS, SigningDetectionError, describeSettings, detectSigning, type DetectedSigning, type DetectionAttempt, type SigningSettings } from './signing/legacy/detect-signing';
export { checkSigning, type SettingChange, type SigningCheckReport } from './signing/legacy/signing-check';
