import { readMembership } from '@/lib/organisations/find-organisation';
import { getEffectivePolicy } from '@/lib/policy/get-effective-policy';
import { CreateOrganisationForm } from './organisation-form';

/**
 * "Family or business account" on the security page: where the brand allows them, a mailbox in
 * none may create one and become its administrator (a mailbox in one sees its link at the top).
 * The verb refuses the same cases; the section only does not offer what cannot work.
 */
export async function OrganisationSection({ userId, isMfaEnabled, isRestricted }: { userId: string; isMfaEnabled: boolean; isRestricted: boolean }) {
  const [membership, { settings }] = await Promise.all([readMembership(userId), getEffectivePolicy({ userId })]);
  if (membership || !settings.allowOrganisations) return null;
  return (
    <section aria-labelledby="organisation-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
      <h2 id="organisation-heading" className="text-lg font-semibold">
        Family or business account
      </h2>
      <p className="text-sm text-slate-700">
        Manage the mailboxes of your family or business together: invite members (they join only when they accept), see whether
        their two-factor authentication is on, and buy SMS credits for their sign-in codes. You become its administrator.
      </p>
      {isRestricted ? (
        <p className="text-sm text-slate-700">You signed in with a restricted login. To create one, sign in with your password and a second factor.</p>
      ) : !isMfaEnabled ? (
        <p className="text-sm text-slate-700">Turn on two-factor authentication above first: an administrator needs a second factor.</p>
      ) : (
        <CreateOrganisationForm />
      )}
    </section>
  );
}
