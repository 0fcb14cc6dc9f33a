import os from 'node:os';
import type { Actor } from './actor';

/**
 * The one console actor of a command-line run. Its request context is the console's own: per-IP
 * allowances key on it like on any address, and the audit row names the operator instead.
 */
export function consoleActor(operator = process.env.SUDO_USER || os.userInfo().username): Actor {
  return { kind: 'console', operator, request: { ip: 'console', userAgent: 'gatehouse command line' } };
}
