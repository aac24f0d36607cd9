import * as core from '../src';

// The package entry names its public API; helpers that only the core's own modules use stay out of it, so
// changing them is not a breaking change for users of the package.
test('the package entry exports the public API and none of the internals', () => {
	for (const name of ['CubeClient', 'execute', 'repeatedWrite', 'writeTargets', 'OPERATIONS', 'getOperation', 'signRequestBody', 'verifyNotification', 'CallbackReceiver', 'CubeApiError', 'detectSigning', 'checkSigning', 'usageFacts', 'simplifyRecord']) {
		expect(core).toHaveProperty(name);
	}
	for (const name of ['readResponse', 'RESERVED', 'toList', 'operationTable', 'RateLimiter', 'isEmptyParam', 'timestampNow', 'ZH_CN_TEXTS']) {
		expect(core).not.toHaveProperty(name);
	}
});
