import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ESLint } from 'eslint';
import { afterAll, describe, expect, it } from 'vitest';
import { findCycles, importGraph } from '../scripts/check-import-cycles';

// The floors of lib/ are held by lint (eslint.config.mjs) and by scripts/check-import-cycles.ts,
// both in npm test's lint stage. These tests show each one refusing what it exists to refuse.

const ROOT = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: ROOT });

async function floorErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(ROOT, filePath) });
  return (result?.messages ?? []).filter((message) => message.ruleId === 'import/no-restricted-paths').map((message) => message.message);
}

describe('the floors lint rule', { timeout: 60_000 }, () => {
  it('refuses a ground-floor module importing a feature, type imports too', async () => {
    const errors = await floorErrors(
      'lib/core/floor-probe.ts',
      "import type { TSecondFactorCode } from '@/lib/mfa/code-schema';\nexport type Probe = TSecondFactorCode;\n",
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toContain('The ground floor lib/core imports only itself and infrastructure');
  });

  it('refuses infrastructure importing the ground floor or a feature', async () => {
    const errors = await floorErrors(
      'lib/audit/floor-probe.ts',
      "import { maskEmail } from '@/lib/core/mask';\nimport { grantRole } from '@/lib/access/grant-role';\nexport const probe = [maskEmail, grantRole];\n",
    );
    expect(errors).toHaveLength(2);
    for (const error of errors) expect(error).toContain('Infrastructure (lib/db');
  });

  it('refuses lib importing app', async () => {
    const errors = await floorErrors('lib/brands/floor-probe.ts', "import RootLayout from '@/app/layout';\nexport const probe = RootLayout;\n");
    expect(errors).toEqual([expect.stringContaining('lib/ never imports app/')]);
  });

  it('refuses a feature importing the command line', async () => {
    const errors = await floorErrors('lib/brands/floor-probe.ts', "import { run } from '@/lib/cli/run';\nexport const probe = run;\n");
    expect(errors).toEqual([expect.stringContaining('Nothing in lib/ imports the command line')]);
  });

  it('lets imports go down: core to infrastructure, a feature to core and to another feature', async () => {
    expect(await floorErrors('lib/core/floor-probe.ts', "import { prisma } from '@/lib/db/prisma';\nexport const probe = prisma;\n")).toEqual([]);
    expect(
      await floorErrors(
        'lib/phones/floor-probe.ts',
        "import { maskEmail } from '@/lib/core/mask';\nimport { getEffectivePolicy } from '@/lib/policy/get-effective-policy';\nexport const probe = [maskEmail, getEffectivePolicy];\n",
      ),
    ).toEqual([]);
  });
});

describe('the import-circle check', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gatehouse-cycles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function modules(files: Record<string, string>): string[] {
    return Object.entries(files).map(([name, code]) => {
      const file = path.join(dir, name);
      writeFileSync(file, code);
      return file;
    });
  }

  it('reports a circle of type-only imports, as the shortest loop', () => {
    const files = modules({
      'actor.ts': "import type { Pending } from './pending';\nexport type Actor = { pending: Pending };\n",
      'pending.ts': "import type { Audit } from './audit';\nexport type Pending = { audit: Audit };\n",
      'audit.ts': "import type { Actor } from './actor';\nexport type Audit = { actor?: Actor };\n",
      'leaf.ts': "import type { Actor } from './actor';\nexport type Leaf = Actor;\n",
    });
    const cycles = findCycles(importGraph(files));
    expect(cycles.map((cycle) => cycle.map((file) => path.basename(file)))).toEqual([['actor.ts', 'pending.ts', 'audit.ts', 'actor.ts']]);
  });

  it('finds nothing when imports go one way', () => {
    const files = modules({
      'top.ts': "import { middle } from './middle';\nexport const top = middle;\n",
      'middle.ts': "import { bottom } from './bottom';\nexport const middle = bottom;\n",
      'bottom.ts': 'export const bottom = 1;\n',
    });
    expect(findCycles(importGraph(files))).toEqual([]);
  });
});
