import type { Metadata } from 'next';
import Link from 'next/link';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { findOwnInvitationByToken } from '@/lib/organisations/list-own-invitations';
import { InvitationNotice } from './invitation-notice';

export const metadata: Metadata = { title: 'Invitation to a family or business account' };

/**
 * The e-mail's link. Opening it changes nothing (Accept and Decline are posts); it shows the
 * invitation only to the mailbox it was sent to, while it is open. Signed out, the sign-in comes
 * first, and the same invitation waits on the Account Security page.
 */
export default async function InvitationPage({ searchParams }: { searchParams: Promise<{ token?: string | string[] }> }) {
  const current = await requireSessionOrRedirect();
  const { token } = await searchParams;
  const invitation = typeof token === 'string' ? await findOwnInvitationByToken({ userId: current.user.id, token }) : null;
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Invitation to a family or business account</h1>
      {invitation ? (
        <InvitationNotice invitations={[invitation]} isRestricted={current.session.isRestricted} />
      ) : (
        <p role="alert" className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          {APP_ERRORS.INVITATION_NOT_FOUND.message}
        </p>
      )}
      <Link href="/settings/security" className="text-sm text-blue-700 underline">
        Account Security
      </Link>
    </div>
  );
}
