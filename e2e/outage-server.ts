// A second Gatehouse for the provider-outage spec: the same database and secrets as the main
// test server, but with Twilio configured and pointed at a local fake that is down (503).
import { spawn } from 'node:child_process';
import http from 'node:http';

const fakePort = Number(process.env.FAKE_TWILIO_PORT ?? 3299);
const requests = [];
const fake = http.createServer((req, res) => {
  requests.push(`${req.method} ${req.url}`);
  res.writeHead(503, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ code: 20503, message: 'Service Unavailable', status: 503 }));
});
await new Promise((resolve) => fake.listen(fakePort, '127.0.0.1', resolve));

const app = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    TWILIO_ACCOUNT_SID: `AC${'0'.repeat(32)}`,
    TWILIO_AUTH_TOKEN: 'outage-test-token',
    TWILIO_FROM_NUMBER: '+15005550006',
    TWILIO_BASE_URL: `http://127.0.0.1:${fakePort}`,
  },
});
const stop = () => {
  app.kill('SIGTERM');
  fake.close();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
app.on('exit', (code) => {
  fake.close();
  process.exit(code ?? 0);
});
