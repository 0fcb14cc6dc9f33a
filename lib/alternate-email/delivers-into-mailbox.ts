/**
 * Whether mail to `address` lands in the mailbox `mailboxEmail` itself, so a code sent there would
 * reach only someone already inside it: useless to recover it, and an alternate address in name
 * only. Pure, so the pages, the alternate-address verbs and recovery all ask the same question.
 *
 * What it knows:
 * - the same address, whatever its case (and surrounding spaces);
 * - sub-addressing: the same local part at the same domain with a `+tag`, on either side
 *   (`ann+x@` and `ann@`, `ann@` and `ann+y@`, `ann+x@` and `ann+y@`), the delimiter Postfix and
 *   Dovecot are usually set up with (Postfix's `recipient_delimiter = +`).
 * What it cannot know (Gatehouse holds no list of these; the mail system does):
 * - aliases and forwards in the mail server (Postfix virtual_alias_maps, a Sieve redirect, a
 *   catch-all), another domain that is an alias of the mailbox's domain, or a delimiter other than
 *   `+` set up in the mail server;
 * - forwarding set up at the other end (an outside address that forwards back into this mailbox).
 * A brand's several domains are not aliases of each other: `ann@a.example` and `ann@b.example` may be
 * two people's mailboxes, so they are not treated as one.
 */
export function deliversIntoMailbox(address: string, mailboxEmail: string): boolean {
  const given = splitAddress(address);
  const mailbox = splitAddress(mailboxEmail);
  if (!given || !mailbox) return address.trim().toLowerCase() === mailboxEmail.trim().toLowerCase();
  return given.domain === mailbox.domain && given.base === mailbox.base;
}

function splitAddress(address: string): { base: string; domain: string } | null {
  const normalised = address.trim().toLowerCase();
  const at = normalised.lastIndexOf('@');
  if (at <= 0 || at === normalised.length - 1) return null;
  const local = normalised.slice(0, at);
  const plus = local.indexOf('+');
  // "+tag@" alone (an empty base) is no sub-address of anything: compared as it is.
  const base = plus > 0 ? local.slice(0, plus) : local;
  // A trailing dot on the domain names the same domain in DNS.
  return { base, domain: normalised.slice(at + 1).replace(/\.$/, '') };
}
