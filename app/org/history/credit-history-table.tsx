import { formatDateTime } from '@/lib/core/format';
import { creditKindWord, type CreditHistoryRow } from '@/lib/credits/list-credit-history';

/** Date, kind, member, credits, balance after: the ledger as an administrator reads it. */
export function CreditHistoryTable({ rows }: { rows: CreditHistoryRow[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No credits bought or used yet.</p>;
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">SMS credit history, newest first</caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-2 pr-3">Date (UTC)</th>
            <th scope="col" className="py-2 pr-3">Kind</th>
            <th scope="col" className="py-2 pr-3">Member</th>
            <th scope="col" className="py-2 pr-3 text-right">Credits</th>
            <th scope="col" className="py-2 pr-3 text-right">Balance after</th>
            <th scope="col" className="py-2">By</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100">
              <td className="py-2 pr-3 whitespace-nowrap">{formatDateTime(row.at)}</td>
              <td className="py-2 pr-3">
                {creditKindWord(row.kind)}
                {row.channel ? ` (${row.channel === 'VOICE' ? 'call' : 'text'})` : ''}
                {row.reason ? <span className="block text-xs text-slate-600">{row.reason}</span> : null}
              </td>
              <td className="py-2 pr-3">{row.member ?? ''}</td>
              <td className="py-2 pr-3 text-right">{row.credits > 0 ? `+${row.credits}` : row.credits}</td>
              <td className="py-2 pr-3 text-right">{row.balanceAfter}</td>
              <td className="py-2">{row.by}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
