import type { ReactNode } from 'react';
import type { RecentAuditEvent } from '@/lib/audit/list-recent-audit-events';
import type { RememberedLocationView } from '@/lib/locations/list-remembered-locations';

// The lists the owner's security page and the support console's mailbox page both show, so the
// two always describe an account the same way.

export const utcDateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

type SessionRow = { id: string; ip: string | null; userAgent: string | null; createdAt: Date; lastSeenAt: Date };

/** Where the account is signed in; `currentSessionId` names the viewer's own browser. */
export function SessionList({ sessions, currentSessionId }: { sessions: SessionRow[]; currentSessionId?: string }) {
  return (
    <ul className="divide-y divide-slate-200 text-sm" aria-label="Sessions">
      {sessions.map((row) => (
        <li key={row.id} className="py-2">
          <span className="font-medium">{row.id === currentSessionId ? 'This browser' : (row.userAgent ?? 'Unknown device').slice(0, 80)}</span>
          <span className="block text-slate-600">
            {row.ip ?? 'unknown address'} · signed in {utcDateFormat.format(row.createdAt)} UTC · last active {utcDateFormat.format(row.lastSeenAt)} UTC
          </span>
        </li>
      ))}
    </ul>
  );
}

/** The account's recent audit events, newest first. */
export function ActivityList({ events }: { events: RecentAuditEvent[] }) {
  return (
    <ul className="divide-y divide-slate-200 text-sm">
      {events.map((event) => (
        <li key={event.id} className="flex justify-between gap-4 py-2">
          <span>{event.description}</span>
          <span className="shrink-0 text-slate-600">
            {utcDateFormat.format(event.createdAt)} UTC{event.ip ? ` · ${event.ip}` : ''}
          </span>
        </li>
      ))}
    </ul>
  );
}

/** Remembered addresses and countries with when each was last used; `action` adds a control per row (Forget). */
export function LocationList({ locations, action }: { locations: RememberedLocationView[]; action?: (location: RememberedLocationView) => ReactNode }) {
  return (
    <ul className="divide-y divide-slate-200" aria-label="Remembered locations">
      {locations.map((location) => (
        <li key={location.id} className="flex items-center justify-between gap-4 py-2 text-sm">
          <span>
            <span className="font-medium">
              {location.kind === 'COUNTRY' ? 'Country' : 'Address'}: {location.label}
            </span>
            <span className="block text-slate-600">last used {utcDateFormat.format(location.lastUsedAt)} UTC</span>
          </span>
          {action?.(location)}
        </li>
      ))}
    </ul>
  );
}
