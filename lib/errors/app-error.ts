// The one table of errors Gatehouse shows its users. Domain code throws AppError('CODE'); the
// action boundary turns it into form state, route handlers into a status. Anything else is a bug:
// logged, and shown as a generic message.
export const APP_ERRORS = {
  INVALID_INPUT: { status: 400, message: 'Please correct the fields marked below.' },
  INVALID_CREDENTIALS: { status: 401, message: 'That e-mail address and password do not match an account.' },
  INVALID_PASSWORD: { status: 401, message: 'That password is not correct.' },
  INVALID_CODE: { status: 401, message: 'That code is not valid. Check it and try again.' },
  CODE_ALREADY_USED: { status: 401, message: 'That code has already been used. Wait for the next code in your app.' },
  TOO_MANY_ATTEMPTS: { status: 429, message: 'Too many attempts. Please wait and try again.' },
  ACCOUNT_LOCKED: {
    status: 429,
    message: 'This sign-in method is locked after too many failed attempts. Contact support to unlock it.',
  },
  LOGIN_EXPIRED: { status: 401, message: 'Your sign-in has expired. Please sign in again.' },
  NOT_SIGNED_IN: { status: 401, message: 'Please sign in.' },
  FORBIDDEN: { status: 403, message: 'You are not allowed to do that.' },
  STAFF_MFA_REQUIRED: {
    status: 403,
    message: 'Staff tools need two-factor authentication: turn it on in Account Security, then sign out and sign in again with it.',
  },
  MFA_ALREADY_ENABLED: { status: 409, message: 'Two-factor authentication is already on.' },
  MFA_NOT_ENABLED: { status: 409, message: 'Two-factor authentication is not on.' },
  ENROLMENT_NOT_STARTED: { status: 409, message: 'Start the set-up again from the Account Security page.' },
  REAUTH_REQUIRED: { status: 401, message: 'To confirm it is you, enter a current code.' },
  EMAIL_TAKEN: { status: 409, message: 'An account with that e-mail address already exists.' },
  USER_NOT_FOUND: { status: 404, message: 'No account has that e-mail address.' },
  DELIVERY_FAILED: {
    status: 502,
    message: 'We could not send the code just now. Please use another method, such as your authenticator app or a backup code, or try again later.',
  },
  COUNTRY_NOT_ALLOWED: {
    status: 400,
    message: 'Gatehouse cannot send texts or calls to numbers in that country. Use an authenticator app instead.',
  },
  SEND_LIMIT_REACHED: { status: 429, message: 'Too many codes have been sent. Please wait, or use another method.' },
  RESEND_TOO_SOON: { status: 429, message: 'A code was sent moments ago. Please wait before asking for another.' },
  CODE_EXPIRED: { status: 401, message: 'That code has expired. Ask for a new one.' },
  METHOD_NOT_AVAILABLE: { status: 403, message: 'That method is not available on this service.' },
  AUTHENTICATOR_REQUIRED: {
    status: 409,
    message: 'Set up an authenticator app first: text, call and e-mail codes can only be a backup to it here.',
  },
  INVALID_PHONE_NUMBER: { status: 400, message: 'That is not a valid phone number.' },
  ALREADY_ADDED: { status: 409, message: 'That is already on your account.' },
  LAST_FACTOR: {
    status: 409,
    message: 'This is your only second factor. To remove it, turn off two-factor authentication instead.',
  },
  UNEXPECTED: { status: 500, message: 'Something went wrong on our side. Nothing was changed; please try again.' },
} as const satisfies Record<string, { status: number; message: string }>;

export type AppErrorCode = keyof typeof APP_ERRORS;

export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly status: number;
  readonly retryAfterSeconds?: number;
  readonly fieldErrors?: Record<string, string[]>;

  constructor(
    code: AppErrorCode,
    options: { retryAfterSeconds?: number; fieldErrors?: Record<string, string[]>; message?: string } = {},
  ) {
    super(options.message ?? APP_ERRORS[code].message);
    this.name = 'AppError';
    this.code = code;
    this.status = APP_ERRORS[code].status;
    this.retryAfterSeconds = options.retryAfterSeconds;
    this.fieldErrors = options.fieldErrors;
  }

  /** The sentence shown to the user, with the wait spelled out when there is one. */
  get userMessage(): string {
    if (this.retryAfterSeconds && this.retryAfterSeconds > 0) {
      return `${this.message} You can try again in ${formatWait(this.retryAfterSeconds)}.`;
    }
    return this.message;
  }
}

export function formatWait(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} second${Math.ceil(seconds) === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
