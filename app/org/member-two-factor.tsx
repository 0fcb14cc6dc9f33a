import { formatDateTime } from '@/lib/core/format';
import type { MemberTwoFactor } from '@/lib/organisations/read-member-two-factor';
import { AnswerMemberResetForm, RemindMemberForm, ResetMemberTwoFactorForm } from './member-two-factor-forms';

/**
 * One member's two-factor line in the members list: on or off, the enrolment deadline where one
 * runs, "Remind" for a member without it, and "Reset two-factor authentication" for one with it.
 */
export function MemberTwoFactor({
  organisationId,
  member,
  twoFactor,
  isSelf,
  needsCode,
}: {
  organisationId: string;
  member: { userId: string; email: string; role: string };
  twoFactor: MemberTwoFactor;
  isSelf: boolean;
  needsCode: boolean;
}) {
  const state = twoFactor.members.find((row) => row.userId === member.userId);
  if (!state) return null;
  const isWaiting = twoFactor.resetRequests.some((request) => request.memberId === member.userId);
  // The on/off state is on the member's line above; here what comes with it.
  const details = [
    ...(!state.isMfaEnabled && state.enrolmentDeadline ? [`Must set it up by ${formatDateTime(state.enrolmentDeadline)} UTC`] : []),
    ...(!state.isMfaEnabled && !state.enrolmentDeadline && twoFactor.requirement.isRequired ? ['Its enrolment period starts at its next sign-in'] : []),
    ...(state.remindedAt ? [`Reminded ${formatDateTime(state.remindedAt)} UTC`] : []),
  ];
  return (
    <div className="w-full space-y-2">
      {details.length > 0 && <p className="text-sm text-slate-600">{details.join(' · ')}</p>}
      {/* Both stay mounted after they are used, so their answer outlives the page's refresh. */}
      {!isSelf && <RemindMemberForm organisationId={organisationId} userId={member.userId} email={member.email} mayRemind={!state.isMfaEnabled && state.mayRemind} />}
      {!isSelf && twoFactor.mayReset && (
        <ResetMemberTwoFactorForm
          organisationId={organisationId}
          userId={member.userId}
          email={member.email}
          isAdministrator={member.role === 'ADMINISTRATOR'}
          needsCode={needsCode}
          isOffered={state.isMfaEnabled && !isWaiting}
        />
      )}
    </div>
  );
}

/** Resets of administrators waiting for a second administrator. */
export function WaitingResets({ organisationId, twoFactor, needsCode }: { organisationId: string; twoFactor: MemberTwoFactor; needsCode: boolean }) {
  if (twoFactor.resetRequests.length === 0) return null;
  return (
    <div className="space-y-2">
      <h3 className="font-medium">Resets waiting for a second administrator</h3>
      <ul className="divide-y divide-slate-200" aria-label="Resets waiting for a second administrator">
        {twoFactor.resetRequests.map((request) => (
          <li key={request.id} className="space-y-2 py-3">
            <p className="text-sm">
              Reset two-factor authentication of <strong>{request.memberEmail}</strong>, asked by {request.requestedByEmail ?? 'a former administrator'}:
              &ldquo;{request.reason}&rdquo;. Open until {formatDateTime(request.expiresAt)} UTC.
            </p>
            <div className="flex flex-wrap gap-2">
              {request.mayConfirm && (
                <AnswerMemberResetForm
                  organisationId={organisationId}
                  requestId={request.id}
                  answer="confirm"
                  label={`Confirm the reset of ${request.memberEmail}`}
                  needsCode={needsCode}
                />
              )}
              <AnswerMemberResetForm organisationId={organisationId} requestId={request.id} answer="cancel" label={`Cancel the reset of ${request.memberEmail}`} needsCode={false} />
            </div>
          </li>
        ))}
      </ul>
    </div>
  );
}
