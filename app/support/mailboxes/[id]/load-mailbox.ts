import { notFound } from 'next/navigation';
import { z } from 'zod';
import { staffActor } from '@/lib/core/staff-actor';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { isAppError } from '@/lib/errors/app-error';
import { getRequestContext } from '@/lib/http/request-context';
import { readMailboxSecurity, type MailboxSecurity } from '@/lib/support/read-mailbox-security';

/**
 * The mailbox of a support page. A mailbox outside the staff member's brands is a 404, exactly
 * like one that does not exist: the console never confirms an address it may not act on.
 */
export async function loadMailbox(current: CurrentSession, id: string): Promise<MailboxSecurity> {
  if (!z.uuid().safeParse(id).success) notFound();
  try {
    return await readMailboxSecurity({ actor: staffActor(current, await getRequestContext()), userId: id });
  } catch (error) {
    if (isAppError(error) && (error.code === 'FORBIDDEN' || error.code === 'USER_NOT_FOUND')) notFound();
    throw error;
  }
}
