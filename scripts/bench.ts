// `npm run bench`: how fast the two sign-in steps are on this machine, from one run against a
// fresh embedded PostgreSQL. It reports figures and goals; it does not gate anything.
import { consoleActor } from '../lib/core/console-actor';
import { randomBytes, randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { verify } from '@node-rs/argon2';
import { completeSignIn } from '../lib/sign-in/complete-sign-in';
import { hashPassword } from '../lib/core/hash-password';
import { signInWithPassword } from '../lib/sign-in/sign-in-with-password';
import { encryptSecret } from '../lib/crypto/secret-box';
import { applyMigrations } from '../lib/db/apply-migrations';
import { startEmbeddedPostgres, type RunningPostgres } from '../lib/db/embedded-postgres';
import { closePgPool, getPgPool } from '../lib/db/pg-pool';
import { disconnectPrisma, prisma } from '../lib/db/prisma';
import { isAppError } from '../lib/errors/app-error';
import type { RequestContext } from '../lib/http/request-context';
import { ZSecondFactorCodeSchema } from '../lib/mfa/code-schema';
import { createTotpSecret, totpCodeAt } from '@/lib/core/factor-kinds/codes/totp-code';
import { createUser } from '../lib/users/create-user';
import { decideMailLogin } from '../lib/mail-auth/decide-mail-login';
import { createAppPasswords, endpointLogin, imapBenchLogin, startApp, startBenchDovecot, type RunningApp } from './bench-mail-logins';
import { reserveSmsCredits } from '../lib/credits/reserve-sms-credits';
import { addMember } from '../lib/organisations/add-member';
import { createOrganisation } from '../lib/organisations/create-organisation';
import { measurePages, pageRows, type PageFigures } from './bench-pages';

const CONCURRENCY = os.availableParallelism() * 2;
const MEASURE_MS = 5_000;
/** Slices the ceiling and the password step alternate in, over MEASURE_MS each. */
const SLICES = 5;
const TOKEN_THROUGHPUT_MS = 3_000;
const USER_COUNT = 1_000;
const PASSWORD = 'bench horse battery staple';

const GOALS = { passwordFraction: 0.75, passwordP95Ms: 250, tokenP95Ms: 50, unknownAddressTimeTolerance: 0.1, mailEndpointTimesPasswordStep: 10, debitsPerSecond: 300 };
/** Mailboxes with an app password, for the mail-login figures; the app's port for them. */
const MAIL_USER_COUNT = 200;
const BENCH_APP_PORT = Number(process.env.BENCH_PORT ?? 3290);
const IMAP_CONCURRENCY = 4;
/** SMS credit debits: this many reservations at once, from members of one organisation. */
const DEBIT_SENDS = 1_000;
const DEBIT_MEMBERS = 10;
/** Refusals timed one at a time, alternating a wrong password and an unknown address. */
const TIMING_PAIRS = 100;

type BenchUser = { id: string; email: string; secret: string; pendingTokens: string[] };
type PendingSignIn = { user: BenchUser; token: string };

function itemAt<T>(list: T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new Error(`No item ${index} in a list of ${list.length}`);
  return item;
}

// ---------------------------------------------------------------------------------------------
// Load generators

/** Every request from its own address, so no per-IP limit ever sees two of them. */
let ipCounter = 0;
function nextRequest(): RequestContext {
  const n = ++ipCounter;
  return { ip: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, userAgent: 'gatehouse-bench' };
}

type RunResult = { completed: number; errors: Map<string, number>; elapsedMs: number; latenciesMs: number[] };

function countError(errors: Map<string, number>, error: unknown) {
  const key = isAppError(error) ? error.code : error instanceof Error ? error.message.slice(0, 80) : String(error);
  errors.set(key, (errors.get(key) ?? 0) + 1);
}

/** `concurrency` workers each run tasks back to back until the time or the tasks run out. */
async function closedLoop({
  durationMs,
  concurrency,
  maxTasks = Number.POSITIVE_INFINITY,
  task,
}: {
  durationMs: number;
  concurrency: number;
  maxTasks?: number;
  task: (index: number) => Promise<void>;
}): Promise<RunResult> {
  const errors = new Map<string, number>();
  const latenciesMs: number[] = [];
  let next = 0;
  let completed = 0;
  const start = performance.now();
  const deadline = start + durationMs;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline && next < maxTasks) {
        const index = next++;
        const begin = performance.now();
        try {
          await task(index);
          completed++;
          latenciesMs.push(performance.now() - begin);
        } catch (error) {
          countError(errors, error);
        }
      }
    }),
  );
  return { completed, errors, elapsedMs: performance.now() - start, latenciesMs };
}

/**
 * Open loop: request i is due at start + i / rate whatever happened to earlier ones, and its
 * latency counts from when it was due, so a stall shows up in every request it delayed.
 */
async function openLoop({
  ratePerSecond,
  durationMs,
  maxTasks = Number.POSITIVE_INFINITY,
  task,
}: {
  ratePerSecond: number;
  durationMs: number;
  maxTasks?: number;
  task: (index: number) => Promise<void>;
}): Promise<RunResult> {
  const total = Math.min(Math.floor((ratePerSecond * durationMs) / 1000), maxTasks);
  const intervalMs = 1000 / ratePerSecond;
  const errors = new Map<string, number>();
  const latenciesMs: number[] = [];
  const inFlight: Promise<void>[] = [];
  let completed = 0;
  const start = performance.now();
  let index = 0;
  while (index < total) {
    const now = performance.now();
    while (index < total && start + index * intervalMs <= now) {
      const dueAt = start + index * intervalMs;
      inFlight.push(
        task(index).then(
          () => {
            completed++;
            latenciesMs.push(performance.now() - dueAt);
          },
          (error: unknown) => countError(errors, error),
        ),
      );
      index++;
    }
    if (index < total) await sleep(Math.max(0, start + index * intervalMs - performance.now()));
  }
  await Promise.all(inFlight);
  return { completed, errors, elapsedMs: performance.now() - start, latenciesMs };
}

/**
 * Runs `task` in one-second slices until its rate stops rising (within 10% of the slice before),
 * for at most `maxSlices`; returns how long that took. A freshly started app spends its first
 * seconds loading Next's route bundles in the background (Next's preloadEntriesOnStart) while the
 * JIT warms up, which on two cores takes most of the machine; a mail server asks a long-running
 * one, so a figure taken before that settles would measure the start-up, not the endpoint.
 */
async function warmUpUntilSteady({ concurrency, task, maxSlices = 15 }: { concurrency: number; task: (index: number) => Promise<void>; maxSlices?: number }): Promise<number> {
  const start = performance.now();
  let previous = 0;
  for (let slice = 0; slice < maxSlices; slice++) {
    const rate = perSecond(await closedLoop({ durationMs: 1000, concurrency, task }));
    if (slice > 0 && rate <= previous * 1.1) break;
    previous = rate;
  }
  return performance.now() - start;
}

function verdictOf(isMet: boolean, run?: RunResult): string {
  return run && run.errors.size > 0 ? 'MISS (errors)' : isMet ? 'PASS' : 'MISS';
}

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}

function perSecond(run: RunResult): number {
  return run.completed / (run.elapsedMs / 1000);
}

function describeErrors(run: RunResult): string {
  return run.errors.size === 0 ? 'no errors' : [...run.errors].map(([code, count]) => `${count}x ${code}`).join(', ');
}

// ---------------------------------------------------------------------------------------------
// Other load: on a shared machine the figures mean little if something else took the CPU, so each
// phase reports the share of the machine used by processes other than this one and its database.

type CpuSnapshot = { machineBusy: number; machineTotal: number; ownMicros: number; postgresTicks: number } | null;

const CLOCK_TICKS_PER_SECOND = 100;
let postmasterPid: number | null = null;
/** Processes the mail-login figures start (the app, Dovecot): their trees count as the bench's own. */
const ownedRoots = new Set<number>();

function postgresTicks(): number {
  const roots = new Set(ownedRoots);
  if (postmasterPid !== null) roots.add(postmasterPid);
  if (roots.size === 0) return 0;
  const processes = new Map<number, { parent: number; ticks: number; childTicks: number }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const fields = (readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1] ?? '').split(' ');
      processes.set(Number(entry), {
        parent: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
        childTicks: Number(fields[13]) + Number(fields[14]),
      });
    } catch {
      // The process ended between listing and reading.
    }
  }
  const isOwned = (pid: number): boolean => {
    for (let current: number | undefined = pid, depth = 0; current && depth < 10; current = processes.get(current)?.parent, depth++) {
      if (roots.has(current)) return true;
    }
    return false;
  };
  let ticks = 0;
  for (const [pid, process] of processes) {
    if (!isOwned(pid)) continue;
    // A child that exits moves its time into its parent's children's time (fields 13 and 14),
    // so a root counts that too: a closed connection does not look like other load.
    ticks += process.ticks + (roots.has(pid) ? process.childTicks : 0);
  }
  return ticks;
}

function cpuSnapshot(): CpuSnapshot {
  try {
    const fields = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1, 9).map(Number);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
    const total = fields.reduce((sum, value) => sum + value, 0);
    const usage = process.cpuUsage();
    return { machineBusy: total - idle, machineTotal: total, ownMicros: usage.user + usage.system, postgresTicks: postgresTicks() };
  } catch {
    return null;
  }
}

/** The share of all cores that other processes used between two snapshots, or null off Linux. */
function otherLoad(before: CpuSnapshot, after: CpuSnapshot): number | null {
  if (!before || !after || after.machineTotal === before.machineTotal) return null;
  const ownTicks = ((after.ownMicros - before.ownMicros) / 1e6) * CLOCK_TICKS_PER_SECOND + (after.postgresTicks - before.postgresTicks);
  const others = after.machineBusy - before.machineBusy - ownTicks;
  return Math.max(0, others / (after.machineTotal - before.machineTotal));
}

type Measured<T> = { result: T; otherLoad: number | null };

async function measured<T>(run: () => Promise<T>): Promise<Measured<T>> {
  const before = cpuSnapshot();
  const result = await run();
  return { result, otherLoad: otherLoad(before, cpuSnapshot()) };
}

/** One result from slices of the same measurement, and the mean other load over them. */
function combineSlices(slices: Measured<RunResult>[]): Measured<RunResult> {
  const errors = new Map<string, number>();
  for (const { result } of slices) for (const [code, count] of result.errors) errors.set(code, (errors.get(code) ?? 0) + count);
  const loads = slices.map((slice) => slice.otherLoad).filter((load): load is number => load !== null);
  return {
    result: {
      completed: slices.reduce((sum, slice) => sum + slice.result.completed, 0),
      elapsedMs: slices.reduce((sum, slice) => sum + slice.result.elapsedMs, 0),
      latenciesMs: slices.flatMap((slice) => slice.result.latenciesMs),
      errors,
    },
    otherLoad: loads.length === slices.length ? loads.reduce((sum, load) => sum + load, 0) / loads.length : null,
  };
}

function describeLoad(load: number | null): string {
  return load === null ? '' : `; other processes used ${(load * 100).toFixed(0)}% of the machine`;
}

// ---------------------------------------------------------------------------------------------
// Fixtures

async function createBenchUsers(count: number): Promise<BenchUser[]> {
  const users: BenchUser[] = [];
  const run = await closedLoop({
    durationMs: Number.POSITIVE_INFINITY,
    concurrency: CONCURRENCY,
    maxTasks: count,
    task: async () => {
      const user = await createUser({ email: `bench-${randomUUID()}@example.test`, password: PASSWORD }, { actor: consoleActor('bench') });
      users.push({ ...user, secret: createTotpSecret(), pendingTokens: [] });
    },
  });
  if (run.errors.size) throw new Error(`Creating users failed: ${describeErrors(run)}`);
  // MFA on, as tests/support/users.ts does it (without backup codes, which this bench never uses).
  await prisma.totpCredential.createMany({
    data: users.map((user) => ({
      userId: user.id,
      encryptedSecret: encryptSecret({ plaintext: user.secret, boundTo: user.id }),
      confirmedAt: new Date(),
    })),
  });
  return users;
}

/**
 * 6. SMS credits: DEBIT_SENDS text reservations started at once through the real verb
 * (reserveSmsCredits: one conditional UPDATE with its ledger row, committed durably and grouped with
 * the debits that arrive meanwhile, then the low-balance check), against a pool holding `credits`.
 * Returns the rate of debits and what the pool holds after. The goal, 300 durable debits a second,
 * is far above any SMS provider's sending rate.
 */
async function debitRun(users: BenchUser[], { credits, label }: { credits: number; label: string }) {
  const [admin, ...members] = users.slice(0, DEBIT_MEMBERS + 1);
  if (!admin || members.length < DEBIT_MEMBERS) throw new Error('not enough bench users for the debit run');
  const actor = consoleActor('bench');
  const organisation = await createOrganisation({ actor, organisation: { name: `Bench ${label} ${randomUUID().slice(0, 6)}`, kind: 'BUSINESS', adminEmail: admin.email } });
  for (const member of members) await addMember({ actor, organisationId: organisation.id, email: member.email });
  // As a purchase of `credits` leaves it, without a purchase's notices.
  await prisma.organisation.update({ where: { id: organisation.id }, data: { allowSmsLogins: true, creditBalance: credits, lastPurchaseCredits: credits } });
  const start = performance.now();
  const outcomes = await Promise.allSettled(
    Array.from({ length: DEBIT_SENDS }, (_, i) => reserveSmsCredits({ actor: { kind: 'visitor', request: nextRequest() }, userId: itemAt(members, i % members.length).id, channel: 'SMS' })),
  );
  const elapsedMs = performance.now() - start;
  const debited = outcomes.filter((outcome) => outcome.status === 'fulfilled').length;
  const refusedEmpty = outcomes.filter((outcome) => outcome.status === 'rejected' && isAppError(outcome.reason) && outcome.reason.code === 'SMS_CREDITS_EMPTY').length;
  const { creditBalance } = await prisma.organisation.findUniqueOrThrow({ where: { id: organisation.id }, select: { creditBalance: true } });
  const debitRows = await prisma.creditLedgerEntry.count({ where: { organisationId: organisation.id, kind: 'DEBIT' } });
  // Remove the organisation so the users can join the next run's.
  await prisma.organisation.delete({ where: { id: organisation.id } });
  const expectedDebits = Math.min(credits, DEBIT_SENDS);
  return {
    rate: debited / (elapsedMs / 1000),
    elapsedMs,
    debited,
    refusedEmpty,
    balance: creditBalance,
    debitRows,
    isExact: debited === expectedDebits && debitRows === expectedDebits && creditBalance === credits - expectedDebits && debited + refusedEmpty === DEBIT_SENDS,
    credits,
  };
}

async function passwordStep(user: BenchUser): Promise<void> {
  const result = await signInWithPassword({ email: user.email, password: PASSWORD, request: nextRequest() });
  if (result.next !== 'second-factor') throw new Error('expected the token prompt');
  user.pendingTokens.push(result.pendingLogin.token);
}

/** One pending login per user, for `count` distinct users, signing in again where one is missing. */
async function takePendingLogins(users: BenchUser[], count: number): Promise<PendingSignIn[]> {
  const chosen = users.slice(0, Math.min(count, users.length));
  const missing = chosen.filter((user) => user.pendingTokens.length === 0);
  if (missing.length) {
    const run = await closedLoop({
      durationMs: Number.POSITIVE_INFINITY,
      concurrency: CONCURRENCY,
      maxTasks: missing.length,
      task: async (index) => passwordStep(itemAt(missing, index)),
    });
    if (run.errors.size) throw new Error(`Preparing pending logins failed: ${describeErrors(run)}`);
  }
  return chosen.map((user) => ({ user, token: itemAt(user.pendingTokens.splice(0, 1), 0) }));
}

/** How long the password step takes to refuse `email` with a wrong password; anything but that refusal fails the bench. */
async function timeRefusal({ email }: { email: string }): Promise<number> {
  const begin = performance.now();
  try {
    await signInWithPassword({ email, password: 'not the bench password', request: nextRequest() });
  } catch (error) {
    if (isAppError(error) && error.code === 'INVALID_CREDENTIALS') return performance.now() - begin;
    throw error;
  }
  throw new Error(`a wrong password signed in to ${email}`);
}

async function tokenStep({ user, token }: PendingSignIn): Promise<void> {
  const code = ZSecondFactorCodeSchema.parse(totpCodeAt({ secret: user.secret, at: new Date() }));
  await completeSignIn({ pendingLoginToken: token, code, request: nextRequest() });
}

/** Each TOTP step is accepted once per user; a new phase starts every user afresh. */
async function rearmTotp(users: BenchUser[]): Promise<void> {
  await prisma.totpCredential.updateMany({ where: { userId: { in: users.map((user) => user.id) } }, data: { lastUsedStep: 0 } });
}

/**
 * pg's pool.end() resolves before its connections have closed; stopping the server before they
 * have would make the server end them, which the pool reports as errors.
 */
async function closePoolAndWait(): Promise<void> {
  const pool = getPgPool();
  let open = pool.totalCount;
  const allClosed = new Promise<void>((resolve) => {
    if (open === 0) resolve();
    pool.on('remove', () => {
      if (--open <= 0) resolve();
    });
  });
  await closePgPool();
  await Promise.race([allClosed, sleep(2_000)]);
}

// ---------------------------------------------------------------------------------------------

function formatRow(cells: string[], widths: number[]): string {
  return cells.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join('  ');
}

function printTable(rows: string[][]): void {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  console.log('');
  console.log(formatRow(rows[0] ?? [], widths));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) console.log(formatRow(row, widths));
}

/** Figures 9 and 10 for the app at `url`, signing `user` in with its next authenticator code. */
function pageFiguresFor(url: string, user: BenchUser, log: (message: string) => void): Promise<PageFigures> {
  return measurePages({ url, account: { email: user.email, password: PASSWORD }, code: () => totpCodeAt({ secret: user.secret, at: new Date() }), log });
}

async function main(): Promise<number> {
  const benchStart = performance.now();
  const log = (message: string) => console.log(`[${((performance.now() - benchStart) / 1000).toFixed(1).padStart(5)} s] ${message}`);

  process.env.GATEHOUSE_ENV = 'development';
  process.env.GATEHOUSE_URL = 'http://localhost:3000';
  process.env.NEXTAUTH_SECRET = randomBytes(32).toString('base64url');
  process.env.GATEHOUSE_ENCRYPTION_KEYS = `bench1:${randomBytes(32).toString('base64')}`;
  delete process.env.RESEND_API_KEY;

  const tempDir = await mkdtemp(path.join(os.tmpdir(), 'gatehouse-bench-pg-'));
  // As root, the server runs as its own user, which must be able to enter the folder.
  await chmod(tempDir, 0o755);
  let database: RunningPostgres | undefined;
  const cleanUp = async () => {
    await disconnectPrisma().catch(() => undefined);
    if (process.env.DATABASE_URL) await closePoolAndWait().catch(() => undefined);
    await database?.stop().catch(() => undefined);
    database = undefined;
    await rm(tempDir, { recursive: true, force: true });
  };
  const onSignal = () => {
    void cleanUp().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    console.log(
      `Gatehouse bench: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ` +
        `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '(default 4)'}, concurrency ${CONCURRENCY}, node ${process.version}`,
    );
    database = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'data'), database: 'gatehouse_bench' });
    process.env.DATABASE_URL = database.databaseUrl;
    try {
      postmasterPid = Number(readFileSync(path.join(tempDir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]) || null;
    } catch {
      postmasterPid = null;
    }
    await applyMigrations({ databaseUrl: database.databaseUrl });
    log('embedded PostgreSQL started and migrated');

    // `npm run bench -- --credits-only`: figure 8 alone, without the minute of sign-in figures.
    const creditsOnly = process.argv.includes('--credits-only');
    // `npm run bench -- --pages-only`: figures 9 and 10 alone (page weight and Lighthouse).
    const pagesOnly = process.argv.includes('--pages-only');
    if (pagesOnly) {
      const [user] = await createBenchUsers(1);
      if (!user) throw new Error('No bench user was created');
      const app = await startApp({ databaseUrl: database.databaseUrl, secret: randomBytes(32).toString('base64url'), port: BENCH_APP_PORT });
      ownedRoots.add(app.pid);
      try {
        printTable([['Figure', 'Measured', 'Goal', 'Result'], ...pageRows(await pageFiguresFor(app.url, user, log), verdictOf)]);
      } finally {
        await app.stop();
      }
      return 0;
    }
    const users = await createBenchUsers(creditsOnly ? DEBIT_MEMBERS + 1 : USER_COUNT);
    log(`${users.length} users with TOTP created`);
    if (creditsOnly) {
      for (const credits of [2 * DEBIT_SENDS, 600]) {
        const run = await debitRun(users, { credits, label: String(credits) });
        log(
          `Durable SMS credit debits: ${run.debited} of ${DEBIT_SENDS} concurrent reservations (${run.refusedEmpty} refused, out of credits) in ` +
            `${run.elapsedMs.toFixed(0)} ms = ${run.rate.toFixed(0)}/s (goal >= ${GOALS.debitsPerSecond}/s); balance ${run.credits} -> ${run.balance}, ` +
            `${run.debitRows} debit rows: ${run.isExact ? 'exactly right' : 'WRONG'}`,
        );
      }
      return 0;
    }

    // 1 and 2. The ceiling (nothing but argon2id verifies, as many in flight as the sign-in will
    //    have) and the password step at the same concurrency, round-robin over the users so no
    //    account has two sign-ins in flight and only successes touch the throttles. This machine's
    //    speed drifts by several per cent within a minute, so the two alternate in short slices
    //    and each figure adds up its slices: a drift then moves both, not only the one it hit.
    const referenceHash = await hashPassword(PASSWORD);
    const verifyTask = async () => {
      if (!(await verify(referenceHash, PASSWORD))) throw new Error('verify returned false');
    };
    let userCursor = 0;
    const nextUser = () => itemAt(users, userCursor++ % users.length);
    const passwordTask = () => passwordStep(nextUser());
    await closedLoop({ durationMs: 500, concurrency: CONCURRENCY, task: verifyTask });
    await closedLoop({ durationMs: 500, concurrency: CONCURRENCY, task: passwordTask });
    const ceilingSlices: Measured<RunResult>[] = [];
    const passwordSlices: Measured<RunResult>[] = [];
    for (let slice = 0; slice < SLICES; slice++) {
      const sliceMs = MEASURE_MS / SLICES;
      ceilingSlices.push(await measured(() => closedLoop({ durationMs: sliceMs, concurrency: CONCURRENCY, task: verifyTask })));
      passwordSlices.push(await measured(() => closedLoop({ durationMs: sliceMs, concurrency: CONCURRENCY, task: passwordTask })));
    }
    const { result: ceiling, otherLoad: ceilingLoad } = combineSlices(ceilingSlices);
    const { result: passwordRun, otherLoad: passwordLoad } = combineSlices(passwordSlices);
    const ceilingRate = perSecond(ceiling);
    log(`argon2id verify ceiling: ${ceilingRate.toFixed(1)}/s (${ceiling.completed} in ${(ceiling.elapsedMs / 1000).toFixed(1)} s${describeLoad(ceilingLoad)})`);
    const passwordRate = perSecond(passwordRun);
    log(`password step: ${passwordRate.toFixed(1)}/s (${passwordRun.completed} sign-ins, ${describeErrors(passwordRun)}${describeLoad(passwordLoad)})`);

    // 3. Its latency at half that rate, open loop.
    const passwordOpenRate = passwordRate / 2;
    const { result: passwordOpen, otherLoad: passwordOpenLoad } = await measured(() =>
      openLoop({ ratePerSecond: passwordOpenRate, durationMs: MEASURE_MS, task: () => passwordStep(nextUser()) }),
    );
    const passwordP95 = percentile(passwordOpen.latenciesMs, 95);
    log(
      `password step at ${passwordOpenRate.toFixed(1)}/s: p50 ${percentile(passwordOpen.latenciesMs, 50).toFixed(1)} ms, ` +
        `p95 ${passwordP95.toFixed(1)} ms, p99 ${percentile(passwordOpen.latenciesMs, 99).toFixed(1)} ms (${passwordOpen.completed} requests, ${describeErrors(passwordOpen)}${describeLoad(passwordOpenLoad)})`,
    );

    // 4. The token step: a fresh pending login and a valid code, one user per request within a phase.
    await rearmTotp(users);
    const warmUp = await takePendingLogins(users, 20);
    await closedLoop({ durationMs: Number.POSITIVE_INFINITY, concurrency: CONCURRENCY, maxTasks: warmUp.length, task: (i) => tokenStep(itemAt(warmUp, i)) });
    const closedUsers = users.slice(warmUp.length);
    const closedLogins = await takePendingLogins(closedUsers, closedUsers.length);
    log(`${closedLogins.length} pending logins ready for the token step`);
    const { result: tokenRun, otherLoad: tokenLoad } = await measured(() =>
      closedLoop({
        durationMs: TOKEN_THROUGHPUT_MS,
        concurrency: CONCURRENCY,
        maxTasks: closedLogins.length,
        task: (i) => tokenStep(itemAt(closedLogins, i)),
      }),
    );
    const tokenRate = perSecond(tokenRun);
    log(
      `token step: ${tokenRate.toFixed(1)}/s (${tokenRun.completed} sign-ins in ${(tokenRun.elapsedMs / 1000).toFixed(1)} s, ${describeErrors(tokenRun)}${describeLoad(tokenLoad)})`,
    );

    await rearmTotp(users);
    const tokenOpenRate = tokenRate / 2;
    const openLogins = await takePendingLogins(users, Math.ceil((tokenOpenRate * MEASURE_MS) / 1000));
    const { result: tokenOpen, otherLoad: tokenOpenLoad } = await measured(() =>
      openLoop({
        ratePerSecond: tokenOpenRate,
        durationMs: Math.min(MEASURE_MS, (openLogins.length / tokenOpenRate) * 1000),
        maxTasks: openLogins.length,
        task: (i) => tokenStep(itemAt(openLogins, i)),
      }),
    );
    const tokenP95 = percentile(tokenOpen.latenciesMs, 95);
    log(
      `token step at ${tokenOpenRate.toFixed(1)}/s: p50 ${percentile(tokenOpen.latenciesMs, 50).toFixed(1)} ms, ` +
        `p95 ${tokenP95.toFixed(1)} ms, p99 ${percentile(tokenOpen.latenciesMs, 99).toFixed(1)} ms (${tokenOpen.completed} requests over ${(tokenOpen.elapsedMs / 1000).toFixed(1)} s, ${describeErrors(tokenOpen)}${describeLoad(tokenOpenLoad)})`,
    );

    // 5. "Unknown e-mail and wrong password get the same answer in about the same time": one at
    //    a time on an idle server, alternating, each wrong password on a different account (so no
    //    throttle wait comes into it) and each unknown address new.
    const wrongPasswordMs: number[] = [];
    const unknownAddressMs: number[] = [];
    for (let i = 0; i < TIMING_PAIRS; i++) {
      wrongPasswordMs.push(await timeRefusal({ email: itemAt(users, i % users.length).email }));
      unknownAddressMs.push(await timeRefusal({ email: `nobody-${randomUUID()}@example.test` }));
    }
    const wrongPasswordP50 = percentile(wrongPasswordMs, 50);
    const unknownAddressP50 = percentile(unknownAddressMs, 50);
    const timeDifference = Math.abs(unknownAddressP50 - wrongPasswordP50) / wrongPasswordP50;
    log(`refusals one at a time: wrong password p50 ${wrongPasswordP50.toFixed(1)} ms, unknown address p50 ${unknownAddressP50.toFixed(1)} ms`);

    // 6 and 7. App passwords: mail logins through the real endpoint (the app as `npm start`
    //    serves it, HTTP with keep-alive as Dovecot's workers would), then through Dovecot over
    //    IMAP (a new connection, LOGIN and LOGOUT each). Throughput closed loop, p95 at half it.
    log('mail logins: creating app passwords and starting the app (it builds first if the sources changed)');
    const mailUsers = await createAppPasswords(users.slice(0, MAIL_USER_COUNT));
    const mailSecret = randomBytes(32).toString('base64url');
    // The verb alone, in this process: what the endpoint costs beyond the HTTP stack and Next.
    let verbCursor = 0;
    const verbTask = async () => {
      const user = itemAt(mailUsers, verbCursor++ % mailUsers.length);
      const decision = await decideMailLogin({ username: user.email, password: user.appPassword, service: 'imap', clientIp: nextRequest().ip });
      if (decision.result !== 'accept') throw new Error(`refused: ${decision.reason}`);
    };
    await closedLoop({ durationMs: 500, concurrency: CONCURRENCY, task: verbTask });
    const { result: verbRun, otherLoad: verbLoad } = await measured(() => closedLoop({ durationMs: MEASURE_MS, concurrency: CONCURRENCY, task: verbTask }));
    log(`decideMailLogin with an app password, in process: ${perSecond(verbRun).toFixed(1)}/s (${describeErrors(verbRun)}${describeLoad(verbLoad)})`);
    let app: RunningApp | undefined;
    let pageFigures: PageFigures | undefined;
    const mailRows: string[][] = [];
    const mailLoads: Array<number | null> = [];
    try {
      app = await startApp({ databaseUrl: database.databaseUrl, secret: mailSecret, port: BENCH_APP_PORT });
      ownedRoots.add(app.pid);
      const url = app.url;
      let mailCursor = 0;
      const endpointTask = () =>
        endpointLogin({ url, secret: mailSecret, user: itemAt(mailUsers, mailCursor++ % mailUsers.length), clientIp: nextRequest().ip });
      const warmUpMs = await warmUpUntilSteady({ concurrency: CONCURRENCY, task: endpointTask });
      log(`the app's endpoint warmed up in ${(warmUpMs / 1000).toFixed(0)} s`);
      const { result: endpointRun, otherLoad: endpointLoad } = await measured(() => closedLoop({ durationMs: MEASURE_MS, concurrency: CONCURRENCY, task: endpointTask }));
      const endpointRate = perSecond(endpointRun);
      log(`app password via POST /api/mail-auth: ${endpointRate.toFixed(1)}/s (${describeErrors(endpointRun)}${describeLoad(endpointLoad)})`);
      const { result: endpointOpen, otherLoad: endpointOpenLoad } = await measured(() => openLoop({ ratePerSecond: endpointRate / 2, durationMs: MEASURE_MS, task: endpointTask }));
      const endpointP95 = percentile(endpointOpen.latenciesMs, 95);
      log(`... at ${(endpointRate / 2).toFixed(1)}/s: p50 ${percentile(endpointOpen.latenciesMs, 50).toFixed(1)} ms, p95 ${endpointP95.toFixed(1)} ms (${describeErrors(endpointOpen)}${describeLoad(endpointOpenLoad)})`);
      mailLoads.push(endpointLoad, endpointOpenLoad);
      const times = endpointRate / passwordRate;
      mailRows.push(
        [`   decideMailLogin alone, in process (concurrency ${CONCURRENCY})`, `${perSecond(verbRun).toFixed(1)} /s`, '-', verbRun.errors.size > 0 ? 'MISS (errors)' : '-'],
        [`6. app password via POST /api/mail-auth (concurrency ${CONCURRENCY})`, `${endpointRate.toFixed(1)} /s`, '-', '-'],
        [
          '   ... as a multiple of (2)',
          `${times.toFixed(1)} x`,
          `>= ${GOALS.mailEndpointTimesPasswordStep} x`,
          verdictOf(times >= GOALS.mailEndpointTimesPasswordStep, endpointRun),
        ],
        [`   ... p95 at ${(endpointRate / 2).toFixed(1)} /s (open loop)`, `${endpointP95.toFixed(1)} ms`, '-', endpointOpen.errors.size > 0 ? 'MISS (errors)' : '-'],
      );

      // 9 and 10. Page weight and Lighthouse, on the app as it runs here, with an account of its own.
      const [pageUser] = await createBenchUsers(1);
      if (pageUser) pageFigures = await pageFiguresFor(url, pageUser, log);

      const dovecot = await startBenchDovecot({ url, secret: mailSecret });
      if (typeof dovecot === 'string') {
        log(`IMAP via Dovecot skipped: ${dovecot}`);
        mailRows.push(['7. IMAP login via Dovecot', 'skipped', '-', dovecot.split('.')[0] ?? '-']);
      } else {
        ownedRoots.add(dovecot.pid);
        try {
          const imapTask = () => imapBenchLogin(dovecot.ports.imap, itemAt(mailUsers, mailCursor++ % mailUsers.length));
          await closedLoop({ durationMs: 1000, concurrency: IMAP_CONCURRENCY, task: imapTask });
          const { result: imapRun, otherLoad: imapLoad } = await measured(() => closedLoop({ durationMs: MEASURE_MS, concurrency: IMAP_CONCURRENCY, task: imapTask }));
          const imapRate = perSecond(imapRun);
          const { result: imapOpen, otherLoad: imapOpenLoad } = await measured(() => openLoop({ ratePerSecond: imapRate / 2, durationMs: MEASURE_MS, task: imapTask }));
          mailLoads.push(imapLoad, imapOpenLoad);
          const imapP95 = percentile(imapOpen.latenciesMs, 95);
          log(`IMAP via Dovecot: ${imapRate.toFixed(1)}/s (${describeErrors(imapRun)}); at ${(imapRate / 2).toFixed(1)}/s p95 ${imapP95.toFixed(1)} ms (${describeErrors(imapOpen)}${describeLoad(imapOpenLoad)})`);
          mailRows.push(
            [`7. IMAP login via Dovecot (concurrency ${IMAP_CONCURRENCY})`, `${imapRate.toFixed(1)} /s`, '-', imapRun.errors.size > 0 ? 'MISS (errors)' : '-'],
            [`   ... p95 at ${(imapRate / 2).toFixed(1)} /s (open loop)`, `${imapP95.toFixed(1)} ms`, '-', imapOpen.errors.size > 0 ? 'MISS (errors)' : '-'],
          );
        } finally {
          await dovecot.stop();
        }
      }
    } finally {
      await app?.stop();
    }
    // 8. SMS credit debits: a pool large enough for every send, then one that runs dry.
    const debits = await debitRun(users, { credits: 2 * DEBIT_SENDS, label: 'large' });
    log(
      `SMS credit debits: ${debits.debited} of ${DEBIT_SENDS} concurrent reservations in ${debits.elapsedMs.toFixed(0)} ms = ${debits.rate.toFixed(0)}/s; ` +
        `balance ${debits.credits} -> ${debits.balance}, ${debits.debitRows} debit rows`,
    );
    const dry = await debitRun(users, { credits: 600, label: 'dry' });
    log(
      `SMS credit debits into an empty pool: ${dry.debited} debited, ${dry.refusedEmpty} refused (out of credits) in ${dry.elapsedMs.toFixed(0)} ms; ` +
        `balance ${dry.credits} -> ${dry.balance}, ${dry.debitRows} debit rows`,
    );

    const fraction = passwordRate / ceilingRate;
    const verdict = verdictOf;
    const rows: string[][] = [
      ['Figure', 'Measured', 'Goal', 'Result'],
      [`1. argon2id verify ceiling (concurrency ${CONCURRENCY})`, `${ceilingRate.toFixed(1)} /s`, '-', '-'],
      [`2. password step throughput (concurrency ${CONCURRENCY})`, `${passwordRate.toFixed(1)} /s`, '-', '-'],
      ['   ... as a fraction of (1)', fraction.toFixed(3), `>= ${GOALS.passwordFraction}`, verdict(fraction >= GOALS.passwordFraction, passwordRun)],
      [
        `3. password step p95 at ${passwordOpenRate.toFixed(1)} /s (open loop)`,
        `${passwordP95.toFixed(1)} ms`,
        `<= ${GOALS.passwordP95Ms} ms`,
        verdict(passwordP95 <= GOALS.passwordP95Ms, passwordOpen),
      ],
      [`   token step throughput (concurrency ${CONCURRENCY})`, `${tokenRate.toFixed(1)} /s`, '-', '-'],
      [
        `4. token step p95 at ${tokenOpenRate.toFixed(1)} /s (open loop)`,
        `${tokenP95.toFixed(1)} ms`,
        `<= ${GOALS.tokenP95Ms} ms`,
        verdict(tokenP95 <= GOALS.tokenP95Ms, tokenOpen),
      ],
      [
        '5. unknown address vs wrong password, p50',
        `${unknownAddressP50.toFixed(1)} vs ${wrongPasswordP50.toFixed(1)} ms`,
        `within ${GOALS.unknownAddressTimeTolerance * 100}%`,
        verdict(timeDifference <= GOALS.unknownAddressTimeTolerance),
      ],
      ...mailRows,
      [
        `8. durable SMS credit debits, ${DEBIT_SENDS} concurrent reservations`,
        `${debits.rate.toFixed(0)} /s`,
        `>= ${GOALS.debitsPerSecond} /s`,
        verdict(debits.rate >= GOALS.debitsPerSecond && debits.isExact),
      ],
      [
        `   final balances (${debits.credits} and ${dry.credits} credits)`,
        `${debits.balance} and ${dry.balance}`,
        `${debits.credits - DEBIT_SENDS} and 0, exactly`,
        debits.isExact && dry.isExact ? 'PASS' : 'MISS',
      ],
      ...(pageFigures ? pageRows(pageFigures, verdict) : []),
    ];
    printTable(rows);
    console.log('');
    console.log(`One run on this machine, ${((performance.now() - benchStart) / 1000).toFixed(0)} s in all.`);
    const loads = [ceilingLoad, passwordLoad, passwordOpenLoad, tokenLoad, tokenOpenLoad, ...mailLoads].filter((load): load is number => load !== null);
    const worstLoad = loads.length ? Math.max(...loads) : null;
    if (worstLoad !== null && worstLoad > 0.1) {
      console.log(
        `Other processes used up to ${(worstLoad * 100).toFixed(0)}% of the machine during a measurement: these figures understate what Gatehouse does on its own. Run again when the machine is idle.`,
      );
    } else if (worstLoad !== null) {
      console.log('Other processes stayed under 10% of the machine during every measurement.');
    }
    return 0;
  } catch (error) {
    console.error('The bench could not finish:', error);
    return 1;
  } finally {
    await cleanUp();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().then((code) => {
  process.exitCode = code;
});
