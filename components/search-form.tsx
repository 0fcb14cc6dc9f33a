/**
 * The support console's searches (mailboxes, organisations): a GET form, since a search changes
 * nothing and its address can be shared with a colleague; the error, when the query was refused,
 * is tied to the field.
 */
export function SearchForm({
  action,
  id,
  label,
  query,
  maxLength,
  error,
}: {
  action: string;
  id: string;
  label: string;
  query: string | undefined;
  maxLength: number;
  error: string | null;
}) {
  return (
    <form method="get" action={action} role="search" className="space-y-2">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <div className="flex gap-2">
        <input
          id={id}
          name="q"
          type="search"
          defaultValue={query?.slice(0, maxLength)}
          maxLength={maxLength}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
          className="block w-full rounded-md border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded-md bg-blue-700 px-4 py-2 text-sm font-semibold text-white hover:bg-blue-800">
          Search
        </button>
      </div>
      {error && (
        <p id={`${id}-error`} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      )}
    </form>
  );
}
