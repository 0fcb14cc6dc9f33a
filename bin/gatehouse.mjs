#!/usr/bin/env node
// Runs the TypeScript command line through tsx, so there is no separate build step for it.
import { register } from 'tsx/esm/api';

register();
await import('../lib/cli/main.ts');
