import type { Metadata } from 'next';
import { selfActor } from '@/lib/core/actor';
import { listCreditHistory } from '@/lib/credits/list-credit-history';
import { getRequestContext } from '@/lib/http/request-context';
import { loadOrganisation } from '../load-organisation';
import { OrgNav } from '../org-nav';
import { CreditHistoryTable } from './credit-history-table';

export const metadata: Metadata = { title: 'SMS credit history' };

export default async function CreditHistoryPage() {
  const { current, home } = await loadOrganisation({ administrators: false, credits: true });
  const rows = await listCreditHistory({ actor: selfActor(current, await getRequestContext()), organisationId: home.organisation.id, take: 1000 });
  return (
    <div className="space-y-6">
      <OrgNav home={home} current="history" />
      <h1 className="text-2xl font-semibold">SMS credit history</h1>
      <p className="text-slate-700">
        Every purchase, text or call paid, refund of a code that could not be sent, and correction by support. Balance now:{' '}
        <strong>{home.organisation.creditBalance}</strong>.{' '}
        <a href="/org/history.csv" className="text-blue-700 underline" download>
          Download CSV
        </a>
      </p>
      <CreditHistoryTable rows={rows} />
    </div>
  );
}
