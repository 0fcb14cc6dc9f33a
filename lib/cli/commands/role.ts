// `gatehouse role …`: see USAGE in lib/cli/run.ts.
import { grantRole } from '@/lib/access/grant-role';
import { revokeRole } from '@/lib/access/revoke-role';
import { ROLE_WORDS, type RoleWord } from '@/lib/core/roles';
import { findBrand } from '@/lib/brands/find-brand';
import type { RoleName } from '@/lib/db/generated/enums';
import { AppError } from '@/lib/errors/app-error';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import type { Command, Commands } from '../command';

/** The role a --role word names; `user create --role` takes the same words. */
export function roleArgument(values: { role?: string; brand?: string }): RoleName {
  const word = (values.role ?? '').toLowerCase();
  if (!(word in ROLE_WORDS)) throw new AppError('INVALID_INPUT', { fieldErrors: { role: [`Use one of ${Object.keys(ROLE_WORDS).join(', ')}.`] } });
  return ROLE_WORDS[word as RoleWord];
}

/** The brand of a brand role (--brand), or null for a platform role. */
export async function roleBrandId(values: { brand?: string }): Promise<string | null> {
  return values.brand === undefined ? null : (await findBrand(values.brand)).id;
}

const changeRole: Command = async ({ actor, values, out, command }) => {
  const role = roleArgument(values);
  const user = await findUserByEmail(values.email ?? '');
  const change = { actor, userId: user.id, role, brandId: await roleBrandId(values) };
  await (command === 'role grant' ? grantRole(change) : revokeRole(change));
  out.log(`${command === 'role grant' ? 'Granted' : 'Revoked'} ${values.role}${values.brand ? ` of ${values.brand}` : ''} ${command === 'role grant' ? 'to' : 'from'} ${user.email}.`);
  return 0;
};

export const roleCommands: Commands = {
  'role grant': changeRole,
  'role revoke': changeRole,
};
