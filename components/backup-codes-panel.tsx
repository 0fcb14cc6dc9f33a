'use client';

/**
 * A new set of backup codes, shown this once. Download works without JavaScript (a data: link);
 * Print uses the browser's print dialog, and the page's print style leaves only the codes.
 * `headingLevel` is one below the heading the panel sits under, so the outline has no gap.
 * The saved file is titled with the mailbox's brand (`brandName`), the name the user signs in under.
 */
export function BackupCodesPanel({
  codes,
  email,
  brandName,
  headingLevel,
}: {
  codes: string[];
  email: string;
  brandName: string;
  headingLevel: 2 | 3 | 4;
}) {
  const Heading = `h${headingLevel}` as const;
  const text = [
    `${brandName} backup codes for ${email}`,
    `Created ${new Date().toUTCString()}`,
    'Each code works once. Keep them somewhere safe, away from your phone.',
    '',
    ...codes,
  ].join('\n');
  return (
    <section aria-labelledby="backup-codes-heading" className="space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4">
      <Heading id="backup-codes-heading" className="font-semibold">
        Your backup codes
      </Heading>
      <p className="text-sm">
        Save these now: this is the only time they are shown. Each code works once, in the Token field, if you lose your phone.
        Any codes you had before no longer work.
      </p>
      <ol aria-label="Backup codes" className="grid grid-cols-2 gap-2 font-mono text-base">
        {codes.map((code) => (
          <li key={code} className="rounded bg-white px-2 py-1 text-center">
            {code}
          </li>
        ))}
      </ol>
      <div className="no-print flex gap-3">
        <a
          href={`data:text/plain;charset=utf-8,${encodeURIComponent(text)}`}
          download={`${fileNameOf(brandName)}-backup-codes.txt`}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
        >
          Download
        </a>
        <button
          type="button"
          onClick={() => window.print()}
          className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-semibold hover:bg-slate-100"
        >
          Print
        </button>
      </div>
    </section>
  );
}

/** The brand name as a file name: lower case, letters and digits joined by hyphens ("acme-mail"). */
function fileNameOf(brandName: string): string {
  return brandName.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'account';
}
