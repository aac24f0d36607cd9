/** What a sign v2 refusal can point at besides the clock and the environment (current-auth-diagnosis.ts). */
export type CurrentSigningSetting = 'keyId' | 'privateKey' | 'stripSpaces';
