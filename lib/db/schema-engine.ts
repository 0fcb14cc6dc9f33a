import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import * as bg from '@prisma/schema-engine-wasm/schema_engine_bg';

export type OpenSchemaEngine = { engine: bg.SchemaEngine; close: () => Promise<void> };

let isWasmLoaded = false;

// Prisma's binary schema engine cannot be downloaded on our machines, so migrations run through
// the WebAssembly build of the same engine, pinned in package.json to the CLI's engine hash.
// Node cannot import its .wasm as a module; it is instantiated the way the Prisma CLI does.
async function loadWasm(): Promise<void> {
  if (isWasmLoaded) return;
  const require = createRequire(import.meta.url);
  const wasmPath = require.resolve('@prisma/schema-engine-wasm/schema_engine_bg').replace(/\.js$/, '.wasm');
  const bytes = await readFile(wasmPath);
  const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { './schema_engine_bg.js': bg });
  bg.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start: () => void }).__wbindgen_start();
  isWasmLoaded = true;
}

export async function openSchemaEngine({
  databaseUrl,
  schemaPath,
  schemaText,
}: {
  databaseUrl: string;
  schemaPath: string;
  schemaText: string;
}): Promise<OpenSchemaEngine> {
  await loadWasm();
  // Our own pool, so closing it lets a command exit at once instead of after the idle timeout.
  const pool = new pg.Pool({ connectionString: databaseUrl });
  const adapter = bindMigrationAwareSqlAdapterFactory(new PrismaPg(pool));
  const log = (message: string) => {
    if (process.env.GATEHOUSE_DEBUG_MIGRATIONS) console.error(message);
  };
  const engine = await bg.SchemaEngine.new({ datamodels: [[schemaPath, schemaText]] }, log, adapter);
  return {
    engine,
    close: async () => {
      engine.free();
      await pool.end();
    },
  };
}
