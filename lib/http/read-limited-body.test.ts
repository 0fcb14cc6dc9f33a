import { describe, expect, it } from 'vitest';
import { bodyOfRequest, readLimitedBody } from './read-limited-body';

function streamed(chunks: string[]): Request {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk));
      controller.close();
    },
  });
  return new Request('http://localhost/', { method: 'POST', body, duplex: 'half' } as RequestInit);
}

describe('reading a request body within a limit', () => {
  it('returns a body within the limit', async () => {
    expect(await readLimitedBody(bodyOfRequest(streamed(['{"a":', '1}'])), 4096)).toBe('{"a":1}');
  });

  it('refuses a body declared larger than the limit without reading it', async () => {
    const request = new Request('http://localhost/', { method: 'POST', body: 'x', headers: { 'content-length': '5000' } });
    expect(await readLimitedBody(bodyOfRequest(request), 4096)).toBeNull();
  });

  it('stops reading a body that grows past the limit with no length declared', async () => {
    expect(await readLimitedBody(bodyOfRequest(streamed(['x'.repeat(3000), 'y'.repeat(3000)])), 4096)).toBeNull();
  });
});
