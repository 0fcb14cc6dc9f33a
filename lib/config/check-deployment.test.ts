import { randomBytes } from 'node:crypto';
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

  const secrets = { nextauthSecret: randomBytes(32).toString('base64url'), encryptionKeys: `k1:${randomBytes(32).toString('base64')}` };

  it('refuses production without an https address', () => {
    expect(checkDeployment({ gatehouseEnv: 'production', gatehouseUrl: 'http://mail.example', host: '0.0.0.0', ...secrets })[0]).toMatch(/https/);
    expect(checkDeployment({ gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0', ...secrets })).toEqual([]);
  });

  it('refuses production without its own secrets, naming each one', () => {
    const base = { gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0' };
    const problems = checkDeployment(base);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/NEXTAUTH_SECRET/);
    expect(problems[1]).toMatch(/GATEHOUSE_ENCRYPTION_KEYS/);
    expect(checkDeployment({ ...base, ...secrets, nextauthSecret: 'too short' })[0]).toMatch(/NEXTAUTH_SECRET/);
    expect(checkDeployment({ ...base, ...secrets, encryptionKeys: 'k1:not-32-bytes' })[0]).toMatch(/GATEHOUSE_ENCRYPTION_KEYS/);
  });

  it('refuses demo accounts, a throwaway database and the development server in production', () => {
    const base = { gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0', ...secrets };
    expect(checkDeployment({ ...base, demoAccounts: 'on' })[0]).toMatch(/GATEHOUSE_DEMO_ACCOUNTS/);
    expect(checkDeployment({ ...base, demoAccounts: 'off' })).toEqual([]);
    expect(checkDeployment({ ...base, throwawayData: 'on' })[0]).toMatch(/GATEHOUSE_DATA_THROWAWAY/);
    expect(checkDeployment({ ...base, isDevServer: true })[0]).toMatch(/npm run dev/);
  });

  it('refuses an unknown GATEHOUSE_ENV instead of reading it as development', () => {
    const problems = checkDeployment({ gatehouseEnv: 'prod', gatehouseUrl: undefined, host: '0.0.0.0' });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/"prod"/);
  });

  it('refuses development mode under an https or non-localhost GATEHOUSE_URL, whatever the listening address', () => {
    for (const gatehouseEnv of [undefined, 'development']) {
      for (const gatehouseUrl of ['https://localhost:3000', 'https://gatehouse.example.com', 'http://gatehouse.example.com', 'http://203.0.113.5:3000', 'not a url']) {
        const problems = checkDeployment({ gatehouseEnv, gatehouseUrl, host: '127.0.0.1' });
        expect(problems, `${gatehouseEnv} ${gatehouseUrl}`).toHaveLength(1);
        expect(problems[0]).toMatch(/http:\/\/localhost/);
      }
      for (const gatehouseUrl of ['http://localhost:3000', 'http://127.0.0.1:3000', 'http://[::1]:3000']) {
        expect(checkDeployment({ gatehouseEnv, gatehouseUrl, host: '127.0.0.1' }), gatehouseUrl).toEqual([]);
      }
    }
  });

  it('refuses a short mail-login secret and allowed callers that are not addresses', () => {
    const base = { gatehouseEnv: 'production', gatehouseUrl: 'https://mail.example', host: '0.0.0.0', ...secrets };
    expect(checkDeployment({ ...base, mailAuthSecret: 'short' })[0]).toMatch(/GATEHOUSE_MAIL_AUTH_SECRET/);
    expect(checkDeployment({ ...base, mailAuthAllowedIps: '10.0.0.5, dovecot.internal' })[0]).toMatch(/dovecot\.internal/);
    expect(checkDeployment({ ...base, mailAuthSecret: 'x'.repeat(32), mailAuthAllowedIps: '10.0.0.5,fd00::25' })).toEqual([]);
  });
});
