import type { IncomingMessage } from 'node:http';

/**
 * A request body as it arrives, whoever received it: the length the client declared, and its
 * bytes chunk by chunk (null when there is no body). The Next route and the plain HTTP server of
 * scripts/start.ts each describe their request this way, so one reader enforces the limit.
 */
export type RequestBody = { declaredLength: string | null; chunks: AsyncIterator<Uint8Array> | null };

/**
 * The request's body as text, or null when it is larger than `maxBytes`: refused by its declared
 * length before reading, and otherwise while reading, so a large or endless body is never held.
 */
export async function readLimitedBody({ declaredLength, chunks }: RequestBody, maxBytes: number): Promise<string | null> {
  if (Number(declaredLength ?? '0') > maxBytes) return null;
  if (!chunks) return '';
  const read: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await chunks.next();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await chunks.return?.();
      return null;
    }
    read.push(value);
  }
  return Buffer.concat(read).toString('utf8');
}

/** A web Request's body (what a Next route handler receives), for readLimitedBody. */
export function bodyOfRequest(request: Request): RequestBody {
  const reader = request.body?.getReader();
  return {
    declaredLength: request.headers.get('content-length'),
    chunks: reader
      ? {
          next: async () => {
            const result = await reader.read();
            return result.done ? { done: true, value: undefined } : { done: false, value: result.value };
          },
          // Stops the stream, so the rest of an oversized body is never read.
          return: async () => {
            await reader.cancel();
            return { done: true, value: undefined };
          },
        }
      : null,
  };
}

/** A Node request's body (what scripts/start.ts's server receives), for readLimitedBody. */
export function bodyOfIncomingMessage(request: Pick<IncomingMessage, 'headers' | 'iterator'>): RequestBody {
  return {
    declaredLength: request.headers['content-length'] ?? null,
    // Stopping early must not destroy the request: that would close the socket before the 413
    // is written. The server closes the connection after the answer instead.
    chunks: request.iterator({ destroyOnReturn: false }),
  };
}
