import { describe, expect, it } from 'vitest';
import {
  ActivityChanges,
  AuditQuery,
  ChangesQuery,
  FeatureSwitches,
  InviteAcceptance,
  NewActivity,
  NewInvite,
  NewSpace,
  PersonChanges,
  SignupRequest,
  SubmissionDecision,
  isLoginName,
  parse,
  urlOf,
  ENDPOINTS,
} from './index.ts';

const activity = { spaceId: 'plein', title: ' Wandelen ', startsAt: '2026-12-02T10:00:00+01:00', capacity: 8 };

describe('NewActivity', () => {
  it('reads a full activity with ISO dates as milliseconds, trimmed, with defaults', () => {
    expect(parse(NewActivity, activity)).toEqual({
      ok: true,
      value: { spaceId: 'plein', title: 'Wandelen', description: '', place: '', startsAt: Date.parse('2026-12-02T09:00:00Z'), endsAt: null, capacity: 8 },
    });
  });

  it.each([
    [{ ...activity, title: undefined }, 'title'],
    [{ ...activity, title: '   ' }, 'title'],
    [{ ...activity, title: 'x'.repeat(201) }, 'title'],
    [{ ...activity, title: 42 }, 'title'],
    [{ ...activity, startsAt: '2026-12-02 10:00' }, 'startsAt'],
    [{ ...activity, startsAt: '2026-12-02T10:00:00' }, 'startsAt'],
    [{ ...activity, startsAt: '2026-13-45T10:00:00Z' }, 'startsAt'],
    [{ ...activity, startsAt: 1764666000000 }, 'startsAt'],
    [{ ...activity, capacity: 0 }, 'capacity'],
    [{ ...activity, capacity: 2.5 }, 'capacity'],
    [{ ...activity, capacity: '8' }, 'capacity'],
    [{ ...activity, capacity: 10_001 }, 'capacity'],
    [{ ...activity, description: 'x'.repeat(4001) }, 'description'],
    [{ ...activity, endsAt: '2026-12-02T09:00:00+01:00' }, 'endsAt'],
    ['not an object', 'object'],
    [null, 'object'],
    [[activity], 'spaceId'],
  ])('refuses %j (%s)', (body, word) => {
    const parsed = parse(NewActivity, body);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message.toLowerCase()).toContain(word.toLowerCase());
  });

  it('drops fields it does not know, so they never reach the domain', () => {
    const parsed = parse(NewActivity, { ...activity, id: 'chosen', createdBy: 'someone-else', __proto__: { admin: true } });
    expect(parsed.ok && Object.keys(parsed.value).sort()).toEqual(['capacity', 'description', 'endsAt', 'place', 'spaceId', 'startsAt', 'title']);
  });
});

describe('ActivityChanges', () => {
  it('reads only the given fields of an edit', () => {
    expect(parse(ActivityChanges, { capacity: 5 })).toEqual({ ok: true, value: { capacity: 5 } });
    expect(parse(ActivityChanges, { endsAt: null, cancelled: true })).toEqual({ ok: true, value: { endsAt: null, cancelled: true } });
  });

  it('refuses cancelled: false and an end before the start', () => {
    expect(parse(ActivityChanges, { cancelled: false }).ok).toBe(false);
    expect(parse(ActivityChanges, { startsAt: '2026-12-02T10:00:00Z', endsAt: '2026-12-02T10:00:00Z' }).ok).toBe(false);
  });
});

describe('SignupRequest', () => {
  it.each([undefined, null, {}, { requestId: 'short' }, { requestId: 'x'.repeat(65) }, { requestId: 'with space 123' }, { requestId: 12345678 }])('refuses %j', (body) => {
    expect(parse(SignupRequest, body).ok).toBe(false);
  });
  it('takes a UUID', () => {
    expect(parse(SignupRequest, { requestId: crypto.randomUUID() }).ok).toBe(true);
  });
});

describe('administration', () => {
  it('reads a person change and refuses bad fields', () => {
    expect(parse(PersonChanges, { name: ' Anna ', role: 'editor', active: false })).toEqual({ ok: true, value: { name: 'Anna', role: 'editor', active: false } });
    for (const bad of [{ name: '' }, { name: 'x'.repeat(101) }, { role: 'root' }, { active: 'false' }, null]) expect(parse(PersonChanges, bad).ok, JSON.stringify(bad)).toBe(false);
  });

  it('reads a new space, the id optional but well-formed', () => {
    expect(parse(NewSpace, { name: 'Buurtteam Oost', kind: 'team' })).toEqual({ ok: true, value: { name: 'Buurtteam Oost', kind: 'team' } });
    for (const bad of [{ name: 'x', kind: 'castle' }, { name: 'x', kind: 'team', id: 'a/b' }, { name: 'x', kind: 'team', id: 'x'.repeat(65) }, { kind: 'team' }]) {
      expect(parse(NewSpace, bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads an invite with its defaults and refuses a space listed twice, bad hours, a long note and a missing or malformed login name', () => {
    expect(parse(NewInvite, { role: 'client', loginName: 'oma-truus' })).toEqual({ ok: true, value: { role: 'client', loginName: 'oma-truus', spaces: [], expiresInHours: 168, note: null } });
    for (const loginName of [undefined, '', 'a b', 'ab', 'x'.repeat(300), 42]) expect(parse(NewInvite, { role: 'client', loginName }).ok, String(loginName)).toBe(false);
    const twice = [
      { spaceId: 'plein', role: 'member' },
      { spaceId: 'plein', role: 'reader' },
    ];
    for (const bad of [{ spaces: twice }, { expiresInHours: 0 }, { expiresInHours: 721 }, { note: 'x'.repeat(201) }, { spaces: [{ spaceId: 'plein', role: 'boss' }] }, { spaces: 'plein' }].map((fields) => ({ role: 'client', loginName: 'oma-truus', ...fields }))) {
      expect(parse(NewInvite, bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('reads the audit query from strings', () => {
    expect(parse(AuditQuery, {})).toEqual({ ok: true, value: { limit: 100 } });
    expect(parse(AuditQuery, { limit: '5', before: '40' })).toEqual({ ok: true, value: { limit: 5, before: 40 } });
    for (const bad of [{ limit: '0' }, { limit: '501' }, { limit: '2.5' }, { limit: 'ten' }, { before: 'x' }]) expect(parse(AuditQuery, bad).ok, JSON.stringify(bad)).toBe(false);
  });
});

describe('features, invites, editorial, sync', () => {
  it('switches only known features, with booleans', () => {
    expect(parse(FeatureSwitches, { features: { chat: false } })).toEqual({ ok: true, value: { features: { chat: false } } });
    for (const bad of [{ features: { games: true } }, { features: { chat: 'off' } }, { features: null }, {}]) expect(parse(FeatureSwitches, bad).ok, JSON.stringify(bad)).toBe(false);
  });

  it('accepts an invite with a login name and a long enough password', () => {
    expect(parse(InviteAcceptance, { name: ' Henk ', email: 'henk_1948', password: 'geheim123' })).toEqual({ ok: true, value: { name: 'Henk', email: 'henk_1948', password: 'geheim123' } });
    for (const bad of [{ name: 'Henk', email: 'a b', password: 'geheim123' }, { name: 'Henk', email: 'henk', password: 'kort' }, { name: '', email: 'henk', password: 'geheim123' }, { name: 'Henk', email: 'henk', password: 'x'.repeat(1025) }]) {
      expect(parse(InviteAcceptance, bad).ok, JSON.stringify(bad)).toBe(false);
    }
  });

  it('knows login names', () => {
    for (const ok of ['anna@kring.test', 'Mevrouw.Jansen', 'henk_1948', 'oma-truus']) expect(isLoginName(ok), ok).toBe(true);
    for (const bad of ['', 'ab', 'a b', 'anna@', '@kring.test', 'anna@kring', '-henk', 'x'.repeat(65), 42, null]) expect(isLoginName(bad), String(bad)).toBe(false);
  });

  it('reads a decision: no body is an empty one, dates become milliseconds', () => {
    expect(parse(SubmissionDecision, undefined)).toEqual({ ok: true, value: { comment: '', publishAt: null, unpublishAt: null, reviewed: null } });
    expect(parse(SubmissionDecision, { comment: ' ok ', publishAt: '2026-12-01T10:00:00Z' })).toEqual({ ok: true, value: { comment: 'ok', publishAt: Date.parse('2026-12-01T10:00:00Z'), unpublishAt: null, reviewed: null } });
    for (const bad of [{ comment: 'x'.repeat(4001) }, { publishAt: 'tomorrow' }, { comment: 7 }, 'publish', { reviewed: 7 }, { reviewed: 'A'.repeat(256 * 1024 + 1) }]) expect(parse(SubmissionDecision, bad).ok, JSON.stringify(bad)).toBe(false);
  });

  it('reads a sync cursor', () => {
    expect(parse(ChangesQuery, {})).toEqual({ ok: true, value: { since: 0 } });
    for (const bad of [{ since: '-1' }, { since: '1.5' }, { since: 'x' }, { since: '99999999999999999999' }]) expect(parse(ChangesQuery, bad).ok, JSON.stringify(bad)).toBe(false);
  });
});

describe('urlOf', () => {
  it('fills in and encodes the parts of a path, and adds the query', () => {
    expect(urlOf(ENDPOINTS.signUp, { id: 'a/b' })).toBe('/api/activities/a%2Fb/signup');
    expect(urlOf(ENDPOINTS.activities, {}, { spaceId: 'plein', from: undefined })).toBe('/api/activities?spaceId=plein');
    expect(() => urlOf(ENDPOINTS.activity)).toThrow(TypeError);
  });
});
