// A second Gatehouse for the provider-outage spec: the same database and secrets as the main
// test server, but with Twilio configured and pointed at a local fake that is down (503).
// Run with `node --import tsx` (playwright.config.ts).
import { spawn } from 'node:child_process';
import { startTwilioOutage } from '../tests/support/fake-providers';

const fakePort = Number(process.env.FAKE_TWILIO_PORT ?? 3299);
const fake = await startTwilioOutage(fakePort);

const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'outage-test-token',
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_BASE_URL: fake.url,
  },
});
const stop = () => {
  app.kill('SIGTERM');
  void fake.close();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
app.on('exit', (code) => {
  void fake.close();
  process.exit(code ?? 0);
});
