/** The languages the API answers in (Accept-Language) and the UIs and messages are written in. */
export type Language = 'en-US' | 'zh-CN';
export const LANGUAGES: { value: Language; name: string }[] = [
	{ value: 'en-US', name: 'English (en-US)' },
	{ value: 'zh-CN', name: 'Chinese (zh-CN)' },
];
