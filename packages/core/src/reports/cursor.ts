import { z } from 'zod';
import { SessionsError } from '../errors.js';

/** An opaque page cursor: the sort key and id of the last item of a page, as the store's `Page.after` takes them. */
export interface PageKey {
  readonly key: string;
  readonly id: string;
}

const keySchema = z.object({ key: z.string().max(100), id: z.string().max(200) });

export function encodePageKey(key: PageKey): string {
  return Buffer.from(JSON.stringify({ key: key.key, id: key.id })).toString('base64url');
}

export function decodePageKey(text: string, what: string): PageKey {
  try {
    return keySchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new SessionsError('VALIDATION_FAILED', `Invalid ${what}: after: not a cursor this report gave out.`, {
      issues: [{ path: ['after'], message: 'must be the `next` of an earlier page' }],
    });
  }
}

/** Input for a paged report: how many, after which page. */
export const pageInputShape = {
  limit: z.number().int().min(1).max(500).default(100),
  /** The `next` of the previous page. */
  after: z.string().min(1).max(1000).optional(),
};
