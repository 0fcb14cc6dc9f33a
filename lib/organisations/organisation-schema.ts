import { z } from 'zod';

export const ORGANISATION_KIND_WORDS = { family: 'FAMILY', business: 'BUSINESS' } as const;

export const ZOrganisationNameSchema = z
  .string()
  .trim()
  .min(1, 'Give the account a name, such as "The Smiths".')
  .max(100, 'Keep the name under 100 characters.');

export const ZOrganisationKindSchema = z.enum(['FAMILY', 'BUSINESS'], { error: 'Choose family or business.' });

/** "Family" or "Business", as the pages and e-mails say it. */
export function organisationKindWord(kind: 'FAMILY' | 'BUSINESS'): string {
  return kind === 'FAMILY' ? 'Family' : 'Business';
}
