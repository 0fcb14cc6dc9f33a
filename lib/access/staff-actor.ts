import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { AppError } from '@/lib/errors/app-error';
import type { RequestContext } from '@/lib/http/request-context';
import type { Actor } from './actor';

/**
 * A signed-in session acting as staff. Staff accounts must use MFA themselves, so a session that
 * did not pass a second factor never becomes a staff actor, whatever roles it holds; nor does one
 * an alternative login opened (an account given a role after it made one), which was meant for a
 * computer its owner does not trust.
 */
export function staffActor(current: CurrentSession, request: RequestContext): Actor & { kind: 'staff' } {
  if (current.user.roles.length === 0) throw new AppError('FORBIDDEN');
  if (!isStaffSessionReady(current)) throw new AppError('STAFF_MFA_REQUIRED');
  return { kind: 'staff', current, request };
}

/**
 * The second factor must have been proven under the token the session holds now: a session given
 * its factor in place, without the new token every authentication step brings, is not a staff
 * session (a cookie planted before the step would otherwise inherit staff powers).
 */
export function isStaffSessionReady(current: CurrentSession): boolean {
  const { session } = current;
  return (
    current.user.isMfaEnabled &&
    session.secondFactorAt !== null &&
    session.secondFactorTokenId === session.tokenId &&
    session.alternativeLoginId === null
  );
}
