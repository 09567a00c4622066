/**
 * Why an accessor refused a change. Callers react to `code`, never to the message text:
 * - `not-found`: the post, card, column, page… does not exist (or no longer exists) in this document;
 * - `invalid-argument`: the input is malformed (a bad id or date, a page moved under itself…).
 * Accessors check before they write, so a refused call leaves the document unchanged.
 */
export type ShapeErrorCode = 'not-found' | 'invalid-argument';

export class ShapeError extends Error {
  readonly code: ShapeErrorCode;

  constructor(code: ShapeErrorCode, message: string) {
    super(message);
    this.name = 'ShapeError';
    this.code = code;
  }
}
