// How large a form post may be before Next refuses it, and how such a refusal reaches the form.
// Next's server actions read at most 1 MB of body (its default `serverActions.bodySizeLimit`,
// which next.config.mjs leaves alone) and answer anything larger with a bare error page, before
// any action runs. A browser without JavaScript posts a chosen file whatever its size, so
// proxy.ts sends such a post back to its own page with `?upload=too-large`, and a page that takes
// an upload (the brand's Look) shows its field's own message there. With JavaScript the form
// checks the file's size before sending it.
export const SERVER_ACTION_BODY_LIMIT_BYTES = 1024 * 1024;
export const UPLOAD_TOO_LARGE_PARAM = 'upload';
export const UPLOAD_TOO_LARGE_VALUE = 'too-large';

/** Whether a request is a plain form post (no JavaScript: no Next-Action header) larger than the action body limit. */
export function isOversizedFormPost({ method, headers }: { method: string; headers: Headers }): boolean {
  if (method !== 'POST' || headers.has('next-action')) return false;
  const length = Number(headers.get('content-length'));
  return Number.isFinite(length) && length > SERVER_ACTION_BODY_LIMIT_BYTES;
}
