import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { KringDb } from '../db/schema.ts';
import { Sessions } from '../sessions/sessions.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { SecretBox, secretBoxFor } from './secret-box.ts';
import { LOGIN_TOKEN_MS, LOGIN_TOKEN_TRIES, RECOVERY_CODE_COUNT, TwoFactor, TwoFactorError, codeAt, matchingStep, secondFactorOutstanding, stepAt } from './two-factor.ts';

const STEP_MS = 30_000;

let db: KringDb;
let accounts: Accounts;
let sessions: Sessions;
let twoFactor: TwoFactor;
let now: number;
let anna: User;
let admin: User;

/** Sets up Anna's app at the current time and returns its key. */
async function setUp(person: User): Promise<{ key: Uint8Array; recoveryCodes: string[]; sessionId: string }> {
  const { sessionId } = await sessions.create(person.id);
  const { secret } = await twoFactor.beginSetup(person);
  const key = decodeBase32IgnorePadding(secret.replaceAll(' ', ''));
  const recoveryCodes = await twoFactor.confirmSetup(person, sessionId, codeAt(key, stepAt(now)));
  return { key, recoveryCodes, sessionId };
}

beforeEach(async () => {
  ({ db, accounts } = await testOrganisation());
  sessions = new Sessions(db);
  // Midway through a step, so "the step before" and "the step after" are 15 s away either way.
  now = 1_800_000_000_000 + STEP_MS / 2;
  twoFactor = new TwoFactor(db, accounts, sessions, new SecretBox(randomBytes(32)), { now: () => now });
  anna = await accounts.createUser({ organisationId: 'org', email: 'anna@zorg.test', name: 'Anna', password: 'oud-wachtwoord', role: 'employee' });
  admin = await accounts.createUser({ organisationId: 'org', email: 'beheer@zorg.test', name: 'Beheer', password: 'oud-wachtwoord', role: 'admin' });
});

describe('the code window', () => {
  it('matches the code of the step before, now and after, and nothing further away', () => {
    const key = randomBytes(20);
    const step = stepAt(now);
    // The library's own TOTP agrees with the step arithmetic.
    expect(generateTOTP(key, 30, 6)).toBe(codeAt(key, stepAt(Date.now())));
    expect(matchingStep(key, codeAt(key, step - 1), now)).toBe(step - 1);
    expect(matchingStep(key, codeAt(key, step), now)).toBe(step);
    expect(matchingStep(key, codeAt(key, step + 1), now)).toBe(step + 1);
    for (const far of [step - 2, step + 2]) {
      const code = codeAt(key, far);
      // A far code that happens to equal a near one (1 in 10^6) proves nothing either way.
      if ([step - 1, step, step + 1].some((near) => codeAt(key, near) === code)) continue;
      expect(matchingStep(key, code, now)).toBeNull();
    }
  });

  it('matches only six digits', () => {
    const key = randomBytes(20);
    const code = codeAt(key, stepAt(now));
    for (const typed of [`${code}0`, code.slice(1), ` ${code}`, 'abcdef', '']) expect(matchingStep(key, typed, now)).toBeNull();
  });
});

describe('the second factor is outstanding', () => {
  it('for administrators and privacy officers who have not passed it in the session, and for nobody else', () => {
    expect(secondFactorOutstanding('admin', false)).toBe(true);
    expect(secondFactorOutstanding('privacy', false)).toBe(true);
    expect(secondFactorOutstanding('admin', true)).toBe(false);
    for (const role of ['employee', 'client', 'editor', 'guest'] as const) expect(secondFactorOutstanding(role, false)).toBe(false);
  });
});

describe('setting up', () => {
  it('is off until confirmed with a first code, then gives ten recovery codes and marks the session passed', async () => {
    const { sessionId } = await sessions.create(admin.id);
    const { secret, uri, qrSvg } = await twoFactor.beginSetup(admin);
    expect(await twoFactor.isEnabled(admin.id)).toBe(false);
    expect(uri).toMatch(/^otpauth:\/\/totp\/Kring:beheer%40zorg\.test\?/);
    expect(qrSvg).toMatch(/^<svg/);
    const key = decodeBase32IgnorePadding(secret.replaceAll(' ', ''));
    expect(await refusal(twoFactor.confirmSetup(admin, sessionId, codeAt(key, stepAt(now) + 5)), TwoFactorError)).toBe('invalid_code');
    const codes = await twoFactor.confirmSetup(admin, sessionId, codeAt(key, stepAt(now)));
    expect(codes).toHaveLength(RECOVERY_CODE_COUNT);
    expect(new Set(codes).size).toBe(RECOVERY_CODE_COUNT);
    expect(await twoFactor.status(admin.id)).toEqual({ enabled: true, recoveryCodesLeft: RECOVERY_CODE_COUNT });
    expect((await sessions.revalidate(sessionId))?.secondFactor).toBe(true);
    // The database holds neither the secret nor the codes in the clear.
    const row = await db.selectFrom('two_factor').select('secret').executeTakeFirstOrThrow();
    expect(row.secret).not.toContain(secret.replaceAll(' ', ''));
    const hashes = await db.selectFrom('recovery_codes').select('code_hash').execute();
    expect(hashes.map((h) => h.code_hash)).not.toContain(codes[0]);
  });

  it('cannot start again while on', async () => {
    await setUp(anna);
    expect(await refusal(twoFactor.beginSetup(anna), TwoFactorError)).toBe('two_factor_enabled');
  });
});

describe('logging in with a code', () => {
  it('takes each step’s code once: a replay in the same step is refused, the next step’s code works', async () => {
    const { key } = await setUp(anna);
    // Setting up used this step's code already.
    const first = await twoFactor.startLogin(anna.id);
    expect(await refusal(twoFactor.finishLogin(first.token, codeAt(key, stepAt(now))), TwoFactorError)).toBe('invalid_code');
    now += STEP_MS;
    const code = codeAt(key, stepAt(now));
    expect((await twoFactor.finishLogin(first.token, code)).id).toBe(anna.id);
    const second = await twoFactor.startLogin(anna.id);
    expect(await refusal(twoFactor.finishLogin(second.token, code), TwoFactorError)).toBe('invalid_code');
    // An older step's code after a newer one was used: refused too.
    expect(await refusal(twoFactor.finishLogin(second.token, codeAt(key, stepAt(now) - 1)), TwoFactorError)).toBe('invalid_code');
  });

  it('lets only one of two simultaneous logins with the same code through', async () => {
    const { key } = await setUp(anna);
    now += STEP_MS;
    const [a, b] = [await twoFactor.startLogin(anna.id), await twoFactor.startLogin(anna.id)];
    const code = codeAt(key, stepAt(now));
    const results = await Promise.allSettled([twoFactor.finishLogin(a.token, code), twoFactor.finishLogin(b.token, code)]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });

  it('ends the login token after five minutes, after use, and after five wrong codes', async () => {
    const { key } = await setUp(anna);
    const late = await twoFactor.startLogin(anna.id);
    now += LOGIN_TOKEN_MS;
    expect(await refusal(twoFactor.finishLogin(late.token, codeAt(key, stepAt(now))), TwoFactorError)).toBe('invalid_login_token');

    const used = await twoFactor.startLogin(anna.id);
    await twoFactor.finishLogin(used.token, codeAt(key, stepAt(now)));
    now += STEP_MS;
    expect(await refusal(twoFactor.finishLogin(used.token, codeAt(key, stepAt(now))), TwoFactorError)).toBe('invalid_login_token');

    const guessed = await twoFactor.startLogin(anna.id);
    for (let i = 0; i < LOGIN_TOKEN_TRIES; i++) expect(await refusal(twoFactor.finishLogin(guessed.token, '000000'), TwoFactorError)).toBe('invalid_code');
    expect(await refusal(twoFactor.finishLogin(guessed.token, codeAt(key, stepAt(now))), TwoFactorError)).toBe('invalid_login_token');
  });

  it('takes each recovery code once, typed forgivingly', async () => {
    const { recoveryCodes } = await setUp(anna);
    const login = await twoFactor.startLogin(anna.id);
    expect((await twoFactor.finishLogin(login.token, recoveryCodes[3].toUpperCase().replace('-', ' '))).id).toBe(anna.id);
    const again = await twoFactor.startLogin(anna.id);
    expect(await refusal(twoFactor.finishLogin(again.token, recoveryCodes[3]), TwoFactorError)).toBe('invalid_code');
    expect((await twoFactor.status(anna.id)).recoveryCodesLeft).toBe(RECOVERY_CODE_COUNT - 1);
    // Another person's recovery code is no code for Anna.
    const { recoveryCodes: admins } = await setUp(admin);
    expect(await refusal(twoFactor.finishLogin(again.token, admins[0]), TwoFactorError)).toBe('invalid_code');
  });
});

describe('turning it off', () => {
  it('takes a code, and is refused to the roles that require it', async () => {
    const { key } = await setUp(anna);
    expect(await refusal(twoFactor.disable(anna, '123'), TwoFactorError)).toBe('invalid_code');
    now += STEP_MS;
    await twoFactor.disable(anna, codeAt(key, stepAt(now)));
    expect(await twoFactor.status(anna.id)).toEqual({ enabled: false, recoveryCodesLeft: 0 });
    const { key: adminKey } = await setUp(admin);
    now += STEP_MS;
    expect(await refusal(twoFactor.disable(admin, codeAt(adminKey, stepAt(now))), TwoFactorError)).toBe('forbidden');
  });
});

describe('the secret box', () => {
  it('opens what it sealed, and nothing changed or sealed with another key', () => {
    const box = new SecretBox(randomBytes(32));
    const sealed = box.seal(new Uint8Array([1, 2, 3]));
    expect([...box.open(sealed)]).toEqual([1, 2, 3]);
    expect(() => new SecretBox(randomBytes(32)).open(sealed)).toThrow();
    const parts = sealed.split('.');
    parts[3] = parts[3].startsWith('A') ? `B${parts[3].slice(1)}` : `A${parts[3].slice(1)}`;
    expect(() => box.open(parts.join('.'))).toThrow();
  });

  it('refuses to start a real organisation without SECRETS_KEY, and keeps a demo key in the data folder', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'kring-box-'));
    try {
      expect(() => secretBoxFor({ demo: false, dataDir })).toThrow(/SECRETS_KEY is not set/);
      expect(() => secretBoxFor({ secretsKey: 'short', demo: false, dataDir })).toThrow(/SECRETS_KEY must be/);
      const sealed = secretBoxFor({ demo: true, dataDir }).seal(new Uint8Array([7]));
      expect([...secretBoxFor({ demo: true, dataDir }).open(sealed)]).toEqual([7]);
      expect(readFileSync(join(dataDir, 'secrets.key'), 'utf8')).toMatch(/^[0-9a-f]{64}$/);
      const key = randomBytes(32).toString('hex');
      expect([...secretBoxFor({ secretsKey: key, demo: false, dataDir }).open(secretBoxFor({ secretsKey: key, demo: false, dataDir }).seal(new Uint8Array([9])))]).toEqual([9]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
