'use client';

import type { ReactNode } from 'react';
import { useFormStatus } from 'react-dom';

export function SubmitButton({
  children,
  variant = 'primary',
  className,
  name,
  value,
}: {
  children: ReactNode;
  variant?: 'primary' | 'secondary' | 'danger';
  /** Extra classes, such as the stable gh-prompt-button a brand's stylesheet may style. */
  className?: string;
  /** For a form with two buttons (Save, Preview): which one was pressed. */
  name?: string;
  value?: string;
}) {
  const { pending } = useFormStatus();
  const colours = {
    primary: 'bg-blue-700 text-white hover:bg-blue-800',
    secondary: 'border border-slate-300 bg-white text-slate-900 hover:bg-slate-100',
    danger: 'bg-red-700 text-white hover:bg-red-800',
  }[variant];
  return (
    <button
      type="submit"
      name={name}
      value={value}
      aria-disabled={pending}
      className={`rounded-md px-4 py-2 text-sm font-semibold shadow-sm focus:outline-none focus:ring-2 focus:ring-blue-600 focus:ring-offset-2 disabled:opacity-60 ${colours} ${className ?? ''}`}
      onClick={(event) => {
        if (pending) event.preventDefault();
      }}
    >
      {children}
    </button>
  );
}
