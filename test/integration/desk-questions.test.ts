/**
 * Questions to a desk over HTTP: anyone asks, the question gets a number and a status, the desk's staff reply,
 * assign and use saved answers from their queue, the asker sees the thread and is notified. A question sent twice
 * from the outbox is one question. Each rule is attacked from other people's valid sessions: an asker sees only
 * their own questions, staff of one desk never see another desk's queue, only staff change status or assign, and
 * a knowledge item shows no asker's name.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DeskOverview, DeskQueue, QuestionList, QuestionThread } from '@kring/contract';
import { useKring, useSessions } from '../support/server.ts';
import { api, invitePerson, type Invited } from './admin-support.ts';

const SUPPORT = 'ondersteuning';
const IT = 'it';
let counter = 0;
const newId = () => `vraag-${Date.now().toString(36)}-${++counter}`;

describe('questions to a desk', () => {
  const kring = useKring();
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'eva', 'admin']);
  let guest: Invited;

  const ask = (cookie: string, body: Record<string, unknown>) => api<QuestionThread>(kring.url, cookie, 'POST', '/api/desk/questions', body);
  const thread = (cookie: string, id: string) => api<QuestionThread>(kring.url, cookie, 'GET', `/api/desk/questions/${id}`);
  const reply = (cookie: string, id: string, body: Record<string, unknown>) => api<QuestionThread>(kring.url, cookie, 'POST', `/api/desk/questions/${id}/messages`, body);
  const change = (cookie: string, id: string, body: Record<string, unknown>) => api<QuestionThread>(kring.url, cookie, 'PATCH', `/api/desk/questions/${id}`, body);
  const queue = (cookie: string, deskId: string) => api<DeskQueue>(kring.url, cookie, 'GET', `/api/desk/desks/${deskId}/queue`);
  const question = (id = newId()) => ({ id, deskId: SUPPORT, subject: 'Declaratie reiskosten', body: 'Waar lever ik mijn declaratie voor reiskosten in?', category: 'finance' });

  beforeAll(async () => {
    guest = await invitePerson(kring.url, sessions.admin, 'guest', [{ spaceId: 'noord', role: 'member' }], 'Gijs Gast');
  });

  it('lists the desks, saying where the person works', async () => {
    const overview = await api<DeskOverview>(kring.url, sessions.bram, 'GET', '/api/desk');
    expect(overview.status).toBe(200);
    expect(overview.body.desks.map((desk) => [desk.name, desk.isStaff])).toEqual([
      ['Bureau Ondersteuning', true],
      ['IT-servicedesk', false],
    ]);
  });

  it('a question gets the next number and status new; the desk replies, the asker sees the thread and is notified', async () => {
    const asked = await ask(sessions.anna, question());
    expect(asked.status).toBe(201);
    const id = asked.body.question.id;
    expect(asked.body.question).toMatchObject({ status: 'new', deskName: 'Bureau Ondersteuning', askerName: 'Anna de Vries', canHandle: false });
    expect(asked.body.question.number).toMatch(/^V-\d{4}$/);
    const next = await ask(sessions.daan, { ...question(), deskId: IT, subject: 'Wachtwoord vergeten' });
    expect(Number(next.body.question.number.slice(2))).toBe(Number(asked.body.question.number.slice(2)) + 1);

    const inQueue = await queue(sessions.bram, SUPPORT);
    expect(inQueue.status).toBe(200);
    const line = inQueue.body.questions.find((q) => q.id === id)!;
    expect(line).toMatchObject({ askerName: 'Anna de Vries', canHandle: true });
    expect(inQueue.body.savedAnswers.map((answer) => answer.title)).toContain('Declaraties');

    const saved = inQueue.body.savedAnswers.find((answer) => answer.title === 'Declaraties')!;
    const replied = await reply(sessions.bram, id, { body: saved.body });
    expect(replied.status).toBe(201);
    // Whoever replies first takes the question.
    expect(replied.body.question).toMatchObject({ status: 'answered', assignedName: 'Bram Jansen' });

    const seen = await thread(sessions.anna, id);
    expect(seen.body.messages).toEqual([expect.objectContaining({ authorName: 'Bram Jansen', fromStaff: true, body: saved.body })]);
    expect(seen.body.question.status).toBe('answered');
    const inbox = await api<{ notifications: { kind: string; link: string | null; actorName: string | null; excerpt: string }[] }>(kring.url, sessions.anna, 'GET', '/api/notifications');
    expect(inbox.body.notifications).toContainEqual(expect.objectContaining({ kind: 'desk-reply', link: `/desk/questions/${id}`, actorName: 'Bram Jansen', excerpt: 'Declaratie reiskosten' }));

    // The asker answers back: the question is in the queue again.
    const back = await reply(sessions.anna, id, { body: 'Dank u, en voor parkeerkosten?' });
    expect(back.body.question.status).toBe('in_progress');
    expect((await queue(sessions.bram, SUPPORT)).body.questions.map((q) => q.id)).toContain(id);
    // An answered question leaves the queue.
    await reply(sessions.bram, id, { body: 'Die ook via het formulier.', status: 'answered' });
    expect((await queue(sessions.bram, SUPPORT)).body.questions.map((q) => q.id)).not.toContain(id);
  });

  it('a question sent again with the same id (the outbox after a lost answer) is one question', async () => {
    const body = question();
    const first = await ask(sessions.anna, body);
    const again = await ask(sessions.anna, body);
    expect([first.status, again.status]).toEqual([201, 200]);
    expect(again.body.question).toMatchObject({ id: first.body.question.id, number: first.body.question.number });
    // Both at once, too.
    const racing = question();
    const answers = await Promise.all([ask(sessions.anna, racing), ask(sessions.anna, racing)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    const mine = await api<QuestionList>(kring.url, sessions.anna, 'GET', '/api/desk/questions');
    expect(mine.body.questions.filter((q) => q.id === body.id || q.id === racing.id)).toHaveLength(2);
    // Someone else cannot take over the id.
    expect((await ask(sessions.daan, body)).status).toBe(409);
  });

  it('an asker sees only their own questions; a client, a guest and another desk’s staff get 404', async () => {
    const { id } = (await ask(sessions.anna, question())).body.question;
    for (const cookie of [sessions.daan, guest.cookie, sessions.eva, sessions.admin]) {
      expect((await thread(cookie, id)).status).toBe(404);
      expect((await reply(cookie, id, { body: 'Ik kijk mee' })).status).toBe(404);
      expect((await change(cookie, id, { status: 'closed' })).status).toBe(404);
      const list = await api<QuestionList>(kring.url, cookie, 'GET', '/api/desk/questions');
      expect(list.body.questions.map((q) => q.id)).not.toContain(id);
    }
    expect((await api(kring.url, '', 'GET', `/api/desk/questions/${id}`)).status).toBe(401);
  });

  it('staff of one desk do not see another desk’s queue; nobody else sees a queue', async () => {
    // The administrator works at the IT desk, not at the support office.
    expect((await queue(sessions.admin, IT)).status).toBe(200);
    for (const cookie of [sessions.admin, sessions.anna, sessions.daan, guest.cookie, sessions.eva]) {
      expect((await queue(cookie, SUPPORT)).status).toBe(404);
      expect((await api(kring.url, cookie, 'GET', `/api/desk/desks/${SUPPORT}/orders`)).status).toBe(404);
      expect((await api(kring.url, cookie, 'POST', `/api/desk/desks/${SUPPORT}/saved-answers`, { title: 'Gekaapt', body: 'x' })).status).toBe(404);
    }
    expect((await queue(sessions.bram, IT)).status).toBe(404);
    expect((await queue(sessions.bram, 'bestaat-niet')).status).toBe(404);
  });

  it('only the desk’s staff change status, assign or make a knowledge item; the asker may close', async () => {
    const { id } = (await ask(sessions.anna, question())).body.question;
    expect((await change(sessions.anna, id, { status: 'answered' })).status).toBe(403);
    expect((await change(sessions.anna, id, { assignedTo: (await me(sessions.anna)).id })).status).toBe(403);
    expect((await change(sessions.anna, id, { public: true })).status).toBe(403);
    expect((await reply(sessions.anna, id, { body: 'Klaar', status: 'closed' })).status).toBe(403);
    // Assign only among the desk's staff.
    expect((await change(sessions.bram, id, { assignedTo: (await me(sessions.anna)).id })).status).toBe(400);
    const assigned = await change(sessions.bram, id, { assignedTo: (await me(sessions.bram)).id, status: 'in_progress' });
    expect(assigned.body.question).toMatchObject({ assignedName: 'Bram Jansen', status: 'in_progress' });
    expect((await change(sessions.anna, id, { status: 'closed' })).body.question.status).toBe('closed');
  });

  it('a knowledge item is readable by the organisation’s staff without the asker’s name, and by no client or guest', async () => {
    const { id } = (await ask(sessions.anna, { ...question(), subject: 'Hoe vraag ik verlof aan?' })).body.question;
    await reply(sessions.anna, id, { body: 'Ik heb het nummer van mijn leidinggevende niet.' });
    await reply(sessions.bram, id, { body: 'Verlof vraagt u aan in het roosterprogramma.' });
    expect((await thread(sessions.eva, id)).status).toBe(404);
    expect((await change(sessions.bram, id, { public: true })).body.question.public).toBe(true);

    const read = await thread(sessions.eva, id);
    expect(read.status).toBe(200);
    expect(read.body.question).toMatchObject({ askerName: null, assignedName: null, canHandle: false });
    // Only the desk's reply, and no name at all.
    expect(read.body.messages).toEqual([expect.objectContaining({ authorName: null, body: 'Verlof vraagt u aan in het roosterprogramma.' })]);
    expect(JSON.stringify(read.body)).not.toContain('Anna');
    const knowledge = await api<QuestionList>(kring.url, sessions.eva, 'GET', '/api/desk/knowledge');
    expect(knowledge.body.questions.map((q) => q.id)).toContain(id);
    expect(JSON.stringify(knowledge.body)).not.toContain('Anna');
    // A reader neither writes in it nor changes it.
    expect((await reply(sessions.eva, id, { body: 'Handig!' })).status).toBe(403);
    expect((await change(sessions.eva, id, { status: 'closed' })).status).toBe(403);
    for (const cookie of [sessions.daan, guest.cookie]) {
      expect((await thread(cookie, id)).status).toBe(404);
      expect((await api(kring.url, cookie, 'GET', '/api/desk/knowledge')).status).toBe(403);
    }
  });

  it('refuses hostile input: unknown desks, fields too long, bad ids and categories, and too many questions in an hour', async () => {
    expect((await ask(sessions.anna, { ...question(), deskId: 'bestaat-niet' })).status).toBe(404);
    expect((await ask(sessions.anna, { ...question(), subject: 'x'.repeat(201) })).status).toBe(400);
    expect((await ask(sessions.anna, { ...question(), subject: '   ' })).status).toBe(400);
    expect((await ask(sessions.anna, { ...question(), id: 'kort' })).status).toBe(400);
    expect((await ask(sessions.anna, { ...question(), id: '../../etc/passwd' })).status).toBe(400);
    expect((await ask(sessions.anna, { ...question(), category: 'geheim' })).status).toBe(400);
    expect((await ask(sessions.anna, { ...question(), body: 'x'.repeat(20_000) })).status).toBe(400);
    expect((await ask(sessions.anna, [1, 2, 3] as unknown as Record<string, unknown>)).status).toBe(400);

    const busy = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Veel Vragen');
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push((await ask(busy.cookie, question())).status);
    expect(answers.slice(0, 20).every((status) => status === 201)).toBe(true);
    expect(answers[20]).toBe(429);
  });

  it('only administrators set a desk’s staff, and only with staff of the organisation', async () => {
    const path = `/api/desk/desks/${IT}/staff`;
    const bramId = (await me(sessions.bram)).id;
    const adminId = (await me(sessions.admin)).id;
    for (const cookie of [sessions.bram, sessions.anna, sessions.daan, guest.cookie]) {
      expect((await api(kring.url, cookie, 'PUT', path, { userIds: [bramId] })).status).toBe(403);
      expect((await api(kring.url, cookie, 'GET', path)).status).toBe(403);
    }
    expect((await api(kring.url, sessions.admin, 'PUT', path, { userIds: [(await me(sessions.daan)).id] })).status).toBe(400);
    expect((await api(kring.url, sessions.admin, 'PUT', path, { userIds: [adminId, bramId] })).status).toBe(200);
    expect((await queue(sessions.bram, IT)).status).toBe(200);
    // The administrator reads the staff back (the screen Beheer · Balies).
    expect((await api<{ staff: { id: string }[] }>(kring.url, sessions.admin, 'GET', path)).body.staff.map((member) => member.id).sort()).toEqual([adminId, bramId].sort());
    expect((await api(kring.url, sessions.admin, 'GET', '/api/desk/desks/bestaat-niet/staff')).status).toBe(404);
    expect((await api(kring.url, sessions.admin, 'PUT', path, { userIds: [adminId] })).status).toBe(200);
    expect((await queue(sessions.bram, IT)).status).toBe(404);
  });

  it('erasing a person deletes their questions with the threads; their replies stay without their name', async () => {
    const asker = await invitePerson(kring.url, sessions.admin, 'employee', [{ spaceId: 'noord', role: 'member' }], 'Weg Te Halen');
    const { id } = (await ask(asker.cookie, { ...question(), subject: 'Mijn persoonlijke vraag' })).body.question;
    await reply(sessions.bram, id, { body: 'Een antwoord aan de vrager.' });
    const officer = await invitePerson(kring.url, sessions.admin, 'privacy', [], 'Privacy Functionaris');
    const erased = await api(kring.url, officer.cookie, 'POST', '/api/privacy/erasures', { personId: asker.id });
    expect(erased.status).toBe(200);
    expect((await thread(sessions.bram, id)).status).toBe(404);
    expect(JSON.stringify((await queue(sessions.bram, SUPPORT)).body)).not.toContain('Mijn persoonlijke vraag');
  });

  const me = async (cookie: string) => (await api<{ user: { id: string } }>(kring.url, cookie, 'GET', '/api/me')).body.user;
});
