import type { InputHTMLAttributes, ReactNode } from 'react';

type TextFieldProps = {
  label: string;
  name: string;
  errors?: string[];
  hint?: string;
  /** Shown under the input, before its errors, and described with it: live advice (NewPasswordField). */
  advice?: { id: string; content: ReactNode };
} & Omit<InputHTMLAttributes<HTMLInputElement>, 'name'>;

/** A labelled input whose errors and hint are announced with it (aria-describedby). */
export function TextField({ label, name, errors, hint, advice, id, className, ...input }: TextFieldProps) {
  const inputId = id ?? `field-${name}`;
  const hintId = hint ? `${inputId}-hint` : undefined;
  const errorId = errors?.length ? `${inputId}-error` : undefined;
  return (
    <div className="space-y-1">
      <label htmlFor={inputId} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      {hint && (
        <p id={hintId} className="text-sm text-slate-600">
          {hint}
        </p>
      )}
      <input
        id={inputId}
        name={name}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={[hintId, advice?.id, errorId].filter(Boolean).join(' ') || undefined}
        className={`block w-full rounded-md border px-3 py-2 text-base shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-600 ${
          errors?.length ? 'border-red-600' : 'border-slate-300'
        } ${className ?? ''}`}
        {...input}
      />
      {advice && (
        <div id={advice.id} aria-live="polite" className="space-y-1 text-sm">
          {advice.content}
        </div>
      )}
      {errorId && (
        <p id={errorId} className="text-sm text-red-700">
          {errors?.join(' ')}
        </p>
      )}
    </div>
  );
}
