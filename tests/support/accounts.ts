// Pure: imported by vitest and by Playwright (e2e/support.ts), so no database and no '@/' alias.

/** The password of every account a test creates, through the verbs or the command line. */
export const TEST_PASSWORD = 'correct horse battery staple';
