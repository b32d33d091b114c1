import type { ValidationIssue } from '@sessions/core';
import type { z } from 'zod';
import { HttpError, validationFailed } from './errors.js';

/** The largest JSON body read; the API's bodies are a few hundred bytes. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Parse the query string against a strict schema. Every value is a string;
 * a parameter given twice is refused rather than one of them picked.
 */
export function parseQuery<S extends z.ZodType>(schema: S, params: URLSearchParams): z.output<S> {
  const query: Record<string, string> = {};
  const issues: ValidationIssue[] = [];
  for (const [key, value] of params) {
    if (Object.hasOwn(query, key)) {
      if (!issues.some((i) => i.path[0] === key)) issues.push({ path: [key], message: 'is given more than once' });
      continue;
    }
    query[key] = value;
  }
  const result = schema.safeParse(query);
  if (!result.success) issues.push(...issuesOf(result.error, 'query'));
  if (!result.success || issues.length > 0) throw validationFailed('query', issues);
  return result.data;
}

/**
 * Read and parse a JSON body against a strict schema. No body at all reads
 * as `{}`; a body must come as `application/json` (which also keeps plain
 * cross-site form posts out), be at most `MAX_BODY_BYTES`, and parse.
 */
export async function parseJsonBody<S extends z.ZodType>(schema: S, request: Request): Promise<z.output<S>> {
  const text = await readText(request);
  let value: unknown = {};
  if (text.trim() !== '') {
    const type = request.headers.get('content-type');
    if (!isJsonType(type)) {
      throw new HttpError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Send the request body as JSON with "content-type: application/json"${type ? ` (got "${type}")` : ''}.`,
        { contentType: type },
      );
    }
    try {
      value = JSON.parse(text);
    } catch (error) {
      const why = error instanceof SyntaxError ? error.message : 'unreadable';
      throw validationFailed('request body', [{ path: [], message: `is not valid JSON (${why})` }]);
    }
  }
  return parseWith(schema, value, 'request body');
}

function isJsonType(type: string | null): boolean {
  if (type === null) return false;
  const essence = type.split(';')[0]?.trim().toLowerCase() ?? '';
  return essence === 'application/json' || /^application\/[a-z0-9.+-]+\+json$/.test(essence);
}

async function readText(request: Request): Promise<string> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) throw tooLarge();
  if (request.body === null) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw validationFailed('request body', [{ path: [], message: 'is not valid UTF-8' }]);
  }
}

function tooLarge(): HttpError {
  return new HttpError('PAYLOAD_TOO_LARGE', `The request body is larger than ${MAX_BODY_BYTES} bytes.`, {
    limit: MAX_BODY_BYTES,
  });
}

/** Parse with zod and report every problem at its own path. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationFailed(what, issuesOf(result.error, what));
}

/** zod's issues as ours; an unknown field is one issue per field (`['tenantId']`), not one for the object. */
function issuesOf(error: z.ZodError, what: string): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      const message = what === 'query' ? 'is not a known query parameter' : 'is not a known field';
      for (const key of issue.keys) issues.push({ path: [...path, key], message });
    } else {
      issues.push({ path, message: issue.message });
    }
  }
  return issues;
}
