import { unstable_rethrow } from 'next/navigation';
import { z } from 'zod';
import { selfActor, type Actor } from '@/lib/core/actor';
import { staffActor } from '@/lib/core/staff-actor';
import { requireSession } from '@/lib/sessions/require-session';
import { sendRenewedSessionCookie } from '@/lib/sessions/session-cookie';
import type { CurrentSession } from '@/lib/sessions/get-current-session';
import { APP_ERRORS, AppError, isAppError } from '@/lib/errors/app-error';
import { getRequestContext, type RequestContext } from '@/lib/http/request-context';
import { clientKey } from '@/lib/rate-limit/client-key';
import { limiter } from '@/lib/rate-limit/limiters';
import type { FieldErrors, FormState } from './form-state';

// Any one address may post at most this many forms a minute, whatever they are; the verbs keep
// their own, stricter limits per account and per method.
const ACTIONS_PER_MINUTE = 120;

// Typed values come back after an error so the form can keep them (React resets forms after an
// action), except secrets, which are never echoed into the page (a one-time list's memorised
// prefix is one).
const SECRET_FIELDS = new Set(['password', 'code', 'prefix', 'currentPassword', 'newPassword', 'confirmNewPassword', 'secret']);

type Handler<TSchema extends z.ZodType, TData, TContext> = (input: z.output<TSchema>, context: TContext) => Promise<TData>;

/**
 * Wraps a server action in the fixed order every action follows: rate limit, session (for
 * authedFormAction), parse input, then the work. Returns every field error at once; AppErrors
 * become their user message; anything else is logged and shown as a generic message, never a stack.
 * Next's own redirects pass through.
 */
export function formAction<TSchema extends z.ZodType, TData>(
  schema: TSchema,
  handler: Handler<TSchema, TData, { request: RequestContext }>,
): (previous: FormState<TData>, formData: FormData) => Promise<FormState<TData>> {
  return (_previous, formData) => run(formData, schema, async (request) => ({ request }), handler);
}

/**
 * A signed-in action. Its handler is told who acts: the account's owner, or with `as: 'staff'` a
 * staff member, refused before the input is even read when the session holds no staff role or
 * did not pass a second factor. What the actor may do to whom the verb decides (`authorize`).
 */
export function authedFormAction<TSchema extends z.ZodType, TData>(
  schema: TSchema,
  handler: Handler<TSchema, TData, { request: RequestContext; current: CurrentSession; actor: Actor }>,
  { as = 'self' }: { as?: 'self' | 'staff' } = {},
): (previous: FormState<TData>, formData: FormData) => Promise<FormState<TData>> {
  const authorize = async (request: RequestContext) => {
    const current = await requireSession();
    const actor = as === 'staff' ? staffActor(current, request) : selfActor(current, request);
    return { request, current, actor };
  };
  const handle: typeof handler = async (input, context) => {
    const issuedTokenId = context.current.session.tokenId;
    try {
      return await handler(input, context);
    } finally {
      // A second factor proven in this action renewed the session's token, committed whatever
      // the rest of the action did (a redirect included): the browser gets the cookie carrying it.
      await sendRenewedSessionCookie(context.current, issuedTokenId);
    }
  };
  return (_previous, formData) => run(formData, schema, authorize, handle);
}

/** `authorize` is the session and account-state step: it returns the handler's context or throws. */
async function run<TSchema extends z.ZodType, TData, TContext>(
  formData: FormData,
  schema: TSchema,
  authorize: (request: RequestContext) => Promise<TContext>,
  handler: Handler<TSchema, TData, TContext>,
): Promise<FormState<TData>> {
  // A server action is an endpoint anyone can call with arguments of their own making (Next's
  // action protocol carries any serialisable value, not only a form); whatever is not a form gets
  // the form's error state, never a 500.
  if (!(formData instanceof FormData)) return { status: 'error', message: APP_ERRORS.INVALID_INPUT.message };
  const values: Record<string, string> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value === 'string' && !key.startsWith('$') && !SECRET_FIELDS.has(key) && value.length <= 254) values[key] = value;
  }
  try {
    const request = await getRequestContext();
    try {
      await limiter('action', { points: ACTIONS_PER_MINUTE, durationSeconds: 60 }).consume(clientKey(request.ip));
    } catch (rejection) {
      if (rejection instanceof Error) throw rejection;
      throw new AppError('TOO_MANY_ATTEMPTS', { retryAfterSeconds: 60 });
    }
    const context = await authorize(request);
    // Uploaded files reach the schema as File objects (a form's schema says which field may hold one).
    const fields: Record<string, string | File> = {};
    for (const [key, value] of formData.entries()) if (!key.startsWith('$')) fields[key] = value;
    const parsed = schema.safeParse(fields);
    if (!parsed.success) {
      return {
        status: 'error',
        message: APP_ERRORS.INVALID_INPUT.message,
        fieldErrors: z.flattenError(parsed.error).fieldErrors as FieldErrors,
        values,
      };
    }
    const data = await handler(parsed.data, context);
    return { status: 'success', data };
  } catch (error) {
    unstable_rethrow(error);
    if (isAppError(error)) return { status: 'error', message: error.userMessage, fieldErrors: error.fieldErrors, values };
    console.error('Unexpected error in a form action', error);
    return { status: 'error', message: APP_ERRORS.UNEXPECTED.message, values };
  }
}
