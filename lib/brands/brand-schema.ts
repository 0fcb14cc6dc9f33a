import { z } from 'zod';
import { APP_ERRORS } from '@/lib/errors/app-error';
import { isSmsSender } from '@/lib/messaging/choose-sms-sender';
import { isReadablePrimaryColour } from './hidden-prompt-checks';

// A DNS name as people type it: lower-cased, labels of letters, digits and hyphens, a dot between.
// Mail domains and host names both take it.
export const ZHostNameSchema = z
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

const emptyAsNull = (value: unknown) => (typeof value === 'string' && value.trim() === '' ? null : value);

// What a brand administrator may change about how the brand looks. The colour is only ever
// #rrggbb: it is written into the page's stylesheet, so nothing but six hex digits gets there.
export const ZBrandLookSchema = z.object({
  name: ZNewBrandSchema.shape.name,
  primaryColor: z.preprocess(
    emptyAsNull,
    z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, APP_ERRORS.BRAND_COLOR_INVALID.message)
      .transform((colour) => colour.toLowerCase())
      // It paints the button, whose label is white: a colour the label vanishes into hides the button's words.
      .refine(isReadablePrimaryColour, APP_ERRORS.BRAND_COLOR_UNREADABLE.message)
      .nullable(),
  ),
  supportContact: z.preprocess(
    emptyAsNull,
    z
      .union([z.email(), z.url({ protocol: /^https$/ })], { error: 'Enter an e-mail address or an https address.' })
      .nullable(),
  ),
  css: z.string().optional(),
});
export type TBrandLook = z.input<typeof ZBrandLookSchema>;

// A brand's own senders; empty means the platform's. The address is only the address: the
// display name is always the brand's name (lib/messaging/brand-email.ts).
const trimmedOrNull = (value: unknown) => (typeof value === 'string' ? (value.trim() === '' ? null : value.trim()) : value);
export const ZBrandSendersSchema = z.object({
  emailFrom: z.preprocess(
    trimmedOrNull,
    z.email('Enter an e-mail address such as security@example.com.').max(254, 'At most 254 characters.').toLowerCase().nullable(),
  ),
  smsSender: z.preprocess(
    trimmedOrNull,
    z
      .string()
      .refine(isSmsSender, 'Use 1 to 11 letters, digits and spaces with at least one letter, or a number such as +447700900123.')
      .nullable(),
  ),
});
export type TBrandSenders = z.input<typeof ZBrandSendersSchema>;
