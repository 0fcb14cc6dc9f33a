import { z } from 'zod';
import { APP_ERRORS, type AppErrorCode } from '@/lib/errors/app-error';
import { readLimitedBody, type RequestBody } from '@/lib/http/read-limited-body';
import { decideMailLogin, MAIL_LOGIN_FAILURES } from './decide-mail-login';
import { mailAuthCallerRefusal } from './mail-auth-caller-refusal';
import { MAIL_AUTH_MAX_BODY_BYTES, ZMailAuthRequestSchema } from './mail-auth-request';

/** An HTTP answer, for whichever server received the request to write as it is. */
export type MailAuthAnswer = { status: number; headers: Record<string, string>; body: string };

export type MailAuthCaller = {
  /** The address at the other end of the HTTP connection, never a forwarded claim. */
  peerIp: string;
  /** The client address scripts/start.ts resolved (the socket, or what trusted proxies saw). */
  clientIp: string;
};

/**
 * Dovecot's question "does this password open this mailbox?" (docs/dovecot/), answered once for
 * both servers that receive it: scripts/start.ts's own HTTP server, before Next
 * (serve-mail-auth.ts), and the Next route app/api/mail-auth/route.ts, for a request that reaches
 * Next. Each only says who is calling and hands over the body; every check is here.
 *
 * The answer is always JSON: 200 with accept, or refuse with the failure Dovecot must report and
 * the reason (which the Lua passdb logs; the owner reads it on the security page),
 * a 4xx for a request that is not Dovecot's or not well formed, and 503 when Gatehouse cannot
 * decide (its database is down), which the Lua script turns into a temporary failure: an outage
 * must never read as a wrong password, so this never answers 500.
 */
export async function answerMailAuth({
  identifyCaller,
  authorization,
  origin,
  body,
}: {
  /** Who is calling, as only scripts/start.ts can vouch for it (a Next route asks its headers, which may fail). */
  identifyCaller: () => MailAuthCaller | Promise<MailAuthCaller>;
  authorization: string | null;
  origin: string | null;
  body: RequestBody;
}): Promise<MailAuthAnswer> {
  try {
    const { peerIp, clientIp } = await identifyCaller();
    const refusal = mailAuthCallerRefusal({ peerIp, clientIp, authorization, origin });
    if (refusal) return answerError(refusal);
    const text = await readLimitedBody(body, MAIL_AUTH_MAX_BODY_BYTES);
    if (text === null) return answerError('MAIL_AUTH_BODY_TOO_LARGE');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return answerError('INVALID_INPUT', { body: ['Not JSON.'] });
    }
    const parsed = ZMailAuthRequestSchema.safeParse(json);
    if (!parsed.success) return answerError('INVALID_INPUT', z.flattenError(parsed.error).fieldErrors);
    const decision = await decideMailLogin(parsed.data);
    if (decision.result === 'accept') return answer(200, { result: 'accept', via: decision.via });
    // `failure` tells the Lua passdb which failing result to give Dovecot: a refusal is never an OK.
    return answer(200, {
      result: 'refuse',
      failure: MAIL_LOGIN_FAILURES[decision.reason],
      reason: decision.reason,
      message: APP_ERRORS[decision.reason].message,
      ...(decision.retryAfterSeconds ? { retryAfterSeconds: decision.retryAfterSeconds } : {}),
    });
  } catch (error) {
    console.error('Mail login could not be decided', error);
    return answerError('MAIL_AUTH_UNAVAILABLE');
  }
}

function answerError(code: AppErrorCode, fieldErrors?: Record<string, string[] | undefined>): MailAuthAnswer {
  return answer(APP_ERRORS[code].status, { result: 'error', reason: code, message: APP_ERRORS[code].message, ...(fieldErrors ? { fieldErrors } : {}) });
}

function answer(status: number, body: Record<string, unknown>): MailAuthAnswer {
  const text = JSON.stringify(body);
  return {
    status,
    headers: { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(text)), 'Cache-Control': 'no-store' },
    body: text,
  };
}
