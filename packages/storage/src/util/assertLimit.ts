/** A page size below 1 is a caller's bug, and SQL would read a negative LIMIT as "no limit". */
export function assertLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1) {
    throw new RangeError(`limit must be an integer of at least 1, got ${limit}`);
  }
}
