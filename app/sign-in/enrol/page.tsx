import type { Metadata } from 'next';
import Link from 'next/link';
import { redirect } from 'next/navigation';
import { daysLeft, readEnrolmentRequirement } from '@/lib/policy/enrolment-requirement';
import { getCurrentSession } from '@/lib/sessions/get-current-session';
import { BrandedPrompt } from '@/components/branded-prompt';
import { readAccountBrandLook } from '@/lib/brands/read-account-brand-look';
import { readSignInAttempt } from '@/lib/sign-in/sign-in-attempt';
import { getTotpEnrolment } from '@/lib/mfa/totp/get-totp-enrolment';
import { readMembership } from '@/lib/organisations/find-organisation';
import { TotpWizard } from '@/app/settings/security/two-factor/wizard';
import { finishEnrolmentAction } from './actions';
import { PostponeEnrolmentForm, StartEnrolmentForm } from './forms';

export const metadata: Metadata = { title: 'Set up two-factor authentication' };

/**
 * Where a sign-in lands when the account's brand requires two-factor authentication and the
 * account has none: the enrolment wizard, and nothing else, until a factor is confirmed. Right
 * after the last step the pending login is used up and a session exists; this same page then shows
 * the new backup codes from the action's result (the wizard keeps its place in the tree for that).
 */
export default async function EnrolPage() {
  const { attempt } = await readSignInAttempt();
  if (attempt && !attempt.mustEnrol) redirect('/sign-in/token');
  const pendingLogin = attempt?.pendingLogin ?? null;
  const current = pendingLogin ? null : await getCurrentSession();
  if (!pendingLogin && !current) {
    return (
      <div className="space-y-4">
        <h1 className="text-2xl font-semibold">No sign-in in progress</h1>
        <p>
          <Link href="/sign-in" className="font-semibold text-blue-700 underline">
            Sign in
          </Link>{' '}
          to set up two-factor authentication.
        </p>
      </div>
    );
  }
  const email = pendingLogin?.email ?? current?.user.email ?? '';
  const userId = pendingLogin?.userId ?? current?.user.id ?? '';
  // The look is the account's brand's, as on the token prompt: the password step told us whose
  // sign-in this is, never the host name.
  const [requirement, enrolment, look] = await Promise.all([
    pendingLogin ? readEnrolmentRequirement({ userId: pendingLogin.userId }) : null,
    pendingLogin ? getTotpEnrolment({ user: { id: pendingLogin.userId, email: pendingLogin.email } }) : null,
    readAccountBrandLook({ userId }),
  ]);
  const canPostpone = requirement?.isRequired === true && !requirement.isOverdue;
  const left = requirement?.isRequired ? daysLeft(requirement.deadline) : 0;
  // A family or business account's requirement is named, so the member knows whom to ask.
  const membership = requirement?.isRequired && requirement.requiredBy === 'organisation' ? await readMembership(userId) : null;
  const requiredBy = membership ? membership.organisation.name : 'Your provider';
  return (
    <BrandedPrompt
      look={look}
      title="Set up two-factor authentication"
      footer={
        pendingLogin && (
          <Link href="/sign-in" className="block text-sm text-blue-700 underline">
            Sign in as someone else
          </Link>
        )
      }
    >
      {pendingLogin && (
        <div className="space-y-2">
          <p>
            {requiredBy} requires a second factor for {email}: a code from an authenticator app each time you sign in.
          </p>
          <p role="status">
            {canPostpone
              ? `You can set it up later: ${left} ${left === 1 ? 'day' : 'days'} left. After that, signing in needs it.`
              : 'The time to set it up later has run out: set it up now to sign in.'}
          </p>
        </div>
      )}
      {pendingLogin && !enrolment ? (
        <StartEnrolmentForm />
      ) : (
        <TotpWizard email={email} brandName={look?.name ?? ''} enrolment={enrolment} action={finishEnrolmentAction} doneHref="/settings/security?notice=mfa-enabled" />
      )}
      {canPostpone && <PostponeEnrolmentForm />}
    </BrandedPrompt>
  );
}
