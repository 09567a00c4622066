import { describe, expect, it } from 'vitest';
import { LoginThrottle, networkOf, type LoginAttempt } from './throttle.ts';

const T0 = 1_800_000_000_000;
const OPTIONS = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, forgetAfterMs: 60_000, accountSpacingMs: 100, maxAccountSpacingMs: 400, maxAccountWaitMs: 1000 };
const KEY = 'invite-ip:10.0.0.1';
const ANNA = 'anna@kring.test';

function allowed(attempt: LoginAttempt): Extract<LoginAttempt, { allowed: true }> {
  if (!attempt.allowed) throw new Error(`refused for ${attempt.retryAfterMs} ms`);
  return attempt;
}

describe('LoginThrottle: waits per key (failed, retryAfter)', () => {
  it('allows the first freeAttempts failures, then makes that key wait', () => {
    const throttle = new LoginThrottle(OPTIONS);
    expect(throttle.retryAfter([KEY], T0)).toBe(0);
    throttle.failed([KEY], T0);
    throttle.failed([KEY], T0);
    expect(throttle.retryAfter([KEY], T0)).toBe(0);
    // The third failure (freeAttempts = 3) starts the first wait.
    throttle.failed([KEY], T0);
    expect(throttle.retryAfter([KEY], T0)).toBe(1000);
    expect(throttle.retryAfter([KEY], T0 + 400)).toBe(600);
    expect(throttle.retryAfter([KEY], T0 + 1000)).toBeLessThanOrEqual(0);
    expect(throttle.retryAfter(['invite-ip:10.0.0.2'], T0)).toBe(0);
  });

  it('doubles the wait with every further failure and caps it at maxDelayMs', () => {
    const throttle = new LoginThrottle(OPTIONS);
    let now = T0;
    for (let i = 0; i < 2; i++) throttle.failed([KEY], now);
    const waits: number[] = [];
    for (let i = 0; i < 7; i++) {
      throttle.failed([KEY], now);
      const wait = throttle.retryAfter([KEY], now);
      waits.push(wait);
      now += wait; // the next attempt comes exactly when allowed
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 10_000, 10_000, 10_000]);
    for (let i = 0; i < 2000; i++) throttle.failed([KEY], now);
    expect(throttle.retryAfter([KEY], now)).toBe(10_000);
  });

  it('forgets failures after a quiet while, not sooner', () => {
    const throttle = new LoginThrottle(OPTIONS);
    throttle.failed([KEY], T0);
    throttle.failed([KEY], T0);
    throttle.failed([KEY], T0 + 59_000);
    expect(throttle.retryAfter([KEY], T0 + 59_000)).toBe(1000);
    throttle.failed([KEY], T0 + 200_000);
    expect(throttle.retryAfter([KEY], T0 + 200_000)).toBe(0);
  });

  it('keeps a blocked key blocked through a flood of made-up keys', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 4; i++) throttle.failed([KEY], T0);
    expect(throttle.retryAfter([KEY], T0)).toBe(2000);
    for (let i = 0; i < 12_000; i++) throttle.failed([`invite-ip:made-up-${i}`], T0 + 1);
    expect(throttle.retryAfter([KEY], T0 + 1)).toBe(1999);
  });
});

describe('LoginThrottle: login attempts (blocked per address, slowed down per account)', () => {
  it('counts attempts before they are decided, so a burst at once is refused after the free ones', () => {
    const throttle = new LoginThrottle(OPTIONS);
    const burst = Array.from({ length: 10 }, () => throttle.attempt('10.0.0.1', ANNA, T0));
    expect(burst.filter((attempt) => attempt.allowed)).toHaveLength(3);
    expect(burst.slice(3).every((attempt) => !attempt.allowed && attempt.retryAfterMs === 1000)).toBe(true);
  });

  it('a success takes back only its own count: spraying between logins to one’s own account still blocks', () => {
    const throttle = new LoginThrottle(OPTIONS);
    allowed(throttle.attempt('10.0.0.1', 'x@kring.test', T0)).failed(T0);
    allowed(throttle.attempt('10.0.0.1', 'y@kring.test', T0)).failed(T0);
    // The third attempt would block the address; it is right, so the block is taken back, the failures stay.
    allowed(throttle.attempt('10.0.0.1', 'me@kring.test', T0)).succeeded();
    expect(throttle.retryAfter(['ip:10.0.0.1'], T0)).toBe(0);
    allowed(throttle.attempt('10.0.0.1', 'z@kring.test', T0)).failed(T0);
    expect(throttle.attempt('10.0.0.1', 'me@kring.test', T0)).toEqual({ allowed: false, retryAfterMs: 1000 });
  });

  it('slows an account down after its free failures, from any address, and never refuses a new address at once', () => {
    const throttle = new LoginThrottle(OPTIONS);
    for (let i = 0; i < 3; i++) allowed(throttle.attempt(`10.0.0.${i}`, ANNA, T0)).failed(T0);
    // Anna herself, from elsewhere: allowed at once; the next attempt for her account waits its turn.
    const anna = allowed(throttle.attempt('10.9.9.9', ANNA, T0));
    expect(anna.delayMs).toBe(0);
    expect(allowed(throttle.attempt('10.0.0.7', ANNA, T0)).delayMs).toBe(100);
    anna.succeeded();
    // Her login clears the account's failures.
    expect(allowed(throttle.attempt('10.0.0.8', ANNA, T0 + 1)).delayMs).toBe(0);
  });

  it('spaces an account’s attempts further with every failure, and refuses beyond the longest wait', () => {
    const throttle = new LoginThrottle(OPTIONS);
    const delays: number[] = [];
    let refused: LoginAttempt | undefined;
    for (let i = 0; i < 20 && !refused; i++) {
      const attempt = throttle.attempt(`10.0.1.${i}`, ANNA, T0);
      if (attempt.allowed) delays.push(attempt.delayMs);
      else refused = attempt;
    }
    expect(delays).toEqual([0, 0, 0, 0, 100, 300, 700]);
    expect(refused).toEqual({ allowed: false, retryAfterMs: 1100 });
    // The refused attempt took nothing from its address.
    const fromThere = Array.from({ length: 3 }, () => throttle.attempt('10.0.1.7', 'bram@kring.test', T0));
    expect(fromThere.map((attempt) => attempt.allowed)).toEqual([true, true, true]);
  });
});

describe('networkOf', () => {
  it('is the IPv4 address itself, also IPv4-mapped', () => {
    expect(networkOf('192.0.2.7')).toBe('192.0.2.7');
    expect(networkOf('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('is the /64 for IPv6, however the address is written', () => {
    expect(networkOf('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:0DB8:0001:0002::9')).toBe('2001:db8:1:2::/64');
    expect(networkOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(networkOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(networkOf('::1')).toBe('0:0:0:0::/64');
  });
});
