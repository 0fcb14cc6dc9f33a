import { describe, expect, it } from 'vitest';
import { checkDeployment } from './check-deployment';

describe('checkDeployment', () => {
  it('lets development mode serve loopback', () => {
    expect(checkDeployment({ gatehouseEnv: undefined, gatehouseUrl: undefined, host: '127.0.0.1' })).toEqual([]);
  });

  it('refuses development mode by default on a network address', () => {
    const problems = checkDeployment({ gatehouseEnv: undefined, gatehouseUrl: undefined, host: '0.0.0.0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/\/dev\/outbox/);
  });

  it('allows development mode on the network only when asked for by name', () => {
    expect(checkDeployment({ gatehouseEnv: 'development', gatehouseUrl: undefined, host: '0.0.0.0' })).toEqual([]);
  });

  it('refuses production without an https address', () => {
    expect(checkDeployment({ gatehouseEnv: 'production', gatehouseUrl: 'http://mail.example', host: '0.0.0.0' })[0]).toMatch(/https/);
    expect(checkDeployment({ gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0' })).toEqual([]);
  });

  it('refuses a short mail-login secret and allowed callers that are not addresses', () => {
    const base = { gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0' };
    expect(checkDeployment({ ...base, mailAuthSecret: 'short' })[0]).toMatch(/GATEHOUSE_MAIL_AUTH_SECRET/);
    expect(checkDeployment({ ...base, mailAuthAllowedIps: '10.0.0.5, dovecot.internal' })[0]).toMatch(/dovecot\.internal/);
    expect(checkDeployment({ ...base, mailAuthSecret: 'x'.repeat(32), mailAuthAllowedIps: '10.0.0.5,fd00::25' })).toEqual([]);
  });
});
