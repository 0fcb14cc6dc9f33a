import type { IncomingMessage, ServerResponse } from 'node:http';
import { bodyOfIncomingMessage } from '@/lib/http/read-limited-body';
import { answerMailAuth, type MailAuthCaller } from './answer-mail-auth';
import { MAIL_AUTH_PATH } from './mail-auth-request';

/** Whether a request on Node's own server is Dovecot's question, for serveMailAuth. */
export function isMailAuthRequest(request: Pick<IncomingMessage, 'method' | 'url'>): boolean {
  return request.method === 'POST' && request.url?.split('?')[0] === MAIL_AUTH_PATH;
}

/**
 * Answers POST /api/mail-auth on Node's own HTTP server (scripts/start.ts), before Next: Dovecot
 * asks about every mail login, and Next's routing, proxy.ts and per-request machinery cost several
 * times the decision itself. The answer is answerMailAuth's, the one the Next route gives too;
 * `caller` is what the server resolved from the socket, as it stamps it for Next.
 */
export async function serveMailAuth({ request, response, caller }: { request: IncomingMessage; response: ServerResponse; caller: MailAuthCaller }): Promise<void> {
  const { status, headers, body } = await answerMailAuth({
    identifyCaller: () => caller,
    authorization: request.headers.authorization ?? null,
    origin: request.headers.origin ?? null,
    body: bodyOfIncomingMessage(request),
  });
  // The rest of a body left unread (too large, or its caller refused) is never read: the
  // connection ends with the answer.
  response.writeHead(status, request.complete ? headers : { ...headers, Connection: 'close' }).end(body);
}
