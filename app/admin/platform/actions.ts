'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZReauthCodeSchema } from '@/lib/mfa/code-schema';
import type { TPlatformPolicy } from '@/lib/policy/platform-policy';
import { updatePlatformPolicy } from '@/lib/policy/update-platform-policy';

// A checked box posts "on"; an unchecked one posts nothing at all, which means false.
const ZCheckboxSchema = z
  .literal('on', { error: 'A checkbox can only be on or off.' })
  .optional()
  .transform((value) => value === 'on');

const ZPolicyFormSchema = z.object({
  totpAvailable: ZCheckboxSchema,
  smsAvailable: ZCheckboxSchema,
  voiceAvailable: ZCheckboxSchema,
  emailAvailable: ZCheckboxSchema,
  totpSelfService: ZCheckboxSchema,
  smsSelfService: ZCheckboxSchema,
  voiceSelfService: ZCheckboxSchema,
  emailSelfService: ZCheckboxSchema,
  codesMayStandAlone: z
    .enum(['true', 'false'], { error: 'Choose whether text, call and e-mail codes may be the only second factor.' })
    .transform((value) => value === 'true'),
  // Asked for only when the administrator's last second factor is older than a few minutes.
  code: ZReauthCodeSchema,
});

// The page hides itself from non-administrators, but an action never trusts that its page ran:
// the wrapper refuses anyone but an ADMIN before reading the form, and the verb checks again.
export const updatePlatformPolicyAction = authedFormAction(
  ZPolicyFormSchema,
  async ({ code, ...changes }, { current, request }) => {
    const policy = await updatePlatformPolicy({ changes: changes satisfies TPlatformPolicy, actor: current, code: code ?? null, request });
    revalidatePath('/admin/platform');
    return { policy };
  },
  { role: 'ADMIN' },
);
