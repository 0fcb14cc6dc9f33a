// `gatehouse user …`: see USAGE in lib/cli/run.ts.
import { createUser } from '@/lib/users/create-user';
import { grantRole } from '@/lib/access/grant-role';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import { listUsers } from '@/lib/users/list-users';
import { unlockSignIn } from '@/lib/users/unlock-sign-in';
import { roleArgument, roleBrandId } from './role';
import type { Command, Commands } from '../command';

/** Clears every failure lock of the account's sign-in; `support unlock` is the same command. */
export const unlockCommand: Command = async ({ actor, values, out }) => {
  const user = await findUserByEmail(values.email ?? '');
  await unlockSignIn({ actor, userId: user.id, reason: values.reason });
  out.log(`Unlocked signing in for ${user.email}; they were told by e-mail.`);
  return 0;
};

export const userCommands: Commands = {
  'user create': async ({ actor, values, out }) => {
    const role = values.role === undefined ? null : roleArgument(values);
    const brandId = await roleBrandId(values);
    const user = await createUser({ email: values.email ?? '', password: values.password ?? '' }, { actor });
    if (role) await grantRole({ actor, userId: user.id, role, brandId });
    out.log(values.json ? JSON.stringify(user) : `Created ${user.email}${role ? ` (${values.role})` : ''}, id ${user.id}`);
    return 0;
  },
  'user list': async ({ values, out }) => {
    const users = await listUsers();
    if (values.json) out.log(JSON.stringify(users));
    else
      for (const user of users)
        out.log(
          `${user.email}\t${user.brand}\t${user.roles.join(',') || 'mailbox'}\tMFA ${user.isMfaEnabled ? 'on' : 'off'}\tbackup codes left: ${user.unusedBackupCodes}`,
        );
    return 0;
  },
  'user unlock': unlockCommand,
};
