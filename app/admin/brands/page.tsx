import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { mayManageBrands } from '@/lib/access/may-manage-brands';
import { isStaffSessionReady, staffActor } from '@/lib/core/staff-actor';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { listBrands } from '@/lib/brands/list-brands';
import { getRequestContext } from '@/lib/http/request-context';
import { StaffMfaRequired } from '@/components/staff-mfa-required';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { DomainRequests } from './domain-requests';

export const metadata: Metadata = { title: 'Brands' };

export default async function BrandsPage() {
  const current = await requireSessionOrRedirect();
  // A 404 keeps the screen's existence from anyone who manages no brand.
  if (!mayManageBrands(current)) notFound();
  if (!isStaffSessionReady(current)) return <StaffMfaRequired title="Brands" />;
  const actor = staffActor(current, await getRequestContext());
  const brands = await listBrands({ actor });
  return (
    <div className="space-y-6">
      <div className="space-y-1">
        <Link href="/settings/security" className="text-sm text-blue-700 underline">
          Back to Account Security
        </Link>
        <h1 className="text-2xl font-semibold">Brands</h1>
        <p className="text-slate-600">The brands whose two-factor settings you manage.</p>
      </div>
      {brands.length === 0 ? (
        <p>You manage no brand yet.</p>
      ) : (
        <ul aria-label="Brands" className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {brands.map((brand) => (
            <li key={brand.id} className="space-y-1 p-4">
              <Link href={`/admin/brands/${brand.slug}`} className="font-semibold text-blue-700 underline">
                {brand.name}
              </Link>
              <p className="text-sm text-slate-600">
                {brand.domains.join(', ')} · {brand.mailboxes} {brand.mailboxes === 1 ? 'mailbox' : 'mailboxes'} ·{' '}
                <Link href={`/admin/brands/${brand.slug}/domains`} className="text-blue-700 underline">
                  Domains<span className="sr-only"> of {brand.name}</span>
                </Link>
              </p>
            </li>
          ))}
        </ul>
      )}
      <DomainRequests actor={actor} needsCode={!hasRecentSecondFactor(current.session)} />
    </div>
  );
}
