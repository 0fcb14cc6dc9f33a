import Link from 'next/link';
import type { OrganisationHome } from '@/lib/organisations/read-organisation-home';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';

/**
 * The organisation's navigation for its administrators and billing contact (who has no
 * preferences); "Buy SMS Credits" only once SMS logins are allowed.
 */
export function OrgNav({ home, current }: { home: OrganisationHome; current: 'home' | 'preferences' | 'credits' | 'history' }) {
  if (!home.mayViewCredits) return null;
  const links = [
    { key: 'home', href: '/org', label: home.organisation.name },
    ...(home.isAdministrator && !home.needsTwoFactor
      ? [{ key: 'preferences', href: '/org/preferences', label: `${organisationKindWord(home.organisation.kind)} Preferences` }]
      : []),
    ...(home.buying ? [{ key: 'credits', href: '/org/credits', label: 'Buy SMS Credits' }] : []),
    { key: 'history', href: '/org/history', label: 'Credit history' },
  ] as const;
  return (
    <nav aria-label="Family or business account" className="flex flex-wrap gap-4 border-b border-slate-200 pb-3 text-sm">
      {links.map((link) => (
        <Link
          key={link.key}
          href={link.href}
          aria-current={link.key === current ? 'page' : undefined}
          className={link.key === current ? 'font-semibold text-slate-900' : 'text-blue-700 underline'}
        >
          {link.label}
        </Link>
      ))}
      <Link href="/settings/security" className="ml-auto text-blue-700 underline">
        Account Security
      </Link>
    </nav>
  );
}
