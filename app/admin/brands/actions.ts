'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { answerBrandDomainRequest } from '@/lib/brands/answer-brand-domain-request';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';

const ZAnswerFormSchema = z.object({
  requestId: z.string().max(64),
  answer: z.enum(['approve', 'refuse'], { error: 'Choose Approve or Refuse.' }),
  code: ZReauthCodeSchema,
});

// A platform administrator's answer to a brand's domain request; the verb authorises it (a brand's
// own administrator posting this form is refused there) and moves the mailboxes on approval.
export const answerDomainRequestAction = authedFormAction(
  ZAnswerFormSchema,
  async (input, { actor }) => {
    const answered = await answerBrandDomainRequest({ actor, requestId: input.requestId, answer: input.answer, code: input.code ?? null });
    revalidatePath('/admin/brands');
    return {
      message:
        input.answer === 'approve'
          ? `Approved: ${answered.domain} and its ${answered.moved} ${answered.moved === 1 ? 'mailbox' : 'mailboxes'} moved into the brand.`
          : `Refused: ${answered.domain} stays where it is.`,
    };
  },
  { as: 'staff' },
);
