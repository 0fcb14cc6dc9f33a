import type { Metadata } from 'next';
import Link from 'next/link';
import { BrandedPrompt } from '@/components/branded-prompt';
import { findBrandForHost } from '@/lib/brands/find-brand-for-host';
import { requestHost } from '@/lib/http/request-host';
import { readPasswordUserInputs } from '@/lib/passwords/read-password-user-inputs';
import { readPasswordRecovery, type ShownDestination } from '@/lib/recovery/read-password-recovery';
import { readRecoveryCookie } from '@/lib/recovery/recovery-cookie';
import { NewPasswordForm, RecoveryCodeForm, SendRecoveryCodeButton } from '../forms';
import { RecoverySupport } from '../recovery-support';

export const metadata: Metadata = { title: 'Reset your password' };

const SEND_WORDS = { EMAIL: 'E-mail a code to', SMS: 'Text a code to' } as const;
const SENT_WORDS = { EMAIL: 'by e-mail to', SMS: 'by text message to' } as const;

function SendButtons({ destinations }: { destinations: ShownDestination[] }) {
  return (
    <ul className="space-y-2">
      {destinations.map((destination) => (
        <li key={destination.key}>
          <SendRecoveryCodeButton destination={destination.key} label={`${SEND_WORDS[destination.channel]} ${destination.masked}`} />
        </li>
      ))}
    </ul>
  );
}

function SentNotice({ destination }: { destination: ShownDestination }) {
  return (
    <p role="status" className="rounded-md border border-blue-200 bg-blue-50 p-3 text-sm">
      We sent a code {SENT_WORDS[destination.channel]} {destination.masked}. It expires in 10 minutes.
    </p>
  );
}

export default async function VerifyRecoveryPage({ searchParams }: { searchParams: Promise<{ sent?: string | string[] }> }) {
  // Every step wears the host's look: the account's brand would tell a stranger which addresses exist.
  const [look, read, { sent }] = await Promise.all([
    findBrandForHost({ host: await requestHost() }),
    readPasswordRecovery({ secret: await readRecoveryCookie() }),
    searchParams,
  ]);
  const startAgain = (
    <Link href="/sign-in/forgot" className="block text-sm text-blue-700 underline">
      Start again
    </Link>
  );
  if (!read) {
    return (
      <BrandedPrompt look={look} title="No password reset in progress" className="mx-auto max-w-sm space-y-6" footer={startAgain}>
        <p role="alert">
          This page continues a password reset. Yours has expired (a reset lasts 10 minutes, one from support 30), was used already, or had
          too many wrong codes.
        </p>
      </BrandedPrompt>
    );
  }
  const { recovery, step } = read;
  const sentTo = 'destinations' in step ? step.destinations.find((destination) => destination.key === sent) : undefined;

  if (step.step === 'new-password') {
    return (
      <BrandedPrompt look={look} title="Choose a new password" className="mx-auto max-w-sm space-y-6">
        <p className="text-slate-700">
          Resetting the password of <strong>{step.email}</strong>. Every browser and device signed in to it will be signed out, and you will
          sign in again with the new password.
        </p>
        <NewPasswordForm email={step.email} userInputs={read.account ? await readPasswordUserInputs({ userId: read.account.userId }) : []} />
      </BrandedPrompt>
    );
  }

  if (step.step === 'contact-support') {
    return (
      <BrandedPrompt look={look} title="Contact support to reset your password" className="mx-auto max-w-sm space-y-6" footer={startAgain}>
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Thank you, that code was right. But your account has two-step verification, and it holds nothing else you could prove here, so a
          password reset needs your provider’s help.
        </p>
        <p className="text-slate-700">
          <RecoverySupport brandName={step.brandName} contact={step.supportContact} />. Support will first check that you own this mailbox,
          and can then send you a reset link. Support never asks for your password or for a code.
        </p>
      </BrandedPrompt>
    );
  }

  if (step.step === 'prove-another') {
    return (
      <BrandedPrompt look={look} title="Prove it is you a second way" className="mx-auto max-w-sm space-y-6" footer={startAgain}>
        <p className="text-slate-700">
          Your account has two-step verification, so a password reset needs a second, different proof as well.
        </p>
        {sentTo && (
          <>
            <SentNotice destination={sentTo} />
            <RecoveryCodeForm kind="sent" label="Code we sent" hint="The 6-digit code we just sent you." />
          </>
        )}
        {(step.acceptsAuthenticator || step.acceptsBackupCode) && (
          <RecoveryCodeForm
            kind="factor"
            label={step.acceptsAuthenticator ? 'Authenticator or backup code' : 'Backup code'}
            hint={
              step.acceptsAuthenticator
                ? 'The 6-digit code from your authenticator app, or one of your backup codes.'
                : 'One of the backup codes you saved when you turned on two-step verification.'
            }
          />
        )}
        {step.destinations.length > 0 && (
          <section aria-labelledby="other-destinations" className="space-y-3 border-t border-slate-200 pt-4">
            <h2 id="other-destinations" className="font-semibold">
              Or get a code elsewhere
            </h2>
            <SendButtons destinations={step.destinations} />
          </section>
        )}
      </BrandedPrompt>
    );
  }

  return (
    <BrandedPrompt
      look={look}
      title="Reset your password"
      className="mx-auto max-w-sm space-y-6"
      footer={
        <>
          {startAgain}
          <details className="text-sm text-slate-700">
            <summary className="cursor-pointer font-medium">None of these is yours any more?</summary>
            <p className="mt-2">
              <RecoverySupport brandName={look?.name ?? null} contact={look?.supportContact ?? null} />. After checking that you own the
              mailbox, support can send you a reset link.
            </p>
          </details>
        </>
      }
    >
      <p className="text-slate-700">
        Resetting the password of <strong>{recovery.email}</strong>.
      </p>
      {sentTo ? (
        <>
          <SentNotice destination={sentTo} />
          <RecoveryCodeForm kind="sent" label="Code we sent" hint="The 6-digit code we just sent you." />
          <section aria-labelledby="send-again" className="space-y-3 border-t border-slate-200 pt-4">
            <h2 id="send-again" className="font-semibold">
              Did not get it? Send a new code
            </h2>
            <SendButtons destinations={step.destinations} />
          </section>
        </>
      ) : (
        <section aria-labelledby="where-to" className="space-y-3">
          <h2 id="where-to" className="font-semibold">
            Where should we send a code?
          </h2>
          <SendButtons destinations={step.destinations} />
        </section>
      )}
    </BrandedPrompt>
  );
}
