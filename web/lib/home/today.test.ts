import { describe, expect, it } from 'vitest';
import type { Activity, Notification } from '@kring/contract';
import type { PlacedCard, Post } from '@kring/shapes';
import { dayIn, dueDayIn, pickActivities, pickChangedSpaces, pickMentions, pickNews, pickTasks, type BoardCard } from './today.ts';

const ANNA = { id: 'anna', name: 'Anna de Vries' };
const SANNE = { id: 'sanne', name: 'Sanne Bos' };
// Monday 7 December 2026, 23:30 in Amsterdam (22:30 UTC): half an hour before midnight.
const LATE_EVENING = new Date('2026-12-07T22:30:00Z');
const scope = { userId: ANNA.id, spaceIds: new Set(['noord', 'clientenplein']), now: LATE_EVENING, timeZone: 'Europe/Amsterdam' };

function card(title: string, patch: Partial<PlacedCard> = {}, spaceId = 'noord'): BoardCard {
  return {
    spaceId,
    spaceName: spaceId,
    boardId: 'planning',
    boardTitle: 'Planning',
    card: { id: title, columnId: 'todo', columnTitle: 'Te doen', done: false, title, description: '', assignees: [{ ...ANNA, assignedBy: null }], due: null, labels: [], checklist: [], handovers: [], ...patch },
  };
}

const handedToAnna = { handovers: [{ from: SANNE, to: ANNA, note: 'Mevrouw Jansen wil om 8 uur.', at: '2026-12-07T15:00:00Z' }] };

describe('the day in Amsterdam', () => {
  it('reads the calendar day in Amsterdam, not in UTC', () => {
    expect(dayIn(LATE_EVENING, 'Europe/Amsterdam')).toBe('2026-12-07');
    // 23:30 UTC is already Tuesday in Amsterdam.
    expect(dayIn(new Date('2026-12-07T23:30:00Z'), 'Europe/Amsterdam')).toBe('2026-12-08');
    expect(dueDayIn('2026-12-07T23:15:00Z', 'Europe/Amsterdam')).toBe('2026-12-08');
    expect(dueDayIn('2026-12-09')).toBe('2026-12-09');
    expect(dueDayIn('gisteren')).toBeNull();
  });
});

describe('today’s tasks', () => {
  it('lists a card due today and leaves out tomorrow’s', () => {
    const picked = pickTasks([card('Vandaag', { due: '2026-12-07' }), card('Morgen', { due: '2026-12-08' })], scope);
    expect(picked.map((task) => [task.card.title, task.reason])).toEqual([['Vandaag', 'today']]);
  });

  it('counts a due time after midnight in Amsterdam as tomorrow, one before as today', () => {
    const picked = pickTasks([card('Na middernacht', { due: '2026-12-07T23:15:00Z' }), card('Voor middernacht', { due: '2026-12-07T22:45:00Z' })], scope);
    expect(picked.map((task) => task.card.title)).toEqual(['Voor middernacht']);
    // Ten minutes later it is Tuesday in Amsterdam: the card is today's, yesterday's is late.
    const tuesday = pickTasks([card('Na middernacht', { due: '2026-12-07T23:15:00Z' }), card('Gisteren', { due: '2026-12-07' })], { ...scope, now: new Date('2026-12-07T23:10:00Z') });
    expect(tuesday.map((task) => [task.card.title, task.reason])).toEqual([
      ['Gisteren', 'late'],
      ['Na middernacht', 'today'],
    ]);
  });

  it('lists a card a colleague handed to her, with who and the note, whatever its date', () => {
    const [task] = pickTasks([card('Overgedragen', { due: '2026-12-20', ...handedToAnna })], scope);
    expect(task?.reason).toBe('handed');
    expect(task?.handedBy).toEqual({ name: 'Sanne Bos', note: 'Mevrouw Jansen wil om 8 uur.' });
  });

  it('leaves out a card she handed on to someone else, and a finished one', () => {
    const handedOn = card('Doorgegeven', {
      due: '2026-12-07',
      assignees: [{ ...SANNE, assignedBy: ANNA.id }],
      handovers: [{ from: ANNA, to: SANNE, note: '', at: '2026-12-07T16:00:00Z' }],
    });
    const finished = card('Klaar', { due: '2026-12-07', done: true, columnTitle: 'Klaar' });
    expect(pickTasks([handedOn, finished], scope)).toEqual([]);
  });

  it('does not call a card she handed to herself handed over', () => {
    const self = card('Zelf', { handovers: [{ from: ANNA, to: ANNA, note: '', at: '2026-12-07T16:00:00Z' }] });
    expect(pickTasks([self], scope)).toEqual([]);
  });

  it('leaves out the boards of a space she left (still on the device)', () => {
    expect(pickTasks([card('Oude ruimte', { due: '2026-12-07', ...handedToAnna }, 'zuid')], scope)).toEqual([]);
  });

  it('puts late cards first, then today’s, then handed ones', () => {
    const picked = pickTasks([card('Overgedragen', handedToAnna), card('Vandaag', { due: '2026-12-07' }), card('Te laat', { due: '2026-12-01' })], scope);
    expect(picked.map((task) => task.reason)).toEqual(['late', 'today', 'handed']);
  });
});

function notification(patch: Partial<Notification>): Notification {
  return { id: 'n1', kind: 'mention', createdAt: '2026-12-07T09:00:00Z', read: false, count: 1, actorName: 'Sanne Bos', spaceId: 'noord', spaceName: 'Buurtteam Noord', excerpt: '', link: '/spaces/noord#post-1', ...patch };
}

describe('unread mentions', () => {
  it('keeps unread mentions, newest first, and nothing read, no other kind, nothing of a space she left', () => {
    const picked = pickMentions(
      [
        notification({ id: 'old' }),
        notification({ id: 'new', kind: 'chat-mention', createdAt: '2026-12-07T10:00:00Z' }),
        notification({ id: 'read', read: true }),
        notification({ id: 'reply', kind: 'reply' }),
        notification({ id: 'left', spaceId: 'zuid' }),
      ],
      scope,
    );
    expect(picked.map((n) => n.id)).toEqual(['new', 'old']);
  });
});

function post(id: string, createdAt: string, pictures: string[] = []): Post & { spaceId: string; feedId: string } {
  return { id, authorId: 'eva', authorName: 'Eva Visser', text: id, createdAt, editedAt: null, pinned: false, likedBy: [], likeCount: 0, commentCount: 0, mentions: [], poll: null, pictures, spaceId: 'nieuws', feedId: '2026-12' };
}

describe('the latest news', () => {
  it('shows the newest post of the last two weeks and the newest articles first', () => {
    const news = pickNews(
      [post('ouder', '2026-12-01T09:00:00Z', ['a.jpg']), post('nieuwste', '2026-12-06T09:00:00Z'), post('te-oud', '2026-11-01T09:00:00Z')],
      [1, 2, 3, 4].map((n) => ({ spaceId: 'nieuws', pageId: `p${n}`, title: `Artikel ${n}` })),
      LATE_EVENING,
    );
    expect(news.post?.id).toBe('nieuwste');
    expect(news.articles.map((a) => a.title)).toEqual(['Artikel 4', 'Artikel 3', 'Artikel 2']);
    expect(pickNews([post('te-oud', '2026-11-01T09:00:00Z')], [], LATE_EVENING).post).toBeNull();
  });
});

describe('new in my spaces', () => {
  const marks = new Map([
    ['noord/feed/2026-12', 12],
    ['noord/board/planning', 5],
    ['noord/page/valpreventie', 3],
    ['clientenplein/feed/2026-12', 7],
    ['zuid/feed/2026-12', 40],
  ]);

  it('counts per space the documents that changed since the last visit, not those new to the device', () => {
    const seen = { 'noord/feed/2026-12': 10, 'noord/board/planning': 4, 'noord/page/valpreventie': 3, 'zuid/feed/2026-12': 1 };
    expect([...pickChangedSpaces(marks, seen, scope.spaceIds)]).toEqual([['noord', 2]]);
  });

  it('says nothing on the first visit, and nothing when all was seen', () => {
    expect(pickChangedSpaces(marks, null, scope.spaceIds).size).toBe(0);
    expect(pickChangedSpaces(marks, Object.fromEntries(marks), scope.spaceIds).size).toBe(0);
  });
});

function activity(id: string, startsAt: string, patch: Partial<Activity> = {}): Activity {
  return { id, spaceId: 'clientenplein', title: id, description: '', startsAt, endsAt: null, place: '', capacity: 10, confirmed: 0, waiting: 0, placesLeft: 10, cancelledAt: null, me: null, canSignUp: true, canManage: false, ...patch };
}

describe('activities', () => {
  const list = [
    activity('morgen-vroeg', '2026-12-07T23:30:00Z'),
    activity('vanavond', '2026-12-07T18:00:00Z'),
    activity('afgelast', '2026-12-07T10:00:00Z', { cancelledAt: '2026-12-06T10:00:00Z' }),
    activity('andere-ruimte', '2026-12-07T10:00:00Z', { spaceId: 'zuid' }),
    activity('volgende-week', '2026-12-14T10:00:00Z'),
  ];

  it('lists today’s activities in Amsterdam, not called off, and not of a space she left', () => {
    expect(pickActivities(list, scope).today.map((a) => a.id)).toEqual(['vanavond']);
    expect(pickActivities(list, scope).coming).toEqual([]);
  });

  it('gives a client the next ones too', () => {
    expect(pickActivities(list, scope, { coming: 3 }).coming.map((a) => a.id)).toEqual(['morgen-vroeg', 'volgende-week']);
  });
});
