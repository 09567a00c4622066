/** A token bucket: `rate` tokens per second, holding at most `burst`. */
export class TokenBucket {
  #tokens: number;
  #last: number;
  readonly #rate: number;
  readonly #burst: number;

  constructor(rate: number, burst: number, now = performance.now()) {
    this.#rate = rate;
    this.#burst = burst;
    this.#tokens = burst;
    this.#last = now;
  }

  /** Takes `amount` tokens; false when there are not enough (the caller is too fast). */
  take(amount: number, now = performance.now()): boolean {
    if (this.wait(amount, now) > 0) return false;
    this.#tokens -= amount;
    return true;
  }

  /** Milliseconds until `amount` tokens are there (0: now); Infinity when it is more than the bucket holds. */
  wait(amount: number, now = performance.now()): number {
    this.#tokens = Math.min(this.#burst, this.#tokens + ((now - this.#last) / 1000) * this.#rate);
    this.#last = now;
    if (amount > this.#burst) return Infinity;
    return this.#tokens >= amount ? 0 : ((amount - this.#tokens) / this.#rate) * 1000;
  }
}
