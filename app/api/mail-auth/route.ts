import { z } from 'zod';
import { APP_ERRORS, type AppErrorCode } from '@/lib/errors/app-error';
import { getHttpPeerIp, getRequestContext } from '@/lib/http/request-context';
import { readLimitedBody } from '@/lib/http/read-limited-body';
import { decideMailLogin } from '@/lib/mail-auth/decide-mail-login';
import { mailAuthCallerRefusal } from '@/lib/mail-auth/mail-auth-caller-refusal';
import { MAIL_AUTH_MAX_BODY_BYTES, ZMailAuthRequestSchema } from '@/lib/mail-auth/mail-auth-request';

// Dovecot asks here whether a mail client's password opens a mailbox (docs/dovecot/). The answer
// is always JSON: 200 with accept or refuse (and the reason a mail client should show), a 4xx
// for a request that is not Dovecot's or not well formed, and 503 when Gatehouse cannot decide
// (its database is down), which the Lua script turns into a temporary failure: an outage must
// never read as a wrong password, so this endpoint never answers 500.
export async function POST(request: Request) {
  try {
    const { ip: clientIp } = await getRequestContext();
    const refusal = mailAuthCallerRefusal({
      peerIp: await getHttpPeerIp(),
      clientIp,
      authorization: request.headers.get('authorization'),
      origin: request.headers.get('origin'),
    });
    if (refusal) return answerError(refusal);
    const body = await readLimitedBody(request, MAIL_AUTH_MAX_BODY_BYTES);
    if (body === null) return answerError('MAIL_AUTH_BODY_TOO_LARGE');
    let json: unknown;
    try {
      json = JSON.parse(body);
    } catch {
      return answerError('INVALID_INPUT', { body: ['Not JSON.'] });
    }
    const parsed = ZMailAuthRequestSchema.safeParse(json);
    if (!parsed.success) return answerError('INVALID_INPUT', z.flattenError(parsed.error).fieldErrors);
    const decision = await decideMailLogin(parsed.data);
    if (decision.result === 'accept') return answer(200, { result: 'accept', via: decision.via });
    return answer(200, {
      result: 'refuse',
      reason: decision.reason,
      message: APP_ERRORS[decision.reason].message,
      ...(decision.retryAfterSeconds ? { retryAfterSeconds: decision.retryAfterSeconds } : {}),
    });
  } catch (error) {
    console.error('Mail login could not be decided', error);
    return answerError('MAIL_AUTH_UNAVAILABLE');
  }
}

function answerError(code: AppErrorCode, fieldErrors?: Record<string, string[] | undefined>): Response {
  return answer(APP_ERRORS[code].status, { result: 'error', reason: code, message: APP_ERRORS[code].message, ...(fieldErrors ? { fieldErrors } : {}) });
}

function answer(status: number, body: Record<string, unknown>): Response {
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });
}
