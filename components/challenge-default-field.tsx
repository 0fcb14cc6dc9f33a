import type { ReactNode } from 'react';
import type { FieldErrors } from '@/lib/actions/form-state';
import { CHALLENGE_POLICY_LABELS } from '@/lib/challenge/challenge-policies';
import type { ChallengePolicy } from '@/lib/db/generated/enums';
import { CHALLENGE_POLICIES } from '@/lib/policy/policy-settings';

/**
 * The challenge policy new mailboxes start with, in the brand's settings and the platform's
 * defaults. A choice the users are not offered falls back to "Always" when a mailbox is created.
 */
export function ChallengeDefaultField({
  idPrefix,
  value,
  fieldErrors,
  note,
}: {
  idPrefix: string;
  value: ChallengePolicy;
  fieldErrors: FieldErrors | undefined;
  note?: ReactNode;
}) {
  return (
    <div className="space-y-1">
      <label htmlFor={`${idPrefix}-defaultChallengePolicy`} className="block text-sm font-medium">
        New mailboxes are asked for the code
      </label>
      <select
        id={`${idPrefix}-defaultChallengePolicy`}
        name="defaultChallengePolicy"
        defaultValue={value}
        className="rounded-md border border-slate-300 px-2 py-1"
      >
        {CHALLENGE_POLICIES.map((policy) => (
          <option key={policy} value={policy}>
            {CHALLENGE_POLICY_LABELS[policy]}
          </option>
        ))}
      </select>
      {note}
      {fieldErrors?.defaultChallengePolicy && <p className="text-sm text-red-700">{fieldErrors.defaultChallengePolicy.join(' ')}</p>}
    </div>
  );
}
