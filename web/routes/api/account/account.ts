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

/** What a refused code answers: 400 while setting up or turning off (the person is logged in), 409 for a wrong state. */
export const TWO_FACTOR_STATUSES: Partial<Record<ErrorCode, number>> = {
  invalid_code: 400,
  two_factor_enabled: 409,
  two_factor_not_enabled: 409,
  forbidden: 403,
};
