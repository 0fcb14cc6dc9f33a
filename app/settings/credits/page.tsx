import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { selfActor } from '@/lib/core/actor';
import { formatPrice } from '@/lib/credits/credit-packs';
import { listPacksOfPool } from '@/lib/credits/credit-pool';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { readSmsPayer } from '@/lib/credits/read-sms-payer';
import { buyingMode } from '@/lib/credits/stripe-client';
import { getRequestContext } from '@/lib/http/request-context';
import { requireSessionOrRedirect } from '@/lib/sign-in/require-session-or-redirect';
import { CreditHistoryTable } from '@/app/org/history/credit-history-table';
import { BuyCreditsForm } from '@/components/buy-credits-form';
import { buyOwnCreditsAction } from './actions';

export const metadata: Metadata = { title: 'SMS Credits' };

/** A mailbox's own SMS credits: where its brand has mailboxes pay for texts and it is in no organisation. */
export default async function OwnCreditsPage({ searchParams }: { searchParams: Promise<{ purchase?: string }> }) {
  const current = await requireSessionOrRedirect();
  const payer = await readSmsPayer(current.user.id);
  // Members spend their organisation's credits and elsewhere the platform pays: nothing to show.
  if (payer.kind !== 'mailbox') notFound();
  const [{ purchase }, packs, history] = await Promise.all([
    searchParams,
    listPacksOfPool({ poolUserId: current.user.id }),
    listCreditHistory({ actor: selfActor(current, await getRequestContext()), poolUserId: current.user.id, take: 200 }),
  ]);
  const mode = buyingMode();
  const isTest = mode === 'test';
  return (
    <div className="space-y-6">
      <Link href="/settings/security" className="text-sm text-blue-700 underline">
        Account Security
      </Link>
      <h1 className="text-2xl font-semibold">SMS Credits</h1>
      {purchase === 'paid' && (
        // Coming back from Stripe proves nothing: the credits arrive with Stripe's signed webhook.
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Thank you. Your credits are added as soon as Stripe confirms the payment, usually within a minute.
        </p>
      )}
      {purchase === 'cancelled' && (
        <p role="status" className="rounded-md border border-slate-300 bg-slate-50 p-3 text-sm">
          Payment cancelled; nothing was charged.
        </p>
      )}
      <p className="text-slate-700">
        Balance: <strong data-testid="own-credit-balance">{payer.creditBalance}</strong> credits. {payer.brandName} charges for sign-in codes
        sent by text or call: a text costs 1 credit, a call more. Credits do not expire. With none left you can still sign in with your
        authenticator app or a backup code.
      </p>
      {mode !== 'off' && (
        <section aria-labelledby="buy-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
          <h2 id="buy-heading" className="text-lg font-semibold">
            Buy SMS Credits
          </h2>
          {isTest && (
            <p className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm">
              Test mode: Stripe is not configured on this development server, so a purchase adds the credits without any payment. In
              production this takes payments through Stripe, or is not offered.
            </p>
          )}
          {current.session.isRestricted ? (
            <p className="text-sm text-slate-700">You signed in with a restricted login. To buy credits, sign in with your password and a second factor.</p>
          ) : (
            <BuyCreditsForm action={buyOwnCreditsAction} packs={packs.map((pack) => ({ id: pack.id, credits: pack.credits, price: formatPrice(pack.amountCents) }))} isTest={isTest} />
          )}
        </section>
      )}
      <section aria-labelledby="history-heading" className="space-y-4 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="history-heading" className="text-lg font-semibold">
          History
        </h2>
        <CreditHistoryTable rows={history} />
      </section>
    </div>
  );
}
