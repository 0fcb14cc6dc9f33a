import type { Metadata } from 'next';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { PreferencesForm } from '../forms';
import { loadOrganisation } from '../load-organisation';
import { OrgNav } from '../org-nav';

export const metadata: Metadata = { title: 'Business/Family Preferences' };

export default async function PreferencesPage() {
  const { current, home } = await loadOrganisation({ administrators: true });
  const kindWord = organisationKindWord(home.organisation.kind);
  return (
    <div className="space-y-6">
      <OrgNav home={home} current="preferences" />
      <h1 className="text-2xl font-semibold">{kindWord} Preferences</h1>
      <section className="rounded-lg border border-slate-200 bg-white p-5">
        <PreferencesForm
          organisationId={home.organisation.id}
          allowSmsLogins={home.organisation.allowSmsLogins}
          kindWord={kindWord.toLowerCase()}
          needsCode={current.user.isMfaEnabled && !hasRecentSecondFactor(current.session)}
        />
      </section>
    </div>
  );
}
