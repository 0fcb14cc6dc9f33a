'use client';

import { useState, useSyncExternalStore } from 'react';
import type { Country } from '@/lib/phones/countries';

/**
 * A native select (keyboard type-ahead, screen readers, works without JavaScript) with the likely
 * country first; with JavaScript, a search box above it narrows the list by name or dial code.
 */
export function CountrySelect({ countries, likely, defaultValue }: { countries: Country[]; likely: Country | null; defaultValue?: string }) {
  // False in the server's HTML and true once hydrated, without a render spent in an effect: the
  // search box appears only where it can work.
  const hasScript = useSyncExternalStore(subscribeToNothing, () => true, () => false);
  const [query, setQuery] = useState('');
  const [value, setValue] = useState(defaultValue ?? likely?.code ?? 'US');
  const needle = query.trim().toLowerCase();
  const matches = needle
    ? countries.filter((country) => country.name.toLowerCase().includes(needle) || country.dialCode.includes(needle.replace(/^\+?/, '+')))
    : countries;
  const label = (country: Country) => `${country.name} (${country.dialCode})`;
  return (
    <div className="space-y-1">
      <label htmlFor="field-country" className="block text-sm font-medium text-slate-800">
        Country
      </label>
      {hasScript && (
        <input
          type="search"
          aria-label="Search countries"
          placeholder="Search by name or dial code"
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            const first = countries.find(
              (country) => country.name.toLowerCase().includes(event.target.value.trim().toLowerCase()),
            );
            if (first && event.target.value.trim()) setValue(first.code);
          }}
          className="block w-full rounded-md border border-slate-300 px-3 py-2 text-sm"
        />
      )}
      <select
        id="field-country"
        name="country"
        value={value}
        onChange={(event) => setValue(event.target.value)}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-base"
      >
        {likely && !needle && (
          <optgroup label="Suggested">
            <option value={likely.code}>{label(likely)}</option>
          </optgroup>
        )}
        <optgroup label="All countries">
          {matches
            .filter((country) => needle || country.code !== likely?.code)
            .map((country) => (
              <option key={country.code} value={country.code}>
                {label(country)}
              </option>
            ))}
        </optgroup>
      </select>
    </div>
  );
}

function subscribeToNothing(): () => void {
  return () => undefined;
}
