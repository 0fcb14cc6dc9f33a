import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type * as NextEnv from '@next/env';
import { loadEnvFiles, pinEnvironment } from '@/lib/config/load-env-files';

// The instance Next's own server requires, as lib/config/load-env-files.ts uses it.
const nextEnv = createRequire(import.meta.url)('@next/env') as typeof NextEnv;
const names = ['GATEHOUSE_TEST_FROM_FILE', 'GATEHOUSE_TEST_EMPTY', 'GATEHOUSE_TEST_ADDED_AT_START', 'GATEHOUSE_MAIL_IMAP_SERVER'];

describe('loadEnvFiles and pinEnvironment', () => {
  afterAll(() => {
    for (const name of names) delete process.env[name];
  });

  it("load .env first, and leave Next's later reloads nothing to change", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gatehouse-env-'));
    writeFileSync(path.join(dir, '.env'), 'GATEHOUSE_TEST_FROM_FILE=first\nGATEHOUSE_TEST_EMPTY=\n');
    expect(loadEnvFiles({ dir, isDev: true })).toEqual(['.env']);
    expect(process.env.GATEHOUSE_TEST_FROM_FILE).toBe('first');
    expect('GATEHOUSE_TEST_EMPTY' in process.env).toBe(false);

    // Next's own load, as its server makes it at prepare(): what was loaded stays, nothing is redone.
    nextEnv.loadEnvConfig(dir, true);
    expect(process.env.GATEHOUSE_TEST_FROM_FILE).toBe('first');

    // The start adds its own settings, then pins; an edited .env reloaded by the development server
    // changes nothing that was checked and drops nothing the start added.
    process.env.GATEHOUSE_TEST_ADDED_AT_START = 'edge token';
    delete process.env.GATEHOUSE_MAIL_IMAP_SERVER;
    pinEnvironment();
    writeFileSync(path.join(dir, '.env'), 'GATEHOUSE_TEST_FROM_FILE=second\nGATEHOUSE_MAIL_IMAP_SERVER=imap.elsewhere.example:993\n');
    nextEnv.loadEnvConfig(dir, true, { info: () => undefined, error: () => undefined }, true);
    expect(process.env.GATEHOUSE_TEST_FROM_FILE).toBe('first');
    expect(process.env.GATEHOUSE_TEST_ADDED_AT_START).toBe('edge token');
    // Pinned as unset: Next leaves it empty, which getEnv reads as unset, never the file's value.
    expect(process.env.GATEHOUSE_MAIL_IMAP_SERVER || undefined).toBeUndefined();
  });
});
