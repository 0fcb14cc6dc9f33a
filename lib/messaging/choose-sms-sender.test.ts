import { describe, expect, it } from 'vitest';
import { chooseSmsSender, isSmsSender } from './choose-sms-sender';

describe('a brand’s SMS sender', () => {
  it('is an alphanumeric ID of 1 to 11 characters with a letter, or an E.164 number', () => {
    for (const sender of ['Acme Mail', 'ACME', 'A1', 'Globex2026', '+447911123456']) expect(isSmsSender(sender)).toBe(true);
    for (const sender of ['', '12345', 'Acme Mail Ltd', 'Acme-Mail', 'Acmé', '+0123', '447911123456']) expect(isSmsSender(sender)).toBe(false);
  });

  it('an ID is used where the destination country accepts one, the platform’s sender elsewhere', () => {
    expect(chooseSmsSender({ brandSender: 'Acme Mail', to: '+33612345678' })).toBe('Acme Mail');
    expect(chooseSmsSender({ brandSender: 'Acme Mail', to: '+12125550100' })).toBeNull();
    expect(chooseSmsSender({ brandSender: 'Acme Mail', to: '+14165550100' })).toBeNull();
    expect(chooseSmsSender({ brandSender: 'Acme Mail', to: '+8613812345678' })).toBeNull();
  });

  it('a number is used everywhere; no sender at all is the platform’s', () => {
    expect(chooseSmsSender({ brandSender: '+447911123456', to: '+12125550100' })).toBe('+447911123456');
    expect(chooseSmsSender({ brandSender: null, to: '+33612345678' })).toBeNull();
  });

  it('a number whose country cannot be told gets the platform’s sender, never a guess', () => {
    expect(chooseSmsSender({ brandSender: 'Acme Mail', to: '+447700900123' })).toBeNull();
  });
});
