'use client';

import { useActionState } from 'react';
import { FormMessage } from '@/components/form-message';
import { SubmitButton } from '@/components/submit-button';
import { INITIAL_FORM_STATE, type FormState } from '@/lib/actions/form-state';
import { answerInvitationAction } from './actions';

export function AnswerInvitationForm({ invitationId, name }: { invitationId: string; name: string }) {
  const [state, action] = useActionState<FormState<{ answer: string }>, FormData>(answerInvitationAction, INITIAL_FORM_STATE);
  if (state.status === 'success') {
    return (
      <p role="status" className="text-green-800">
        Declined. Nothing about your mailbox changed.
      </p>
    );
  }
  return (
    <form action={action} className="flex flex-wrap items-center gap-2">
      <input type="hidden" name="invitationId" value={invitationId} />
      <SubmitButton name="answer" value="accept">{`Accept and join ${name}`}</SubmitButton>
      <SubmitButton name="answer" value="decline" variant="secondary">{`Decline ${name}`}</SubmitButton>
      <FormMessage state={state} />
    </form>
  );
}
