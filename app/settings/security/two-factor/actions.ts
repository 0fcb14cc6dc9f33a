'use server';

import { z } from 'zod';
import { authedFormAction } from '@/lib/actions/form-action';
import { ZTotpCodeSchema } from '@/lib/mfa/code-schema';
import { enableTotp } from '@/lib/mfa/totp/enable-totp';

const ZEnableTotpSchema = z.object({ code: ZTotpCodeSchema });

export const enableTotpAction = authedFormAction(ZEnableTotpSchema, async ({ code }, { actor, current }) => {
  const { backupCodes } = await enableTotp({ actor, userId: current.user.id, code });
  return { backupCodes };
});
