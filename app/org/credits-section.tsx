import Link from 'next/link';
import type { CreditHistoryRow } from '@/lib/credits/list-credit-history';
import type { OrganisationHome } from '@/lib/organisations/read-organisation-home';
import { CreditHistoryTable } from './history/credit-history-table';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { CreditBalance } from '@/components/credit-balance';

/** "SMS credits" on /org: the balance, buying and the latest history, for administrators and billing. */
export function CreditsSection({ home, history }: { home: OrganisationHome; history: CreditHistoryRow[] }) {
  const { organisation } = home;
  const kindWord = organisationKindWord(organisation.kind);
  return (
    <section aria-labelledby="credits-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
      <CreditBalance balance={organisation.creditBalance} />
      {organisation.allowSmsLogins ? (
        home.buying ? (
          <Link href="/org/credits" className="inline-block rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
            Buy SMS Credits
          </Link>
        ) : (
          <p className="text-sm text-slate-600">Buying credits is not available on this service.</p>
        )
      ) : home.isAdministrator ? (
        <p className="text-sm text-slate-700">
          SMS two-factor logins are off, so members get no codes by text or call and there is nothing to buy. Turn them on in{' '}
          <Link href="/org/preferences" className="text-blue-700 underline">
            {kindWord} Preferences
          </Link>
          .
        </p>
      ) : (
        <p className="text-sm text-slate-700">
          SMS two-factor logins are off, so members get no codes by text or call and there is nothing to buy. An administrator can turn them on.
        </p>
      )}
      <CreditHistoryTable rows={history} />
      <p className="flex gap-4 text-sm">
        <Link href="/org/history" className="text-blue-700 underline">
          Full history
        </Link>
        <a href="/org/history.csv" className="text-blue-700 underline" download>
          Download CSV
        </a>
      </p>
    </section>
  );
}
