/**
 * The morning round over the wire (issue 17 item 1): a server whose round looks every 0.3 s from hour 0, so the
 * test need not wait for seven in the morning. A task due today tells the people on it who may read the board, once,
 * and not when it is due tomorrow or already finished; an activity within a day tells those signed up with a place,
 * not one in three days nor a cancelled one; a protocol whose review date has come tells its owner and approver.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { addDays, amsterdamDate, type Notification, type NotificationPage } from '../../packages/contract/src/index.ts';
import { addAssignee, addCard, addColumn } from '../../packages/shapes/src/index.ts';
import { useClients } from '../support/clients.ts';
import { waitForSaved } from '../support/providers.ts';
import { me, useKring, useSessions } from '../support/server.ts';
import { waitFor } from '../support/wait.ts';
import { api } from './admin-support.ts';

const ROUND_MS = 300;
const TITLES = new Set(['Koffieochtend', 'Wandelen in de duinen', 'Bingo']);

describe('the morning round', () => {
  const kring = useKring({ env: { REMINDER_HOUR: '0', REMINDER_CHECK_SECONDS: String(ROUND_MS / 1000) } });
  const sessions = useSessions(kring, ['anna', 'bram', 'daan', 'admin']);
  const { open } = useClients(kring);
  const ids = { anna: '', bram: '', daan: '' };
  beforeAll(async () => {
    for (const name of ['anna', 'bram', 'daan'] as const) ids[name] = (await me(kring.url, sessions[name])).user.id;
    expect((await api(kring.url, sessions.admin, 'PUT', `/api/admin/spaces/noord/members/${ids.bram}`, { role: 'member' })).status).toBe(200);
  });

  /** The person's notifications of this kind about what this test made (the demo has tasks and activities of its own). */
  const inbox = async (cookie: string, kind: Notification['kind'], about = (notification: Notification) => notification.link?.includes('/ochtend/') || notification.link?.includes('/middag/') || TITLES.has(notification.excerpt)) => {
    const response = await api<NotificationPage>(kring.url, cookie, 'GET', '/api/notifications');
    expect(response.status).toBe(200);
    return response.body.notifications.filter((notification) => notification.kind === kind && about(notification));
  };
  /** A few rounds, so what was not told is not merely late. */
  const rounds = () => new Promise((resolve) => setTimeout(resolve, 4 * ROUND_MS));

  it('tells the people on a task due today, once, and not of one due tomorrow, a finished one, or to someone who cannot read the board', async () => {
    const today = amsterdamDate(Date.now());
    const board = await open('noord/board/ochtend', sessions.anna);
    const doing = addColumn(board.doc, 'Te doen');
    const done = addColumn(board.doc, 'Klaar', undefined, { done: true });
    const due = addCard(board.doc, doing, { title: 'Medicatie mevrouw Smit ophalen', due: today });
    addAssignee(board.doc, due, { id: ids.anna, name: 'Anna de Vries' }, ids.anna);
    addAssignee(board.doc, due, { id: ids.bram, name: 'Bram Jansen' }, ids.anna);
    // Daan is a client: he never reads a team's board, whatever a card says.
    addAssignee(board.doc, due, { id: ids.daan, name: 'Daan Bakker' }, ids.anna);
    const tomorrow = addCard(board.doc, doing, { title: 'Rolstoel terugbrengen', due: addDays(today, 1) });
    addAssignee(board.doc, tomorrow, { id: ids.anna, name: 'Anna de Vries' }, ids.anna);
    const finished = addCard(board.doc, done, { title: 'Sleutelkastje gevuld', due: today });
    addAssignee(board.doc, finished, { id: ids.anna, name: 'Anna de Vries' }, ids.anna);
    await waitForSaved(board);

    await waitFor(async () => (await inbox(sessions.anna, 'task-due')).length > 0 && (await inbox(sessions.bram, 'task-due')).length > 0, 'the task due today told');
    // The board changes again the same day, so the round reads it again: the task is not told twice.
    addCard(board.doc, doing, { title: 'Notitie zonder datum' });
    await waitForSaved(board);
    await rounds();
    for (const cookie of [sessions.anna, sessions.bram]) {
      const told = await inbox(cookie, 'task-due');
      expect(told).toEqual([expect.objectContaining({ excerpt: 'Medicatie mevrouw Smit ophalen', link: `/spaces/noord/boards/ochtend/${due}`, spaceId: 'noord', actorName: null, read: false })]);
    }
    expect(await inbox(sessions.daan, 'task-due')).toEqual([]);
  });

  it('tells of a task given today as its due date later in the day', async () => {
    const today = amsterdamDate(Date.now());
    const board = await open('noord/board/middag', sessions.anna);
    const card = addCard(board.doc, addColumn(board.doc, 'Te doen'), { title: 'Huisarts terugbellen', due: today });
    addAssignee(board.doc, card, { id: ids.bram, name: 'Bram Jansen' }, ids.anna);
    await waitForSaved(board);
    await waitFor(async () => (await inbox(sessions.bram, 'task-due')).some((notification) => notification.excerpt === 'Huisarts terugbellen'), 'the later task told');
  });

  it("tells a protocol's owner and approver when its review date has come, once, and not before", async () => {
    const today = amsterdamDate(Date.now());
    const control = (name: string, body: object) => api(kring.url, sessions.anna, 'PUT', '/api/documents/control', { name, ...body });
    expect((await control('noord/page/valpreventie', { ownerId: ids.anna, approverId: ids.bram, reviewOn: today })).status).toBe(200);
    expect((await control('noord/page/wondzorg', { ownerId: ids.anna, reviewOn: addDays(today, 1) })).status).toBe(200);
    const reviews = (cookie: string) => inbox(cookie, 'protocol-review-due', () => true);
    await waitFor(async () => (await reviews(sessions.anna)).length > 0 && (await reviews(sessions.bram)).length > 0, 'the review told');
    await rounds();
    for (const cookie of [sessions.anna, sessions.bram]) {
      expect(await reviews(cookie)).toEqual([expect.objectContaining({ excerpt: 'Valpreventie bij cliënten thuis', link: '/spaces/noord/pages/valpreventie', actorName: null })]);
    }
    // Daan neither owns nor approves it (and cannot read a team's page).
    expect(await reviews(sessions.daan)).toEqual([]);
  });

  it('tells those signed up for an activity within a day, not for one in three days nor for a cancelled one', async () => {
    const plan = async (title: string, hoursAhead: number) => {
      const made = await api<{ activity: { id: string } }>(kring.url, sessions.anna, 'POST', '/api/activities', {
        spaceId: 'clientenplein',
        title,
        startsAt: new Date(Date.now() + hoursAhead * 3600_000).toISOString(),
        place: 'Buurthuis De Kring',
        capacity: 10,
      });
      expect(made.status).toBe(201);
      const id = made.body.activity.id;
      expect((await api(kring.url, sessions.daan, 'POST', `/api/activities/${id}/signup`, { requestId: `round-${id}` })).status).toBe(201);
      return id;
    };
    const soon = await plan('Koffieochtend', 2);
    await plan('Wandelen in de duinen', 72);
    const calledOff = await plan('Bingo', 3);
    expect((await api(kring.url, sessions.anna, 'PATCH', `/api/activities/${calledOff}`, { cancelled: true })).status).toBe(200);

    await waitFor(async () => (await inbox(sessions.daan, 'activity-reminder')).length > 0, 'the activity soon told');
    await rounds();
    expect(await inbox(sessions.daan, 'activity-reminder')).toEqual([
      expect.objectContaining({ excerpt: 'Koffieochtend', link: `/spaces/clientenplein/activities/${soon}`, spaceId: 'clientenplein', spaceName: 'Cliëntenplein' }),
    ]);
    // Anna planned it and did not sign up.
    expect(await inbox(sessions.anna, 'activity-reminder')).toEqual([]);
  });
});
