/**
 * JSON calls to Kring's own API for the administration, editorial and activity screens, with one result type:
 * the answer, or why there is none (`offline` when the server could not be reached). Shown to people through
 * `problemText`, never as raw error text.
 */
import { m } from '$lib/paraglide/messages.js';

export type ApiResult<T> = { ok: true; status: number; body: T } | { ok: false; status: number; code: string };

/**
 * @param path e.g. `/api/admin/people`
 * @returns status 0 and code `offline` when the request did not reach the server
 */
export async function api<T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: body === undefined ? undefined : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
    });
  } catch {
    return { ok: false, status: 0, code: 'offline' };
  }
  const text = await response.text().catch(() => '');
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = null;
  }
  if (response.ok) return { ok: true, status: response.status, body: parsed as T };
  const code = (parsed as { error?: { code?: unknown } } | null)?.error?.code;
  return { ok: false, status: response.status, code: typeof code === 'string' ? code : 'error' };
}

/** What went wrong, in plain words for the person. */
export function problemText(result: { status: number; code: string }): string {
  switch (result.code) {
    case 'offline':
      return m.api_offline();
    case 'no_session':
      return m.api_no_session();
    case 'throttled':
      return m.api_throttled();
    case 'self':
      return m.admin_error_self();
    case 'last_admin':
      return m.admin_error_last_admin();
    case 'client_in_team_space':
      return m.admin_error_client_in_team();
    case 'guest_needs_space':
      return m.admin_error_guest_needs_space();
    case 'space_exists':
      return m.admin_error_space_exists();
    case 'not_open':
      return m.admin_error_invite_not_open();
    case 'started':
      return m.activities_error_started();
    case 'cancelled':
      return m.activities_error_cancelled();
    case 'invalid_state':
      return m.editorial_error_state();
    case 'empty_submission':
      return m.editorial_error_empty();
  }
  if (result.status === 403) return m.api_forbidden();
  if (result.status === 404) return m.api_not_found();
  return m.api_error();
}
