#!/bin/sh
# Prisma's CLI insists that a schema-engine binary exists before `prisma generate`, which never
# runs it. The real binary cannot be downloaded on our machines; migrations run through the
# WebAssembly engine instead (lib/db/migrate.ts). Anything that does call this gets a clear no.
echo "Gatehouse: Prisma's binary schema engine is not installed. Use 'npm run db:migrate' and 'npm run db:migration:new'." >&2
exit 1
