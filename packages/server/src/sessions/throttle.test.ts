import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

const T0 = 1_800_000_000_000;
const OPTIONS = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000 };
const EMAIL = 'email:anna@kring.test';
const IP = 'ip:10.0.0.1';

describe('LoginThrottle', () => {
  it('allows the first freeAttempts failures, then makes that key wait', () => {
    const throttle = new LoginThrottle(OPTIONS);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    // The third failure (freeAttempts = 3) starts the first wait.
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(1000);
    expect(throttle.retryAfter([EMAIL], T0 + 400)).toBe(600);
    expect(throttle.retryAfter([EMAIL], T0 + 1000)).toBeLessThanOrEqual(0);
  });

  it('only makes the failing key wait', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 3; i++) throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBeGreaterThan(0);
    expect(throttle.retryAfter(['email:bram@kring.test'], T0)).toBe(0);
    expect(throttle.retryAfter([IP], T0)).toBe(0);
    expect(throttle.retryAfter([], T0)).toBe(0);
  });

  it('doubles the wait with every further failure and caps it at maxDelayMs', () => {
    const throttle = new LoginThrottle(OPTIONS);
    let now = T0;
    for (let i = 0; i < 2; i++) throttle.failed([EMAIL], now);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      throttle.failed([EMAIL], now);
      const wait = throttle.retryAfter([EMAIL], now);
      waits.push(wait);
      now += wait; // the next attempt comes exactly when allowed
      expect(throttle.retryAfter([EMAIL], now)).toBeLessThanOrEqual(0);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
  });

  it('keeps the cap after very many failures', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 2000; i++) throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(10_000);
  });

  it('succeeded() clears the key: the free attempts start over', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 4; i++) throttle.failed([EMAIL, IP], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(2000);
    throttle.succeeded([EMAIL]);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    // Only the cleared key: the IP still waits.
    expect(throttle.retryAfter([IP], T0)).toBe(2000);
    // A single new failure is within the free attempts again, and the doubling restarts.
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    throttle.failed([EMAIL], T0);
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(1000);
  });

  it('with several keys, the longest wait counts', () => {
    const throttle = new LoginThrottle(OPTIONS);
    // One address tries many emails: the IP key collects every failure, each email only one.
    for (let i = 0; i < 5; i++) throttle.failed([`email:user${i}@kring.test`, IP], T0);
    expect(throttle.retryAfter([IP], T0)).toBe(4000);
    expect(throttle.retryAfter(['email:user0@kring.test'], T0)).toBe(0);
    expect(throttle.retryAfter(['email:user9@kring.test', IP], T0)).toBe(4000);
    expect(throttle.retryAfter([IP, 'email:user9@kring.test'], T0)).toBe(4000);

    // Many addresses try one email: the email key waits whatever the address.
    const other = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 3; i++) other.failed([EMAIL, `ip:10.0.0.${i}`], T0);
    expect(other.retryAfter([EMAIL, 'ip:10.9.9.9'], T0)).toBe(1000);
    expect(other.retryAfter(['email:bram@kring.test', 'ip:10.0.0.1'], T0)).toBe(0);
  });

  it('uses defaults of 5 free attempts and a 30 s first wait', () => {
    const throttle = new LoginThrottle();
    for (let i = 0; i < 4; i++) throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(0);
    throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(30_000);
  });

  it('keeps a blocked key blocked through a flood of made-up keys', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 4; i++) throttle.failed([EMAIL], T0);
    expect(throttle.retryAfter([EMAIL], T0)).toBe(2000);
    for (let i = 0; i < 12_000; i++) throttle.failed([`email:made-up-${i}@example.test`], T0 + 1);
    expect(throttle.retryAfter([EMAIL], T0 + 1)).toBe(1999);
  });
});
