'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { StaffNavigation } from '@/lib/access/read-staff-navigation';

type NavLink = { href: string; label: string };

/** A brand's console, in the order a reseller works through it. */
function brandLinks(slug: string): NavLink[] {
  const base = `/admin/brands/${slug}`;
  return [
    { href: base, label: 'Brand settings' },
    { href: `${base}/look`, label: 'Look' },
    { href: `${base}/domains`, label: 'Domains' },
    { href: `${base}/mailboxes`, label: 'Mailboxes' },
    { href: `${base}/activity`, label: 'Activity' },
  ];
}

/**
 * The one staff navigation, per role: a brand administrator's brand (settings, look, domains,
 * mailboxes, activity), the platform's screens for its administrators, the support console and
 * its organisations. A platform administrator sees a brand's links while on that brand's pages.
 * Plain links, so it works without JavaScript; the path only marks the current page.
 */
export function StaffNav({ navigation }: { navigation: StaffNavigation }) {
  const pathname = usePathname();
  const openSlug = /^\/admin\/brands\/([^/]+)/.exec(pathname)?.[1];
  const brands = navigation.everyBrand ? navigation.brands.filter((brand) => brand.slug === openSlug) : navigation.brands;
  const groups: { label: string; links: NavLink[] }[] = [
    ...brands.map((brand) => ({ label: brand.name, links: brandLinks(brand.slug) })),
    ...(navigation.everyBrand || navigation.platformSettings || navigation.brands.length > 1
      ? [
          {
            label: 'Platform',
            links: [
              ...(navigation.everyBrand || navigation.brands.length > 1 ? [{ href: '/admin/brands', label: 'Brands' }] : []),
              ...(navigation.platformSettings ? [{ href: '/admin/platform', label: 'Platform settings' }] : []),
            ],
          },
        ]
      : []),
    ...(navigation.support
      ? [
          {
            label: 'Support',
            links: [
              { href: '/support', label: 'Support' },
              ...(navigation.organisations ? [{ href: '/support/organisations', label: 'Organisations' }] : []),
            ],
          },
        ]
      : []),
  ];
  return (
    <nav aria-label="Staff" className="no-print space-y-5 text-sm">
      {groups.map((group) => (
        <div key={group.label} className="space-y-1">
          <p className="font-semibold text-slate-500">{group.label}</p>
          <ul className="space-y-1">
            {group.links.map((link) => {
              const isCurrent = pathname === link.href;
              return (
                <li key={link.href}>
                  <Link
                    href={link.href}
                    aria-current={isCurrent ? 'page' : undefined}
                    className={isCurrent ? 'block rounded px-2 py-1 font-semibold text-slate-900 bg-slate-200' : 'block rounded px-2 py-1 text-blue-700 underline'}
                  >
                    {link.label}
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
      <p>
        <Link href="/settings/security" className="block px-2 py-1 text-blue-700 underline">
          Account Security
        </Link>
      </p>
    </nav>
  );
}
