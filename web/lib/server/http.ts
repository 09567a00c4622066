import { json } from '@sveltejs/kit';

/** A JSON error the client can act on: a stable `code` for code, a `message` for people. */
export function problem(status: number, code: string, message: string, headers?: Record<string, string>): Response {
  return json({ error: { code, message } }, { status, headers });
}

/** Reads a JSON body of at most `maxBytes`; null when it is missing, too large or not JSON. */
export async function readJson(request: Request, maxBytes = 16 * 1024): Promise<unknown> {
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > maxBytes) return null;
  const text = await request.text();
  if (text.length > maxBytes) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
