import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { listSignInOptions } from '@/lib/sign-in/list-sign-in-options';
import { readSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { BrandedPrompt } from '@/components/branded-prompt';
import { readAccountBrandLook } from '@/lib/brands/read-account-brand-look';
import { SmsPayerNote } from './sms-payer-note';
import { isSecondFactorMethod, methodOfChannel, type FactorPromptOption } from '@/lib/core/factor-kinds';
import { CantUseAnyOfThese } from './cant-use-any-of-these';
import { OPTION_COMPONENTS } from './options';
import { TokenForm } from './token-form';

// Without a pending-login cookie the visitor never started a sign-in here (or finished it), so
// the page must not claim that one expired.
export async function generateMetadata(): Promise<Metadata> {
  return { title: (await readSignInAttempt()).isStarted ? 'Enter your code' : 'No sign-in in progress' };
}

const CHANNEL_WORDS = { SMS: 'by text message to', VOICE: 'by phone call to', EMAIL: 'by e-mail to' } as const;

function componentOf(option: FactorPromptOption) {
  return isSecondFactorMethod(option.method) ? OPTION_COMPONENTS[option.method] : null;
}

/** The options that send a code, one kind's component each, a holding's options side by side. */
function SendOptions({ options, isSmsPassword }: { options: FactorPromptOption[]; isSmsPassword: boolean }) {
  const groups = new Map<string, FactorPromptOption[]>();
  for (const option of options) groups.set(option.group, [...(groups.get(option.group) ?? []), option]);
  return [...groups].map(([group, members]) => (
    <div key={group} className="space-y-2">
      {members.map((option) => {
        const Option = componentOf(option);
        return Option ? <Option key={option.key} option={option} isSmsPassword={isSmsPassword} /> : null;
      })}
    </div>
  ));
}

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
  // The authenticator's code is typed into the Token field; the other kinds on offer send one.
  const hasAuthenticatorApp = options.offered.some((option) => option.method === 'totp');
  const sendOptions = options.offered.filter((option) => componentOf(option) !== null);
  const isMessageMode = options.sentCode !== null && !(use === 'app' && hasAuthenticatorApp);
  // The Token form names the kind it asks for: the app's, or the one whose code was just sent.
  const sentMethod = options.sentCode ? methodOfChannel(options.sentCode.channel) : 'sms';

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
        <TokenForm method={sentMethod} hint="The 6-digit code we texted to your mobile number." />
        {options.organisationSms && (
          <SmsPayerNote refusal={options.organisationSms} />
        )}
        <SendOptions options={sendOptions.filter((option) => option.method === 'sms')} isSmsPassword />
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
          <TokenForm method={sentMethod} hint="The 6-digit code we just sent you, or one of your backup codes." />
          {hasAuthenticatorApp && (
            <Link href="/sign-in/token?use=app" className="block text-sm text-blue-700 underline">
              Use your authenticator app instead
            </Link>
          )}
        </>
      ) : (
        <>
          {hasAuthenticatorApp ? (
            <p className="text-slate-700">Open your authenticator app and enter the current code for {look?.name ?? 'your account'}.</p>
          ) : (
            <p className="text-slate-700">Choose how to get a code below, or enter one of your backup codes.</p>
          )}
          <TokenForm
            method="totp"
            hint={
              hasAuthenticatorApp
                ? 'The 6-digit code from your authenticator app, or one of your backup codes.'
                : 'One of your backup codes.'
            }
          />
        </>
      )}

      {options.organisationSms && (
        // A member of a family or business account whose texts cannot be paid: said before anyone asks.
        <SmsPayerNote refusal={options.organisationSms} />
      )}

      {sendOptions.length > 0 && (
        <section aria-labelledby="other-ways" className="space-y-3 border-t border-slate-200 pt-4">
          <h2 id="other-ways" className="font-semibold">
            {isMessageMode ? 'Did not get it? Send a new code' : 'Other ways to get a code'}
          </h2>
          {sendOptions.some((option) => option.phoneId) && (
            <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              Text messages and calls are the weakest way to sign in: phone numbers can be taken over by others. An
              authenticator app is safer.
            </p>
          )}
          <SendOptions options={sendOptions} isSmsPassword={false} />
        </section>
      )}

      <CantUseAnyOfThese look={look} />
    </BrandedPrompt>
  );
}
