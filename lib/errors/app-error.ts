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
  MFA_ALREADY_ENABLED: { status: 409, message: 'Two-factor authentication is already on.' },
  MFA_NOT_ENABLED: { status: 409, message: 'Two-factor authentication is not on.' },
  ENROLMENT_NOT_STARTED: { status: 409, message: 'Start the set-up again from the Account Security page.' },
  REAUTH_REQUIRED: { status: 401, message: 'To confirm it is you, enter a current code.' },
  EMAIL_TAKEN: { status: 409, message: 'An account with that e-mail address already exists.' },
  USER_NOT_FOUND: { status: 404, message: 'No account has that e-mail address.' },
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
