import { handleStripeWebhook } from '@/lib/credits/handle-stripe-webhook';
import { bodyOfRequest, readLimitedBody } from '@/lib/http/read-limited-body';

// Stripe's events are a few kilobytes; 1 MB leaves room for the largest with line items and
// metadata, and anything beyond is refused before it is held in memory.
const STRIPE_WEBHOOK_MAX_BYTES = 1024 * 1024;

// Stripe posts Checkout events here. Not a browser request: instead of an origin check, the
// Stripe-Signature header must verify against the raw body (read as text, never re-serialised)
// with the webhook's signing secret and a fresh timestamp. Only this route grants credits; the
// page Stripe sends the administrator back to shows the balance and grants nothing.
export async function POST(request: Request): Promise<Response> {
  const rawBody = await readLimitedBody(bodyOfRequest(request), STRIPE_WEBHOOK_MAX_BYTES);
  if (rawBody === null) return Response.json({ message: 'The request body is larger than 1 MB.' }, { status: 413, headers: { 'Cache-Control': 'no-store' } });
  const outcome = await handleStripeWebhook({ rawBody, signature: request.headers.get('stripe-signature') });
  return Response.json({ message: outcome.message }, { status: outcome.status, headers: { 'Cache-Control': 'no-store' } });
}
