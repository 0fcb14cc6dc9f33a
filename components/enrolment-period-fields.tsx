import type { ReactNode } from 'react';
import type { FieldErrors } from '@/lib/actions/form-state';
import { MAX_ENROLMENT_DAYS } from '@/lib/policy/policy-settings';

/**
 * The enrolment period and start date of "Require two-factor authentication", in both the brand's
 * settings and the platform's defaults. `note` adds what the brand screen says about a setting's origin.
 */
export function EnrolmentPeriodFields({
  idPrefix,
  enrolmentDays,
  enforceFrom,
  fieldErrors,
  note,
}: {
  idPrefix: string;
  enrolmentDays: number;
  enforceFrom: string | null;
  fieldErrors: FieldErrors | undefined;
  note?: (key: 'enrolmentDays' | 'enforceFrom') => ReactNode;
}) {
  return (
    <div className="grid gap-3 sm:grid-cols-2">
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-enrolmentDays`} className="block text-sm font-medium">
          Enrolment period (days)
        </label>
        <input
          id={`${idPrefix}-enrolmentDays`}
          name="enrolmentDays"
          type="number"
          min={0}
          max={MAX_ENROLMENT_DAYS}
          defaultValue={enrolmentDays}
          className="w-28 rounded-md border border-slate-300 px-2 py-1"
        />
        {note?.('enrolmentDays')}
        {fieldErrors?.enrolmentDays && <p className="text-sm text-red-700">{fieldErrors.enrolmentDays.join(' ')}</p>}
      </div>
      <div className="space-y-1">
        <label htmlFor={`${idPrefix}-enforceFrom`} className="block text-sm font-medium">
          Required from (optional)
        </label>
        <input
          id={`${idPrefix}-enforceFrom`}
          name="enforceFrom"
          type="date"
          defaultValue={enforceFrom ?? ''}
          className="rounded-md border border-slate-300 px-2 py-1"
        />
        {note?.('enforceFrom')}
        {fieldErrors?.enforceFrom && <p className="text-sm text-red-700">{fieldErrors.enforceFrom.join(' ')}</p>}
      </div>
    </div>
  );
}
