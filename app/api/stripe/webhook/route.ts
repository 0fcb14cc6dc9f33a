import { handleStripeWebhook } from '@/lib/credits/handle-stripe-webhook';

// Stripe posts Checkout events here. Not a browser request: instead of an origin check, the
// Stripe-Signature header must verify against the raw body (read as text, never re-serialised)
// with the webhook's signing secret and a fresh timestamp. Only this route grants credits; the
// page Stripe sends the administrator back to shows the balance and grants nothing.
export async function POST(request: Request): Promise<Response> {
  const rawBody = await request.text();
  const outcome = await handleStripeWebhook({ rawBody, signature: request.headers.get('stripe-signature') });
  return Response.json({ message: outcome.message }, { status: outcome.status, headers: { 'Cache-Control': 'no-store' } });
}
