'use client';

/** "Print": the browser's print dialog; the print style leaves only the sheet on paper. */
export function PrintButton() {
  return (
    <button
      type="button"
      onClick={() => window.print()}
      className="no-print rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
    >
      Print
    </button>
  );
}
