import { openSchemaEngine } from './schema-engine';

/**
 * The SQL that takes a database from one schema text to another; no database is read.
 * `from: null` means an empty database.
 */
export async function diffSchemas({
  databaseUrl,
  from,
  to,
}: {
  databaseUrl: string;
  from: string | null;
  to: string;
}): Promise<string> {
  // The engine checks its connection even for a diff of two schema texts; it reads nothing.
  const { engine, close } = await openSchemaEngine({
    databaseUrl,
    schemaPath: 'schema.prisma',
    schemaText: to,
  });
  try {
    const result = await engine.diff({
      from: from === null ? { tag: 'empty' } : { tag: 'schemaDatamodel', files: [{ path: 'from.prisma', content: from }] },
      to: { tag: 'schemaDatamodel', files: [{ path: 'to.prisma', content: to }] },
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? '';
  } finally {
    await close();
  }
}
