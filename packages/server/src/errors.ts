/**
 * A request the domain's rules refuse. Each concept names its own codes (`PersonError`, `SpaceError`…);
 * `code` says why, so callers react to it and never match on message text.
 */
export class DomainError<Code extends string> extends Error {
  readonly code: Code;
  constructor(code: Code, message: string) {
    super(message);
    // The subclass's name (`PersonError`), so a log says which rules refused.
    this.name = new.target.name;
    this.code = code;
  }
}
