import { getHttpPeerIp, getRequestContext } from '@/lib/http/request-context';
import { bodyOfRequest } from '@/lib/http/read-limited-body';
import { answerMailAuth } from '@/lib/mail-auth/answer-mail-auth';

// Dovecot asks here whether a mail client's password opens a mailbox. Under scripts/start.ts
// (npm start, npm run dev) its server answers this path itself before Next sees it; this route
// gives the same answer (lib/mail-auth/answer-mail-auth.ts) when a request does reach Next.
export async function POST(request: Request) {
  const { status, headers, body } = await answerMailAuth({
    identifyCaller: async () => ({ clientIp: (await getRequestContext()).ip, peerIp: await getHttpPeerIp() }),
    authorization: request.headers.get('authorization'),
    origin: request.headers.get('origin'),
    body: bodyOfRequest(request),
  });
  return new Response(body, { status, headers });
}
