// `gatehouse app-password …`: see USAGE in lib/cli/run.ts.
import { listAppPasswords } from '@/lib/app-passwords/list-app-passwords';
import { revokeAppPassword } from '@/lib/app-passwords/revoke-app-password';
import { findUserByEmail } from '@/lib/users/find-user-by-email';
import type { Commands } from '../command';

export const appPasswordCommands: Commands = {
  'app-password list': async ({ values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    const appPasswords = await listAppPasswords({ userId: user.id });
    if (values.json) out.log(JSON.stringify(appPasswords));
    else if (appPasswords.length === 0) out.log(`${user.email} has no app passwords.`);
    else
      for (const row of appPasswords)
        out.log(
          `${row.id}\t${row.name}\tcreated ${row.createdAt.toISOString()}\t${
            row.lastUsedAt ? `last used ${row.lastUsedAt.toISOString()} from ${row.lastUsedIp ?? '?'} over ${row.lastUsedProtocol ?? '?'}` : 'never used'
          }`,
        );
    return 0;
  },
  'app-password revoke': async ({ actor, values, out }) => {
    const user = await findUserByEmail(values.email ?? '');
    await revokeAppPassword({ actor, userId: user.id, appPasswordId: values.id ?? '' });
    out.log(`Revoked that app password of ${user.email}; mail apps using it are refused from now on, and they were told by e-mail.`);
    return 0;
  },
};
