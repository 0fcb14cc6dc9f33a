import { expect, test, type Page } from '@playwright/test';
import { outageURL } from '../playwright.config';
import { answerTokenPrompt, appCode, createAccount, createAccountWithAuthenticator, signIn, signInAs, stepsFromNow } from './support';

// Over https the names also carry __Host- and the Secure flag (lib/sessions/cookie-settings.test.ts);
// this server runs on http://localhost, where browsers refuse both.
test('the pending login and the session are separate HttpOnly, SameSite=Lax cookies; the session exists only after the code', async ({ page, context }) => {
  const account = await createAccountWithAuthenticator(page);
  await signIn(page, account);
  await expect(page).toHaveURL(/\/sign-in\/token$/);
  let cookies = await context.cookies();
  const pending = cookies.find((cookie) => cookie.name === 'gatehouse.pending-login');
  expect(pending).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(cookies.find((cookie) => cookie.name === 'gatehouse.session')).toBeUndefined();

  await answerTokenPrompt(page, appCode(account.secret, stepsFromNow(1)));
  await expect(page).toHaveURL(/\/settings\/security$/);
  cookies = await context.cookies();
  const session = cookies.find((cookie) => cookie.name === 'gatehouse.session');
  expect(session).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
  expect(session?.value).not.toBe(pending?.value);
  expect(cookies.find((cookie) => cookie.name === 'gatehouse.pending-login')).toBeUndefined();
});

/** The fields a form would post, read from the page as the browser would send them. */
async function formFields(page: Page, buttonName: string): Promise<Record<string, string>> {
  return page.getByRole('button', { name: buttonName }).evaluate((button) => {
    const form = (button as HTMLButtonElement).form as HTMLFormElement;
    return Object.fromEntries([...new FormData(form).entries()].map(([key, value]) => [key, String(value)]));
  });
}

test.describe('cross-site posts', () => {
  // Without JavaScript the form's fields are exactly what a browser (or a forged page) posts.
  test.use({ javaScriptEnabled: false });

  test('a state change posted from another origin is refused and changes nothing', async ({ page }) => {
    await signInAs(page, await createAccount());
    const fields = await formFields(page, 'Sign out everywhere');

    const forged = await page.request.post('/settings/security', { multipart: fields, headers: { Origin: 'https://attacker.example' }, maxRedirects: 0 });
    expect(forged.status()).toBeGreaterThanOrEqual(400);
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Account Security' })).toBeVisible();

    // The same post from our own origin is accepted: the refusal above was the origin check.
    const genuine = await page.request.post('/settings/security', { multipart: fields, headers: { Origin: new URL(page.url()).origin }, maxRedirects: 0 });
    expect(genuine.status()).toBe(303);
    await page.reload();
    await expect(page).toHaveURL(/\/sign-in$/);
  });
});

test('a client cannot choose the address that rate limits and the activity log see', async ({ page }) => {
  // This server trusts one proxy hop: only the last X-Forwarded-For entry (the one the proxy
  // appended) counts; whatever a client wrote before it, and our own header, do not.
  const account = await createAccount();
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.9, 192.0.2.44', 'X-Gatehouse-Client-Ip': '198.51.100.7' });
  await signIn(page, { email: account.email, password: 'wrong password, once' });
  await signIn(page, account);
  await expect(page).toHaveURL(/\/settings\/security$/);
  const activity = page.getByRole('region', { name: 'Recent security activity' });
  await expect(activity).toContainText('Failed sign-in: wrong password');
  await expect(activity).toContainText('192.0.2.44');
  await expect(activity).not.toContainText('203.0.113.9');
  await expect(activity).not.toContainText('198.51.100.7');
});

test('without a trusted proxy, X-Forwarded-For is ignored altogether', async ({ page }) => {
  const account = await createAccount();
  await page.setExtraHTTPHeaders({ 'X-Forwarded-For': '203.0.113.9', 'X-Gatehouse-Client-Ip': '198.51.100.7' });
  await page.goto(`${outageURL}/sign-in`);
  await page.getByLabel('Email').fill(account.email);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  const activity = page.getByRole('region', { name: 'Recent security activity' });
  await expect(activity).toContainText('127.0.0.1');
  await expect(activity).not.toContainText('203.0.113.9');
  await expect(activity).not.toContainText('198.51.100.7');
});
