import { randomBytes, randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createBrand } from '@/lib/brands/create-brand';
import { updateBrandSenders } from '@/lib/brands/update-brand-senders';
import { consoleActor } from '@/lib/core/console-actor';
import { prisma } from '@/lib/db/prisma';
import { readMessageBrand } from '@/lib/messaging/message-brand';
import { sendCodeMessage } from '@/lib/messaging/send-code-message';
import { callCodeTwiml } from '@/lib/messaging/voice-script';
import { createNewBackupCodes } from '@/lib/mfa/backup-codes/create-new-backup-codes';
import { getTotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { startTotpEnrolment } from '@/lib/mfa/totp/start-totp-enrolment';
import { sendResetLinkMessage } from '@/lib/recovery/send-reset-link-message';
import { envOverrides } from '@/tests/support/env';
import { startFakeTwilioAndResend } from '@/tests/support/fake-providers';
import { latestMessageTo } from '@/tests/support/outbox';
import { createTestUser, selfActorFor } from '@/tests/support/users';

// Every kind of message a mailbox gets, rendered for two brands: one with its own senders and
// support contact, one with neither. Each carries its own brand's name, sender and contact, and
// nothing of the other's (the development outbox keeps them readable: no provider configured).

const operator = consoleActor('vitest-operator');
const env = envOverrides();

afterEach(() => env.restore());

async function brandWith({ name, senders, support }: { name: string; senders: boolean; support: boolean }) {
  const slug = `m-${randomUUID().slice(0, 8)}`;
  const domain = `${slug}.example`;
  const brand = await createBrand({ actor: operator, brand: { name, slug, domains: [domain], supportContact: support ? `help@${domain}` : null } });
  const smsSender = senders ? `${name.split(' ')[0]?.slice(0, 6)}${slug.slice(2, 5)}`.replace(/[^A-Za-z0-9 ]/g, '') : null;
  if (senders) await updateBrandSenders({ actor: operator, brandId: brand.id, senders: { emailFrom: `security@${domain}`, smsSender } });
  const user = await createTestUser({ withTotp: true, domain });
  return { id: brand.id, name, domain, support: support ? `help@${domain}` : null, smsSender, emailFrom: senders ? `security@${domain}` : null, user };
}

async function twoBrands() {
  const acme = await brandWith({ name: `Acme ${randomUUID().slice(0, 4)}`, senders: true, support: true });
  const globex = await brandWith({ name: `Globex ${randomUUID().slice(0, 4)}`, senders: false, support: false });
  return { acme, globex };
}

describe('the brand in every message', () => {
  it('a text code names the brand and leaves from its sender ID where the country accepts one, the platform’s otherwise', async () => {
    const { acme, globex } = await twoBrands();
    const fr = `+3361${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
    const us = `+1312555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
    for (const [{ user, name, smsSender }, to] of [[acme, fr], [globex, fr], [acme, us]] as const) {
      await sendCodeMessage({ channel: 'SMS', to, code: '123456', brand: await readMessageBrand(prisma, { userId: user.id }) });
      const text = await latestMessageTo(to, 'SMS');
      expect(text.body).toMatch(new RegExp(`^Your ${name} code is 123456\\. .*${name} will never ask you for it\\.`));
      expect(text.body).not.toContain('Gatehouse');
      // The US refuses alphanumeric sender IDs: the platform's sender (null) stands in.
      expect(text.from).toBe(to === fr ? smsSender : null);
    }
  });

  it('a call speaks for the brand, before and after the key press', async () => {
    const { acme, globex } = await twoBrands();
    for (const { user, name } of [acme, globex]) {
      const to = `+1312555${String(Math.floor(Math.random() * 10000)).padStart(4, '0')}`;
      await sendCodeMessage({ channel: 'VOICE', to, code: '123456', callToken: randomUUID(), brand: await readMessageBrand(prisma, { userId: user.id }) });
      const script = (await latestMessageTo(to, 'VOICE')).body;
      expect(script).toContain(`Hello, this is ${name} with your sign-in code.`);
      expect(script).toContain(`Your ${name} code is: 1, 2, 3, 4, 5, 6.`);
      expect(callCodeTwiml({ code: '123456', brandName: name })).toContain(`Your ${name} code is: 1, 2, 3, 4, 5, 6.`);
    }
  });

  it('an e-mail code comes from the brand’s name at its own address, or at the platform’s', async () => {
    const { acme, globex } = await twoBrands();
    for (const { user, name, domain } of [acme, globex]) {
      await sendCodeMessage({ channel: 'EMAIL', to: user.email, code: '654321', brand: await readMessageBrand(prisma, { userId: user.id }) });
      const message = await latestMessageTo(user.email, 'EMAIL');
      expect(message.subject).toBe(`Your ${name} code: 654321`);
      expect(message.body).toContain(`Your ${name} code is 654321.`);
      expect(message.body.endsWith(`\n\n— ${name}`)).toBe(true);
      expect(message.from).toBe(user === acme.user ? `${name} <security@${domain}>` : `${name} <security@gatehouse.localhost>`);
    }
  });

  it('a security notice is the brand’s: subject, sender, sign-off and support contact', async () => {
    const { acme, globex } = await twoBrands();
    for (const brand of [acme, globex]) {
      await createNewBackupCodes({ actor: await selfActorFor(brand.user), userId: brand.user.id, code: null });
      const notice = await latestMessageTo(brand.user.email, 'EMAIL');
      expect(notice.subject).toBe(`${brand.name}: New backup codes were created`);
      expect(notice.from).toBe(`${brand.name} <${brand.emailFrom ?? 'security@gatehouse.localhost'}>`);
      expect(notice.body).toContain(`contact ${brand.name} support${brand.support ? ` (${brand.support})` : ''}.`);
      expect(notice.body.endsWith(`— ${brand.name}`)).toBe(true);
      expect(notice.body).not.toContain('Gatehouse');
    }
  });

  it('support’s reset link, by e-mail and by text, is sent in the brand’s name from its senders', async () => {
    const { acme, globex } = await twoBrands();
    for (const brand of [acme, globex]) {
      const messageBrand = await readMessageBrand(prisma, { userId: brand.user.id });
      const address = `alt-${randomUUID().slice(0, 8)}@elsewhere.example`;
      await sendResetLinkMessage({ destination: { via: 'email', channel: 'EMAIL', to: address, countryCode: null, masked: '' }, secret: 's3cret', mailbox: brand.user.email, brand: messageBrand });
      const mail = await latestMessageTo(address, 'EMAIL');
      expect(mail.subject).toBe(`${brand.name}: choose a new password for ${brand.user.email}`);
      expect(mail.from).toBe(`${brand.name} <${brand.emailFrom ?? 'security@gatehouse.localhost'}>`);
      const phone = `+3361${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
      await sendResetLinkMessage({ destination: { via: 'sms', channel: 'SMS', to: phone, countryCode: 'FR', masked: '' }, secret: 's3cret', mailbox: brand.user.email, brand: messageBrand });
      const text = await latestMessageTo(phone, 'SMS');
      expect(text.body.startsWith(`${brand.name} support: choose a new password`)).toBe(true);
      expect(text.from).toBe(brand.smsSender);
    }
  });

  it('the authenticator entry is issued in the brand’s name, the account under it', async () => {
    const { acme, globex } = await twoBrands();
    for (const { name, domain } of [acme, globex]) {
      const user = await createTestUser({ domain });
      await startTotpEnrolment({ actor: await selfActorFor(user), userId: user.id });
      const enrolment = await getTotpEnrolment({ user });
      const uri = new URL(enrolment?.uri ?? '');
      expect(uri.searchParams.get('issuer')).toBe(name);
      expect(decodeURIComponent(uri.pathname)).toBe(`/${name}:${user.email}`);
      expect(enrolment?.issuer).toBe(name);
    }
  });

  it('a From header quotes a brand name with special characters and can never take a line break', async () => {
    const { emailFromHeader } = await import('@/lib/messaging/brand-email');
    expect(emailFromHeader({ name: 'Smith, Jones & Co.', emailFrom: 'a@b.example' })).toBe('"Smith, Jones & Co." <a@b.example>');
    expect(emailFromHeader({ name: 'Evil\r\nBcc: x@y.example', emailFrom: null })).toBe('"EvilBcc: x@y.example" <security@gatehouse.localhost>');
  });

  it('through the providers: Twilio gets the brand’s sender ID instead of the platform’s service, Resend the brand’s From', async () => {
    const accountSid = `AC${randomBytes(16).toString('hex')}`;
    const fake = await startFakeTwilioAndResend({ accountSid });
    try {
      env.set({
        TWILIO_ACCOUNT_SID: accountSid,
        TWILIO_AUTH_TOKEN: randomBytes(16).toString('hex'),
        TWILIO_FROM_NUMBER: '+15005550006',
        TWILIO_MESSAGING_SERVICE_SID: `MG${randomBytes(16).toString('hex')}`,
        TWILIO_BASE_URL: fake.url,
        RESEND_API_KEY: 're_test_0123456789abcdef',
        RESEND_BASE_URL: fake.url,
      });
      const { acme, globex } = await twoBrands();
      const fr = `+3361${String(Math.floor(Math.random() * 10_000_000)).padStart(7, '0')}`;
      for (const brand of [acme, globex]) {
        await sendCodeMessage({ channel: 'SMS', to: fr, code: '123456', brand: await readMessageBrand(prisma, { userId: brand.user.id }) });
        await sendCodeMessage({ channel: 'EMAIL', to: brand.user.email, code: '123456', brand: await readMessageBrand(prisma, { userId: brand.user.id }) });
      }
      const [acmeText, globexText] = fake.twilioRequests('Messages');
      expect(acmeText?.form).toMatchObject({ To: fr, From: acme.smsSender });
      expect(acmeText?.form.MessagingServiceSid).toBeUndefined();
      expect(globexText?.form.From).toBeUndefined();
      expect(globexText?.form.MessagingServiceSid).toMatch(/^MG/);
      const emails = fake.received.filter((request) => request.path === '/emails');
      expect(emails.map((request) => request.json.from)).toEqual([`${acme.name} <${acme.emailFrom}>`, `${globex.name} <security@gatehouse.localhost>`]);
    } finally {
      await fake.close();
    }
  });
});
