import { describe, expect, it } from 'vitest';
import { deliversIntoMailbox } from './delivers-into-mailbox';

describe('an address that delivers into the mailbox', () => {
  it('is the mailbox itself, whatever its case or surrounding spaces', () => {
    expect(deliversIntoMailbox('ann@acme.example', 'ann@acme.example')).toBe(true);
    expect(deliversIntoMailbox('  Ann@ACME.example ', 'ann@acme.example')).toBe(true);
    expect(deliversIntoMailbox('ann@acme.example.', 'ann@acme.example')).toBe(true);
  });

  it('is the same local part with a +tag at the same domain, either side tagged', () => {
    expect(deliversIntoMailbox('ann+recovery@acme.example', 'ann@acme.example')).toBe(true);
    expect(deliversIntoMailbox('ANN+Recovery@Acme.Example', 'ann@acme.example')).toBe(true);
    expect(deliversIntoMailbox('ann@acme.example', 'ann+shop@acme.example')).toBe(true);
    expect(deliversIntoMailbox('ann+x@acme.example', 'ann+y@acme.example')).toBe(true);
    expect(deliversIntoMailbox('ann+@acme.example', 'ann@acme.example')).toBe(true);
  });

  it('is not another mailbox: another local part, another domain (even of the same brand), a longer name', () => {
    expect(deliversIntoMailbox('anna@acme.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('ann@acme-mail.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('ann@mail.acme.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('ann+x@elsewhere.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('ann.lee@acme.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('+ann@acme.example', 'ann@acme.example')).toBe(false);
  });

  it('compares malformed input as it is, and never throws', () => {
    expect(deliversIntoMailbox('', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('ann', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('@acme.example', 'ann@acme.example')).toBe(false);
    expect(deliversIntoMailbox('x'.repeat(10_240), 'ann@acme.example')).toBe(false);
  });
});
