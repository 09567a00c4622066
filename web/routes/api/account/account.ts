/** What the own-account endpoints share: the HTTP status of each refusal of the account rules. */
import type { ErrorCode } from '@kring/contract';

/** A weak new password is 422 with the reason in its code; a wrong current password 403. */
export const PASSWORD_STATUSES: Partial<Record<ErrorCode, number>> = {
  wrong_password: 403,
  password_too_short: 422,
  password_too_long: 422,
  password_common: 422,
  password_personal: 422,
  password_guessable: 422,
};
