import { beforeEach, describe, expect, it } from 'vitest';
import type { Accounts, User } from '../accounts/accounts.ts';
import { Sessions } from '../sessions/sessions.ts';
import { refusal, testOrganisation } from '../testing.ts';
import { AccountError, OwnAccount, describeDevice } from './own-account.ts';

const ANDROID_CHROME = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';
const WINDOWS_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';

let accounts: Accounts;
let sessions: Sessions;
let own: OwnAccount;
let anna: User;
let bram: User;

beforeEach(async () => {
  let db;
  ({ db, accounts } = await testOrganisation());
  sessions = new Sessions(db);
  own = new OwnAccount(accounts, sessions);
  anna = await accounts.createUser({ organisationId: 'org', email: 'anna@zorg.test', name: 'Anna de Vries', password: 'oud-wachtwoord', role: 'employee' });
  bram = await accounts.createUser({ organisationId: 'org', email: 'bram@zorg.test', name: 'Bram', password: 'oud-wachtwoord', role: 'employee' });
});

describe('describeDevice', () => {
  it('names the browser, system and kind of device', () => {
    expect(describeDevice(ANDROID_CHROME)).toEqual({ browser: 'Chrome 156', os: 'Android 14', kind: 'mobile' });
    expect(describeDevice(WINDOWS_FIREFOX)).toEqual({ browser: 'Firefox 140', os: 'Windows 10', kind: 'desktop' });
    expect(describeDevice(null)).toEqual({ browser: null, os: null, kind: null });
    expect(describeDevice('curl/8.0')).toMatchObject({ os: null });
  });
});

describe('where am I signed in', () => {
  it("lists the person's own sessions only, this one first", async () => {
    const phone = await sessions.create(anna.id, { userAgent: ANDROID_CHROME });
    const laptop = await sessions.create(anna.id, { userAgent: WINDOWS_FIREFOX });
    await sessions.create(bram.id, { userAgent: WINDOWS_FIREFOX });
    const list = await own.sessions(anna, laptop.sessionId);
    expect(list.map((s) => [s.id, s.current, s.browser])).toEqual([
      [laptop.sessionId, true, 'Firefox 140'],
      [phone.sessionId, false, 'Chrome 156'],
    ]);
  });

  it("ends one of the person's sessions, never another person's, and not the asking one", async () => {
    const phone = await sessions.create(anna.id);
    const laptop = await sessions.create(anna.id);
    const brams = await sessions.create(bram.id);
    const ended: string[][] = [];
    sessions.onEnd((ids) => void ended.push(ids));
    expect(await refusal(own.endSession(anna, laptop.sessionId, brams.sessionId), AccountError)).toBe('not_found');
    expect(await refusal(own.endSession(anna, laptop.sessionId, laptop.sessionId), AccountError)).toBe('self');
    await own.endSession(anna, laptop.sessionId, phone.sessionId);
    expect(ended).toEqual([[phone.sessionId]]);
    expect((await sessions.list(anna.id)).map((s) => s.id)).toEqual([laptop.sessionId]);
    expect(await sessions.list(bram.id)).toHaveLength(1);
  });

  it('ends all other sessions of the person', async () => {
    await sessions.create(anna.id);
    await sessions.create(anna.id);
    const laptop = await sessions.create(anna.id);
    await sessions.create(bram.id);
    expect(await own.endOtherSessions(anna, laptop.sessionId)).toBe(2);
    expect((await sessions.list(anna.id)).map((s) => s.id)).toEqual([laptop.sessionId]);
    expect(await sessions.list(bram.id)).toHaveLength(1);
  });
});

describe('changing the password', () => {
  it('needs the current password, refuses a weak new one, and ends the other sessions', async () => {
    await sessions.create(anna.id);
    const laptop = await sessions.create(anna.id);
    expect(await refusal(own.changePassword(anna, laptop.sessionId, 'fout', 'paard batterij nietje juist'), AccountError)).toBe('wrong_password');
    expect(await refusal(own.changePassword(anna, laptop.sessionId, 'oud-wachtwoord', 'kort'), AccountError)).toBe('password_too_short');
    expect(await sessions.list(anna.id)).toHaveLength(2);
    expect(await own.changePassword(anna, laptop.sessionId, 'oud-wachtwoord', 'paard batterij nietje juist')).toBe(1);
    expect(await accounts.verifyPassword('anna@zorg.test', 'paard batterij nietje juist')).not.toBeNull();
    expect((await sessions.list(anna.id)).map((s) => s.id)).toEqual([laptop.sessionId]);
    expect((await accounts.auditLog({ limit: 1 }))[0]).toMatchObject({ action: 'password.changed', userId: anna.id });
  });
});
