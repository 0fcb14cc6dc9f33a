import { afterEach, describe, expect, it } from 'vitest';
import { resetEnvCache } from '@/lib/config/env';
import { mailAuthCallerRefusal } from './mail-auth-caller-refusal';

const SECRET = 'a-shared-secret-of-at-least-32-characters';
const dovecot = { peerIp: '127.0.0.1', clientIp: '127.0.0.1', authorization: `Bearer ${SECRET}`, origin: null };

function configure(values: Record<string, string | undefined>) {
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  resetEnvCache();
}

describe('who may ask about a mail login', () => {
  afterEach(() => configure({ GATEHOUSE_MAIL_AUTH_SECRET: undefined, GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: undefined }));

  it('nobody, while no shared secret is configured', () => {
    configure({ GATEHOUSE_MAIL_AUTH_SECRET: undefined });
    expect(mailAuthCallerRefusal(dovecot)).toBe('MAIL_AUTH_NOT_CONFIGURED');
  });

  it('Dovecot on loopback with the secret', () => {
    configure({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET });
    expect(mailAuthCallerRefusal(dovecot)).toBeNull();
    expect(mailAuthCallerRefusal({ ...dovecot, peerIp: '::1', clientIp: '::1' })).toBeNull();
  });

  it('not without the secret, or with a wrong one', () => {
    configure({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET });
    expect(mailAuthCallerRefusal({ ...dovecot, authorization: null })).toBe('MAIL_AUTH_SECRET_WRONG');
    expect(mailAuthCallerRefusal({ ...dovecot, authorization: `Bearer ${SECRET}x` })).toBe('MAIL_AUTH_SECRET_WRONG');
    expect(mailAuthCallerRefusal({ ...dovecot, authorization: SECRET })).toBe('MAIL_AUTH_SECRET_WRONG');
  });

  it('not another machine, even with the secret, unless configuration names it', () => {
    configure({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET });
    expect(mailAuthCallerRefusal({ ...dovecot, peerIp: '10.0.0.25', clientIp: '10.0.0.25' })).toBe('MAIL_AUTH_CALLER_NOT_ALLOWED');
    configure({ GATEHOUSE_MAIL_AUTH_ALLOWED_IPS: '10.0.0.25' });
    expect(mailAuthCallerRefusal({ ...dovecot, peerIp: '10.0.0.25', clientIp: '10.0.0.25' })).toBeNull();
  });

  it('not a request our own proxy relayed from outside (loopback peer, outside client), nor a browser', () => {
    configure({ GATEHOUSE_MAIL_AUTH_SECRET: SECRET });
    expect(mailAuthCallerRefusal({ ...dovecot, clientIp: '203.0.113.9' })).toBe('MAIL_AUTH_CALLER_NOT_ALLOWED');
    expect(mailAuthCallerRefusal({ ...dovecot, origin: 'http://localhost:3000' })).toBe('MAIL_AUTH_CALLER_NOT_ALLOWED');
  });
});
