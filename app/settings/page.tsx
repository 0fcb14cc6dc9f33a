import type { Metadata } from 'next';
import Link from 'next/link';
import { readMembership } from '@/lib/organisations/find-organisation';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';

export const metadata: Metadata = { title: 'Settings' };

/** The user menu's "Settings": every settings page of the mailbox, with a line on what each is for. */
export default async function SettingsPage() {
  const { user } = await requireSessionOrRedirect();
  const membership = await readMembership(user.id);
  const pages = [
    { href: '/settings/security', name: 'Account Security', about: 'Two-factor authentication, backup phones and codes, your password, where you are signed in.' },
    { href: '/settings/alternative-logins', name: 'Alternative Logins', about: 'An SMS password or a printed list of one-time passwords, for a computer you do not trust.' },
    ...(membership
      ? [{ href: '/org', name: membership.organisation.name, about: 'The family or business account your mailbox belongs to.' }]
      : []),
  ];
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-semibold">Settings</h1>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {pages.map((page) => (
          <li key={page.href} className="space-y-1 p-4">
            <Link href={page.href} className="font-semibold text-blue-700 underline">
              {page.name}
            </Link>
            <p className="text-sm text-slate-700">{page.about}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}
