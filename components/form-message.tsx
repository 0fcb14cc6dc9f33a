import type { FormState } from '@/lib/actions/form-state';

/** The form's outcome, announced to screen readers as soon as it appears. */
export function FormMessage<T>({ state }: { state: FormState<T> }) {
  if (state.status === 'error') {
    return (
      <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
        {state.message}
      </div>
    );
  }
  if (state.status === 'success' && state.message) {
    return (
      <div role="status" className="rounded-md border border-green-300 bg-green-50 p-3 text-sm text-green-800">
        {state.message}
      </div>
    );
  }
  return null;
}
