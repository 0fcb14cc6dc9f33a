// `brand set`'s look flags: --name, --support, --colour, --logo <file>, --css <file> (each of the
// last four also `none`). Unset flags keep the brand's current value, so the verb, which takes
// the whole look, changes only what the operator named.
import { readFile } from 'node:fs/promises';
import { readBrandLookSettings } from '@/lib/brands/read-brand-look-settings';
import type { TBrandLook } from '@/lib/brands/brand-schema';
import type { TBrandLogoChange } from '@/lib/brands/update-brand-look';
import { APP_ERRORS, AppError } from '@/lib/errors/app-error';
import type { CommandInput } from './command';

// Read no further than this: the verb refuses anything over its own limit with the field's message.
const MAX_FILE_BYTES = 1024 * 1024;

export function hasLookFlags(values: CommandInput['values']): boolean {
  return [values.name, values.support, values.colour, values.logo, values.css].some((value) => value !== undefined);
}

export async function parseLookFlags(values: CommandInput['values'], brandId: string): Promise<{ look: TBrandLook; logo: TBrandLogoChange }> {
  const current = (await readBrandLookSettings({ brandId })).values;
  const isNone = (value: string | undefined) => value?.trim().toLowerCase() === 'none';
  const look: TBrandLook = {
    name: values.name ?? current.name,
    primaryColor: values.colour === undefined ? current.primaryColor : isNone(values.colour) ? '' : values.colour,
    supportContact: values.support === undefined ? current.supportContact : isNone(values.support) ? '' : values.support,
    css: values.css === undefined ? current.css : isNone(values.css) ? '' : (await readFlagFile(values.css, 'css')).toString('utf8'),
  };
  const logo: TBrandLogoChange = values.logo === undefined ? undefined : isNone(values.logo) ? 'remove' : { bytes: await readFlagFile(values.logo, 'logo') };
  return { look, logo };
}

async function readFlagFile(path: string, field: 'css' | 'logo'): Promise<Buffer> {
  try {
    const bytes = await readFile(path);
    // Over the limit: the verb's own size message, without holding a huge file in memory.
    return bytes.length > MAX_FILE_BYTES ? bytes.subarray(0, MAX_FILE_BYTES + 1) : bytes;
  } catch {
    throw new AppError('FILE_UNREADABLE', { fieldErrors: { [field]: [APP_ERRORS.FILE_UNREADABLE.message] } });
  }
}
