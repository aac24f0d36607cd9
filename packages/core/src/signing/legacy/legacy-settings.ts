/** What a legacy signature refusal can point at: the HMAC scheme's settings and what they depend on. */
export type LegacySigningSetting = 'secret' | 'accessCode' | 'environment' | 'timestampUnit' | 'escapeNonAscii' | 'keyOrder' | 'clock';
