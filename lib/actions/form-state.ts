// What every form's server action returns to its page. Kept free of server imports, so client
// components can use the types and the initial value.
export type FieldErrors = Partial<Record<string, string[]>>;

export type FormState<TData = null> =
  | { status: 'idle' }
  | { status: 'error'; message: string; fieldErrors?: FieldErrors; values?: Record<string, string> }
  | { status: 'success'; data: TData; message?: string };

export const INITIAL_FORM_STATE = { status: 'idle' } as const;
