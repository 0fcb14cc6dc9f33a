'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { ReauthCodeField } from '@/components/reauth-code-field';
import { SubmitButton } from '@/components/submit-button';
import { TextField } from '@/components/text-field';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { cancelInvitationAction, changeMemberAction, inviteMemberAction, updatePreferencesAction } from './actions';

/**
 * Invites by address, as a member, an administrator or (businesses) a billing contact. The answer is
 * the same for every address: whether it is a mailbox that can join is never said. Inviting an
 * administrator or billing contact asks for a current code when the last one is not recent: the
 * field is offered up front then, and shown whenever the server asks for it.
 */
export function InviteMemberForm({ organisationId, isBusiness, needsCode }: { organisationId: string; isBusiness: boolean; needsCode: boolean }) {
  const [state, action] = useActionState<FormState<{ email: string }>, FormData>(inviteMemberAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  const role = state.status === 'error' ? state.values?.role : undefined;
  return (
    <form action={action} className="space-y-3">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          {state.data.email}: if that mailbox can join, it has been invited.
        </p>
      )}
      <input type="hidden" name="organisationId" value={organisationId} />
      <TextField
        label="Mailbox address"
        name="email"
        type="email"
        autoComplete="off"
        required
        hint="A mailbox of your provider that belongs to no other family or business account. It joins only when it accepts, after signing in."
        defaultValue={state.status === 'error' ? state.values?.email : undefined}
        errors={fieldErrors?.email}
      />
      <div className="space-y-1">
        <label htmlFor="invite-role" className="block text-sm font-medium text-slate-800">
          Role
        </label>
        <select
          id="invite-role"
          name="role"
          defaultValue={role ?? 'MEMBER'}
          aria-describedby={fieldErrors?.role ? 'invite-role-error' : undefined}
          className="block rounded-md border border-slate-300 px-3 py-2 text-base"
        >
          <option value="MEMBER">Member</option>
          <option value="ADMINISTRATOR">Administrator (manages members and credits)</option>
          {isBusiness && <option value="BILLING">Billing (buys credits and reads the history)</option>}
        </select>
        {fieldErrors?.role && (
          <p id="invite-role-error" className="text-sm text-red-700">
            {fieldErrors.role.join(' ')}
          </p>
        )}
      </div>
      {needsCode && !fieldErrors?.code && <p className="text-sm text-slate-600">Inviting an administrator or billing contact asks for a current code.</p>}
      <ReauthCodeField isNeeded={false} fieldErrors={fieldErrors} id="invite-code" />
      <SubmitButton variant="secondary">Invite member</SubmitButton>
    </form>
  );
}

export function CancelInvitationForm({ organisationId, invitationId, email }: { organisationId: string; invitationId: string; email: string }) {
  const [state, action] = useActionState<FormState<{ cancelled: boolean }>, FormData>(cancelInvitationAction, INITIAL_FORM_STATE);
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton variant="secondary">{`Cancel the invitation to ${email}`}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/**
 * One button acting on one member: remove, make administrator or billing contact, make member.
 * Giving a trusted role asks for a current code when the last one is not recent: the server asks,
 * and the field appears in this form.
 */
export function MemberChangeForm({
  organisationId,
  userId,
  change,
  label,
}: {
  organisationId: string;
  userId: string;
  change: 'remove' | 'make-administrator' | 'make-billing' | 'make-member';
  label: string;
}) {
  const [state, action] = useActionState<FormState<{ changed: string }>, FormData>(changeMemberAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-2">
      <input type="hidden" name="organisationId" value={organisationId} />
      <input type="hidden" name="userId" value={userId} />
      <input type="hidden" name="change" value={change} />
      <ReauthCodeField isNeeded={false} fieldErrors={fieldErrors} id={`${change}-${userId}-code`} />
      <SubmitButton variant={change === 'remove' ? 'danger' : 'secondary'}>{label}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}

/** Turning SMS logins on spends the pool: a current code when the last one is not recent (`needsCode`). */
export function PreferencesForm({
  organisationId,
  allowSmsLogins,
  kindWord,
  needsCode = false,
}: {
  organisationId: string;
  allowSmsLogins: boolean;
  kindWord: string;
  needsCode?: boolean;
}) {
  const [state, action] = useActionState<FormState<{ allowSmsLogins: boolean }>, FormData>(updatePreferencesAction, INITIAL_FORM_STATE);
  const fieldErrors = state.status === 'error' ? state.fieldErrors : undefined;
  return (
    <form action={action} className="space-y-4">
      <FormMessage state={state} />
      {state.status === 'success' && (
        <p role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
          Saved. SMS two-factor logins are {state.data.allowSmsLogins ? 'allowed' : 'not allowed'}.
        </p>
      )}
      <input type="hidden" name="organisationId" value={organisationId} />
      <div className="space-y-1">
        <div className="flex items-center gap-2">
          <input
            id="allowSmsLogins"
            name="allowSmsLogins"
            type="checkbox"
            defaultChecked={allowSmsLogins}
            aria-describedby={fieldErrors?.allowSmsLogins ? 'allowSmsLogins-error' : undefined}
            className="h-4 w-4 accent-blue-700"
          />
          <label htmlFor="allowSmsLogins" className="font-medium">
            Allow SMS two-factor logins
          </label>
        </div>
        <p className="text-sm text-slate-600">
          Members may get their sign-in codes by text message or phone call, paid from this {kindWord} account&apos;s SMS credits (a text
          costs 1 credit). Off: members sign in with an authenticator app, an e-mailed code or a backup code, and there is nothing to buy.
        </p>
        {fieldErrors?.allowSmsLogins && (
          <p id="allowSmsLogins-error" className="text-sm text-red-700">
            {fieldErrors.allowSmsLogins.join(' ')}
          </p>
        )}
      </div>
      <ReauthCodeField isNeeded={needsCode && !allowSmsLogins} fieldErrors={fieldErrors} id="preferences-code" />
      <SubmitButton>Save preferences</SubmitButton>
    </form>
  );
}
