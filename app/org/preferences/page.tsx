import type { Metadata } from 'next';
import { selfActor } from '@/lib/core/actor';
import { getRequestContext } from '@/lib/http/request-context';
import { hasRecentSecondFactor } from '@/lib/mfa/confirm-recent-second-factor';
import { organisationKindWord } from '@/lib/organisations/organisation-schema';
import { readMemberTwoFactor } from '@/lib/organisations/read-member-two-factor';
import { PreferencesForm } from '../forms';
import { loadOrganisation } from '../load-organisation';
import { RequireTwoFactorForm } from '../member-two-factor-forms';
import { OrgNav } from '../org-nav';

export const metadata: Metadata = { title: 'Business/Family Preferences' };

export default async function PreferencesPage() {
  const { current, home } = await loadOrganisation({ administrators: true, acts: true });
  const { requirement } = await readMemberTwoFactor({ actor: selfActor(current, await getRequestContext()), organisationId: home.organisation.id });
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
      <section aria-labelledby="require-two-factor-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-5">
        <h2 id="require-two-factor-heading" className="text-lg font-semibold">
          Two-factor authentication for members
        </h2>
        {requirement.brand && (
          <p className="text-sm text-slate-700">
            Your provider already requires it of every mailbox, with {requirement.brand.enrolmentDays} days to set it up. This account can only
            make that stricter (a shorter period).
          </p>
        )}
        <RequireTwoFactorForm
          organisationId={home.organisation.id}
          isRequired={requirement.isRequired}
          enrolmentDays={requirement.enrolmentDays ?? requirement.brand?.enrolmentDays ?? 14}
          needsCode={!hasRecentSecondFactor(current.session)}
        />
      </section>
    </div>
  );
}
