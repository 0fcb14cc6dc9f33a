import { describe, expect, it } from 'vitest';
import { updateBrandSettings } from '@/lib/brands/update-brand-settings';
import { updatePlatformSettings } from '@/lib/policy/update-platform-settings';
import { createTestAppPassword, mailLogin } from '@/tests/support/app-passwords';
import { createTestBrand } from '@/tests/support/brands';
import { expectAppError } from '@/tests/support/errors';
import { inOwnDatabase } from '@/tests/support/own-database';
import { createTestUser, TEST_CONSOLE } from '@/tests/support/users';

// Issue 12: turning app passwords off stops every one of them at once, whichever layer turns them
// off. The mail login reads the platform's and the brand's setting in its own statement
// (lib/mail-auth/find-mail-account.ts), so the platform's layer is tested here, in a database of
// this file's own: it changes what every brand inherits.
inOwnDatabase('gh_mail_platform');

describe('the platform turning app passwords off', () => {
  it('stops the app passwords of every brand that follows it at the next login, and turning it on restores them', async () => {
    const brand = await createTestBrand();
    const user = await createTestUser({ domain: brand.domain });
    const { password } = await createTestAppPassword(user);
    expect(await mailLogin({ email: user.email, password })).toMatchObject({ result: 'accept', via: 'app_password' });

    await updatePlatformSettings({ actor: TEST_CONSOLE, changes: { allowAppPasswords: false } });
    expect(await mailLogin({ email: user.email, password })).toEqual({ result: 'refuse', reason: 'MAIL_APP_PASSWORDS_OFF' });

    // Issue 17: the platform's "off" is a floor; a brand turns app passwords back on only where the
    // platform lets brands loosen that switch.
    await expectAppError(updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { allowAppPasswords: true } }), 'HELD_BY_PLATFORM');
    expect(await mailLogin({ email: user.email, password })).toEqual({ result: 'refuse', reason: 'MAIL_APP_PASSWORDS_OFF' });
    await updatePlatformSettings({ actor: TEST_CONSOLE, changes: {}, brandsMayLoosen: ['allowAppPasswords'] });
    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { allowAppPasswords: true } });
    expect(await mailLogin({ email: user.email, password })).toMatchObject({ result: 'accept', via: 'app_password' });
    await updateBrandSettings({ actor: TEST_CONSOLE, brandId: brand.id, changes: { allowAppPasswords: null } });
    expect(await mailLogin({ email: user.email, password })).toEqual({ result: 'refuse', reason: 'MAIL_APP_PASSWORDS_OFF' });

    await updatePlatformSettings({ actor: TEST_CONSOLE, changes: { allowAppPasswords: true } });
    expect(await mailLogin({ email: user.email, password })).toMatchObject({ result: 'accept', via: 'app_password' });
  });
});
