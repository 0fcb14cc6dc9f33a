import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { listSignInOptions } from '@/lib/auth/list-sign-in-options';
import { readSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { BrandedPrompt } from '@/components/branded-prompt';
import { readAccountBrandLook } from '@/lib/brands/read-account-brand-look';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { CantUseAnyOfThese } from './cant-use-any-of-these';
import { SendCodeButton, TokenForm } from './token-form';

// Without a pending-login cookie the visitor never started a sign-in here (or finished it), so
// the page must not claim that one expired.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await readSignInAttempt()).isStarted ? 'Enter your code' : 'No sign-in in progress' };
}

const CHANNEL_WORDS = { SMS: 'by text message to', VOICE: 'by phone call to', EMAIL: 'by e-mail to' } as const;

export default async function TokenPage({ searchParams }: { searchParams: Promise<{ use?: string }> }) {
  if (await getCurrentSession()) redirect('/settings/security');
  const { isStarted, attempt } = await readSignInAttempt();
  if (!isStarted) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">No sign-in in progress</h1>
        <p>This page asks for your code after you enter your e-mail address and password.</p>
        <Link href="/sign-in" className="font-semibold text-blue-700 underline">
          Sign in
        </Link>
      </div>
    );
  }
  // A sign-in that must enrol has no factor to ask for: it belongs in the wizard.
  if (attempt?.mustEnrol) redirect('/sign-in/enrol');
  if (!attempt) {
    return (
      <div className="mx-auto max-w-sm space-y-4">
        <h1 className="text-2xl font-semibold">Your sign-in has expired</h1>
        <p role="alert">For your security, the code step lasts 10 minutes and allows a few tries. Please sign in again.</p>
        <Link href="/sign-in" className="font-semibold text-blue-700 underline">
          Sign in again
        </Link>
      </div>
    );
  }
  const { pendingLogin } = attempt;
  // The look is the account's brand's, never the host name's: the password step told us whose
  // sign-in this is, and a prompt styled by another brand would be that brand's phishing page.
  const [options, look] = await Promise.all([listSignInOptions({ pendingLogin }), readAccountBrandLook({ userId: pendingLogin.userId })]);
  const { use } = await searchParams;
  const isMessageMode = options.sentCode !== null && !(use === 'app' && options.hasAuthenticatorApp);
  const hasMessageMethods = options.phones.length > 0 || options.alternateEmail !== null;

  if (options.isSmsPassword) {
    // An SMS password's sign-in: the text to the mobile number is the only way to finish it.
    return (
      <BrandedPrompt
        look={look}
        title="Enter the code we texted you"
        footer={
          <Link href="/sign-in" className="block text-sm text-blue-700 underline">
            Sign in another way
          </Link>
        }
      >
        <p className="text-slate-700">
          Signing in as <strong>{pendingLogin.email}</strong> with your SMS password.
        </p>
        {options.sentCode && (
          <p role="status" className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm">
            We sent a code {CHANNEL_WORDS[options.sentCode.channel]} {options.sentCode.maskedDestination}. It expires in 10 minutes.
          </p>
        )}
        <TokenForm method="message" hint="The 6-digit code we texted to your mobile number." />
        {options.organisationSms && (
          <p role="note" data-testid="organisation-sms" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
            {options.organisationSms.state === 'empty' ? APP_ERRORS.SMS_CREDITS_EMPTY.message : APP_ERRORS.SMS_LOGINS_NOT_ALLOWED.message}
          </p>
        )}
        {options.phones.map((phone) =>
          phone.canText ? <SendCodeButton key={phone.id} channel="SMS" phoneId={phone.id} label="Text me a new code" description={phone.masked} /> : null,
        )}
      </BrandedPrompt>
    );
  }

  return (
    <BrandedPrompt
      look={look}
      title="Two-step verification"
      footer={
        <Link href="/sign-in" className="block text-sm text-blue-700 underline">
          Sign in as someone else
        </Link>
      }
    >
      <p className="text-slate-700">
        Signing in as <strong>{pendingLogin.email}</strong>.
      </p>

      {isMessageMode && options.sentCode ? (
        <>
          <p role="status" className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm">
            We sent a code {CHANNEL_WORDS[options.sentCode.channel]} {options.sentCode.maskedDestination}. It expires in 10 minutes.
          </p>
          <TokenForm method="message" hint="The 6-digit code we just sent you, or one of your backup codes." />
          {options.hasAuthenticatorApp && (
            <Link href="/sign-in/token?use=app" className="block text-sm text-blue-700 underline">
              Use your authenticator app instead
            </Link>
          )}
        </>
      ) : (
        <>
          {options.hasAuthenticatorApp ? (
            <p className="text-slate-700">Open your authenticator app and enter the current code for Gatehouse.</p>
          ) : (
            <p className="text-slate-700">Choose how to get a code below, or enter one of your backup codes.</p>
          )}
          <TokenForm
            method="app"
            hint={
              options.hasAuthenticatorApp
                ? 'The 6-digit code from your authenticator app, or one of your backup codes.'
                : 'One of your backup codes.'
            }
          />
        </>
      )}

      {options.organisationSms && (
        // A member of a family or business account whose texts cannot be paid: said before anyone asks.
        <p role="note" data-testid="organisation-sms" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {options.organisationSms.state === 'empty' ? APP_ERRORS.SMS_CREDITS_EMPTY.message : APP_ERRORS.SMS_LOGINS_NOT_ALLOWED.message}
        </p>
      )}

      {hasMessageMethods && (
        <section aria-labelledby="other-ways" className="space-y-3 border-t border-slate-200 pt-4">
          <h2 id="other-ways" className="font-semibold">
            {isMessageMode ? 'Did not get it? Send a new code' : 'Other ways to get a code'}
          </h2>
          {options.phones.length > 0 && (
            <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              Text messages and calls are the weakest way to sign in: phone numbers can be taken over by others. An
              authenticator app is safer.
            </p>
          )}
          {options.phones.map((phone) => (
            <div key={phone.id} className="space-y-2">
              {phone.canText && <SendCodeButton channel="SMS" phoneId={phone.id} label="Text me a code" description={phone.masked} />}
              {phone.canCall && <SendCodeButton channel="VOICE" phoneId={phone.id} label="Call me" description={phone.masked} />}
            </div>
          ))}
          {options.alternateEmail && (
            <SendCodeButton channel="EMAIL" label="E-mail me a code" description={options.alternateEmail.masked} />
          )}
        </section>
      )}

      <CantUseAnyOfThese look={look} />
    </BrandedPrompt>
  );
}
