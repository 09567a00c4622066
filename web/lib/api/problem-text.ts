/** What a refusal or a missing network means, in the person's own words; never raw error text. */
import { m } from '$lib/paraglide/messages.js';

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
    case 'login_name_taken':
      return m.admin_invite_login_taken();
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
    case 'changed_since_review':
      return m.editorial_error_changed();
    case 'wrong_password':
      return m.password_wrong();
    case 'invalid_reset':
      return m.reset_invalid();
    case 'password_too_short':
      return m.password_too_short();
    case 'password_too_long':
      return m.password_too_long();
    case 'password_common':
      return m.password_common();
    case 'password_personal':
      return m.password_personal();
    case 'password_guessable':
      return m.password_guessable();
    case 'second_factor_required':
      return m.twofactor_error_required();
    case 'invalid_code':
      return m.twofactor_error_code();
  }
  if (result.status === 403) return m.api_forbidden();
  if (result.status === 404) return m.api_not_found();
  return m.api_error();
}
