import { z } from 'zod';

// A DNS name as people type it: lower-cased, labels of letters, digits and hyphens, a dot between.
const ZHostNameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(253, 'That name is too long.')
  .regex(/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/, 'Enter a name like example.com.');

export const ZBrandSlugSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'Use 1 to 32 letters, digits and hyphens, starting with a letter or digit.');

export const ZNewBrandSchema = z.object({
  name: z.string().trim().min(1, 'Give the brand a name.').max(80, 'At most 80 characters.'),
  slug: ZBrandSlugSchema,
  domains: z.array(ZHostNameSchema).min(1, 'Give at least one mail domain.').max(50, 'At most 50 domains.'),
  hosts: z.array(ZHostNameSchema).max(10, 'At most 10 host names.').default([]),
  supportContact: z
    .union([z.email('Enter an e-mail address or an https address.'), z.url({ protocol: /^https$/, error: 'Enter an e-mail address or an https address.' })])
    .nullable()
    .default(null),
});
export type TNewBrand = z.input<typeof ZNewBrandSchema>;
