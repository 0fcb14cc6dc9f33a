import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayUseSupportConsole } from '@/lib/access/may-use-support-console';
import { isStaffSessionReady } from '@/lib/core/staff-actor';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { SupportActionForm } from '../forms';
import { loadMailbox } from '../load-mailbox';
import { isSupportActionSlug, SUPPORT_ACTIONS } from '../support-actions';

export const metadata: Metadata = { title: 'Confirm · Support' };

/** The confirmation of one support action: what it does, then the reason and the button. */
export default async function SupportActionPage({ params }: { params: Promise<{ id: string; action: string }> }) {
  const current = await requireSessionOrRedirect();
  if (!mayUseSupportConsole(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Support" />;
  const { id, action } = await params;
  if (!isSupportActionSlug(action)) notFound();
  const mailbox = await loadMailbox(current, id);
  const { title, button, consequences } = SUPPORT_ACTIONS[action];
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href={`/support/mailboxes/${mailbox.id}`} className="text-sm text-blue-700 underline">
          Back to {mailbox.email}
        </Link>
        <h1 className="text-2xl font-semibold">
          {title}: {mailbox.email}
        </h1>
      </div>
      <section aria-labelledby="what-heading" className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4">
        <h2 id="what-heading" className="font-semibold">
          What this does
        </h2>
        <ul className="list-disc space-y-1 pl-5 text-sm">
          {consequences.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </section>
      <SupportActionForm
        action={action}
        button={button}
        userId={mailbox.id}
        brandId={mailbox.brand.id}
        email={mailbox.email}
        needsCode={!hasRecentSecondFactor(current.session)}
        resetDestinations={mailbox.resetDestinations}
      />
    </div>
  );
}
