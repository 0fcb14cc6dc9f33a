import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { formatPrice } from '@/lib/credits/credit-packs';
import { listPacksOfPool } from '@/lib/credits/credit-pool';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { BuyCreditsForm } from '@/components/buy-credits-form';
import { buyCreditsAction } from '../actions';
import { loadOrganisation } from '../load-organisation';
import { OrgNav } from '../org-nav';

export const metadata: Metadata = { title: 'Buy SMS Credits' };

export default async function BuyCreditsPage({ searchParams }: { searchParams: Promise<{ purchase?: string }> }) {
  const { current, home } = await loadOrganisation({ administrators: false, credits: true, acts: true });
  // Nothing to buy until SMS logins are allowed, and no buying without a way to pay.
  if (!home.buying) notFound();
  const { purchase } = await searchParams;
  const isTest = home.buying === 'test';
  return (
    <div className="space-y-6">
      <OrgNav home={home} current="credits" />
      <h1 className="text-2xl font-semibold">Buy SMS Credits</h1>
      {purchase === 'paid' && (
        // Coming back from Stripe proves nothing: the credits arrive with Stripe's signed webhook.
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Thank you. Your credits are added as soon as Stripe confirms the payment, usually within a minute. The balance now shows{' '}
          {home.organisation.creditBalance}.
        </p>
      )}
      {purchase === 'cancelled' && (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm">
          Payment cancelled; nothing was charged.
        </p>
      )}
      {isTest && (
        <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
          Test mode: Stripe is not configured on this development server, so a purchase adds the credits without any payment. In production
          this page takes payments through Stripe, or does not exist.
        </p>
      )}
      <p className="text-slate-700">
        Balance: <strong>{home.organisation.creditBalance}</strong> credits. A member&apos;s text code costs 1 credit; a call costs more.
        Credits do not expire.
      </p>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <BuyCreditsForm
          action={buyCreditsAction}
          organisationId={home.organisation.id}
          packs={(await listPacksOfPool({ organisationId: home.organisation.id })).map((pack) => ({ id: pack.id, credits: pack.credits, price: formatPrice(pack.amountCents) }))}
          isTest={isTest}
          needsCode={current.user.isMfaEnabled && !hasRecentSecondFactor(current.session)}
        />
      </section>
    </div>
  );
}
