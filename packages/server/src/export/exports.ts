/**
 * Taking your data with you (AVG art. 15 and 20; docs/privacy.md, "Export"): a person's own data, and a space as
 * its owners keep it, each as a zip of JSON (for another system) and Markdown (readable without Kring). Every
 * export is logged in the access log as `export`.
 *
 * What a person wrote is found by the server's word, not the device's: posts and comments carry the author the
 * server checked against the session when they were stored (docs/privacy.md, "Who said it"); pages they changed
 * come from the document store's history, whose authors are the sessions that sent each update.
 */
import { strToU8, zipSync } from 'fflate';
import * as Y from 'yjs';
import { access, type AccessUser } from '@kring/access';
import type { AccessLogEntry, DigestFrequency, NotificationChannel, NotificationSettings, NotificationTopic, PushSettings } from '@kring/contract';
import { cardsAssignedTo, escapeMarkdown, getPageTitle, listBoards, listColumns, listComments, listPosts, pageMarkdown, type Column, type Post, type PostComment } from '@kring/shapes';
import { parseDocName } from '@kring/shapes/names';
import type { DocumentStore } from '@kring/storage';
import type { AccessLog } from '../access-log/access-log.ts';
import type { AccessOverview } from '../access-log/overview.ts';
import type { Accounts, User } from '../accounts/accounts.ts';
import type { Activities } from '../activities/activities.ts';
import type { Digests } from '../digest/digest.ts';
import type { ReadConfirmations } from '../versions/read-confirmations.ts';
import { DomainError } from '../errors.ts';
import type { NotificationChoices } from '../notifications/choices.ts';
import type { Push } from '../push/push.ts';

export type ExportErrorCode = 'not_found' | 'forbidden';
export class ExportError extends DomainError<ExportErrorCode> {}

/** A finished download: the zip and the file name it is offered under. */
export interface ExportFile {
  fileName: string;
  zip: Uint8Array;
}

const iso = (ms: number) => new Date(ms).toISOString();
/** A date as people read it in the Markdown files (UTC, as the JSON). */
const readable = (at: string | number) => new Date(at).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
/** A file name part from a name: letters, digits and dashes. */
const fileSafe = (name: string) =>
  name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 48) || 'naamloos';
/** One line of text in a Markdown list: escaped, on one line. */
const line = (text: string) => escapeMarkdown(text).replace(/\s*\n\s*/g, ' ');
/** A block of text someone typed (a post), escaped, paragraphs kept. */
const block = (text: string) => escapeMarkdown(text.trim()).replace(/\n/g, '  \n');

export class Exports {
  readonly #accounts: Accounts;
  readonly #store: DocumentStore;
  readonly #activities: Activities;
  readonly #log: AccessLog;
  readonly #overview: AccessOverview;
  readonly #settings: { choices: NotificationChoices; push: Push; digests: Digests; reads: ReadConfirmations };

  constructor(accounts: Accounts, store: DocumentStore, activities: Activities, log: AccessLog, overview: AccessOverview, settings: { choices: NotificationChoices; push: Push; digests: Digests; reads: ReadConfirmations }) {
    this.#accounts = accounts;
    this.#store = store;
    this.#activities = activities;
    this.#log = log;
    this.#overview = overview;
    this.#settings = settings;
  }

  /**
   * The person's own data: account, spaces, the posts and comments they wrote, the pages they changed (when), the
   * cards assigned to them, their sign-ups, the protocols they confirmed having read, (for a client) who looked at their information, and what they chose
   * about notifications: per topic, muted spaces, quiet hours, the devices push goes to (the push service and
   * when, never the keys) and the e-mail digest. Only what they may still read, and of other people's words
   * nothing: a comment names the post it is on by id only.
   */
  async personal(user: User, sessionId: string | null): Promise<ExportFile> {
    const asker = await this.#accounts.accessUser(user);
    const spaces = await this.#accounts.spacesOf(user);
    const spaceName = new Map(spaces.map((space) => [space.id, space.name]));
    const posts: (Post & { space: string; document: string })[] = [];
    const comments: (PostComment & { space: string; document: string })[] = [];
    const pages: { space: string; document: string; title: string; changedAt: string[] }[] = [];
    const tasks: { space: string; board: string; title: string; description: string; column: string; done: boolean; due: string | null; checklist: { text: string; done: boolean }[] }[] = [];
    for (const docName of await this.#readable(asker)) {
      const name = parseDocName(docName)!;
      const space = spaceName.get(name.spaceId) ?? name.spaceId;
      if (name.kind === 'feed') {
        const doc = await this.#doc(docName);
        for (const post of listPosts(doc)) {
          if (post.authorId === user.id) posts.push({ ...post, space, document: docName });
          for (const comment of listComments(doc, post.id)) if (comment.authorId === user.id) comments.push({ ...comment, space, document: docName });
        }
      } else if (name.kind === 'page') {
        const changedAt = (await this.#store.history(docName)).filter((entry) => entry.author === user.id).map((entry) => iso(entry.at));
        if (changedAt.length > 0) pages.push({ space, document: docName, title: getPageTitle(await this.#doc(docName)), changedAt });
      } else if (name.kind === 'board') {
        const doc = await this.#doc(docName);
        const board = listBoards(await this.#doc(`${name.spaceId}/index/main`)).find((entry) => entry.id === name.docId)?.title ?? name.docId;
        for (const card of cardsAssignedTo(doc, user.id)) {
          tasks.push({ space, board, title: card.title, description: card.description, column: card.columnTitle, done: card.done, due: card.due, checklist: card.checklist.map(({ text, done }) => ({ text, done })) });
        }
      }
    }
    const signups = (await this.#activities.upcomingFor(user.id, 0, Number.MAX_SAFE_INTEGER)).map(({ activity, signup }) => ({
      space: spaceName.get(activity.spaceId) ?? activity.spaceId,
      activity: activity.title,
      startsAt: iso(activity.startsAt),
      place: activity.place,
      status: signup.status,
      position: signup.position,
      signedUpAt: iso(signup.createdAt),
    }));
    const accessLog = await this.#overview.forClient(user);
    const { choices, push, digests, reads } = this.#settings;
    const protocolsRead = (await reads.mine(user.id)).map(({ document, versionId, confirmedAt }) => ({
      space: spaceName.get(parseDocName(document)!.spaceId) ?? parseDocName(document)!.spaceId,
      document,
      versionId,
      confirmedAt: iso(confirmedAt),
    }));
    const digest = await digests.stored(user.id);
    const notifications = {
      topics: (await choices.settings(asker)).topics,
      mutedSpaces: (await choices.mutes(user.id)).map(({ spaceId, mutedAt }) => ({ space: spaceName.get(spaceId) ?? spaceId, spaceId, mutedAt: iso(mutedAt) })),
      push: { ...(await push.settings(user.id)), devices: (await push.devices(user.id)).map(({ service, subscribedAt }) => ({ service, subscribedAt: iso(subscribedAt) })) },
      digest: { frequency: digest.frequency, lastSentAt: digest.lastSentAt === null ? null : iso(digest.lastSentAt) },
    };
    const exportedAt = new Date().toISOString();
    const data = {
      exportedAt,
      account: { id: user.id, name: user.name, loginName: user.email, role: user.role },
      spaces: spaces.map(({ id, name, kind, role }) => ({ id, name, kind, membership: role })),
      posts: posts.map((post) => ({ space: post.space, document: post.document, id: post.id, text: post.text, createdAt: post.createdAt, editedAt: post.editedAt, likes: post.likeCount, comments: post.commentCount })),
      comments: comments.map((comment) => ({ space: comment.space, document: comment.document, postId: comment.postId, id: comment.id, text: comment.text, createdAt: comment.createdAt })),
      pagesChanged: pages,
      tasks,
      signups,
      protocolsRead,
      accessLog,
      notifications,
    };
    this.#log.note({ event: 'export', actorId: user.id, object: `person/export/${user.id}`, spaceId: 'person', accessPoint: 'api', sessionId, always: true, clientIds: user.role === 'client' ? [user.id] : [] });
    return {
      fileName: `kring-mijn-gegevens-${exportedAt.slice(0, 10)}.zip`,
      zip: zipSync({
        'mijn-gegevens.json': strToU8(`${JSON.stringify(data, null, 2)}\n`),
        'mijn-gegevens.md': strToU8(personalMarkdown(data)),
      }),
    };
  }

  /**
   * A space as its owners keep it: every page as Markdown, every board as lists, the feed as posts with their
   * comments, and all of it as JSON. Only the space's owners who may read it; `forbidden` for other people who see
   * it, `not_found` for those who do not.
   */
  async space(user: User, spaceId: string, sessionId: string | null): Promise<ExportFile> {
    const asker = await this.#accounts.accessUser(user);
    const space = await this.#accounts.space(spaceId);
    const grant = Object.hasOwn(asker.spaces, spaceId) ? asker.spaces[spaceId] : undefined;
    if (!space || space.organisationId !== user.organisationId || !grant || access(asker, `${spaceId}/index/main`) === 'none') throw new ExportError('not_found', 'No such space.');
    // The membership itself, not the grant: emergency access reads as a reader, never as an owner.
    if ((await this.#accounts.membership(spaceId, user.id)) !== 'owner') throw new ExportError('forbidden', 'Only the owners of the space export it.');
    const files: Record<string, Uint8Array> = {};
    const pages: { id: string; title: string; file: string; markdown: string }[] = [];
    const boards: { id: string; title: string; file: string; columns: Column[] }[] = [];
    const feeds: { id: string; file: string; posts: (Post & { comments: PostComment[] })[] }[] = [];
    const index = await this.#doc(`${spaceId}/index/main`);
    const boardTitles = new Map(listBoards(index).map((board) => [board.id, board.title]));
    for (const docName of (await this.#readable(asker)).filter((name) => name.startsWith(`${spaceId}/`))) {
      const name = parseDocName(docName)!;
      if (name.kind === 'page') {
        const doc = await this.#doc(docName);
        const title = getPageTitle(doc);
        const file = `paginas/${fileSafe(title)}-${name.docId}.md`;
        const markdown = pageMarkdown(doc);
        files[file] = strToU8(markdown);
        pages.push({ id: name.docId, title, file, markdown });
      } else if (name.kind === 'board') {
        const columns = listColumns(await this.#doc(docName));
        const title = boardTitles.get(name.docId) ?? name.docId;
        const file = `borden/${fileSafe(title)}-${name.docId}.md`;
        files[file] = strToU8(boardMarkdown(title, columns));
        boards.push({ id: name.docId, title, file, columns });
      } else if (name.kind === 'feed') {
        const doc = await this.#doc(docName);
        const posts = listPosts(doc).map((post) => ({ ...post, comments: listComments(doc, post.id) }));
        const file = `berichten/${name.docId}.md`;
        files[file] = strToU8(feedMarkdown(space.name, name.docId, posts));
        feeds.push({ id: name.docId, file, posts });
      }
    }
    const exportedAt = new Date().toISOString();
    const data = { exportedAt, space: { id: space.id, name: space.name, kind: space.kind }, pages, boards, feeds };
    files['ruimte.json'] = strToU8(`${JSON.stringify(data, null, 2)}\n`);
    files['README.md'] = strToU8(spaceReadme(space.name, exportedAt, pages, boards, feeds));
    this.#log.note({ event: 'export', actorId: user.id, object: `${spaceId}/export/all`, spaceId, accessPoint: 'api', sessionId, always: true });
    return { fileName: `kring-${fileSafe(space.name)}-${exportedAt.slice(0, 10)}.zip`, zip: zipSync(files) };
  }

  /** Every stored document `user` may read, by name. */
  async #readable(user: AccessUser): Promise<string[]> {
    const names: string[] = [];
    let cursor = 0;
    for (;;) {
      const page = await this.#store.changesSince(cursor, 1000);
      for (const { docName } of page.changes) if (access(user, docName) !== 'none') names.push(docName);
      if (page.changes.length < 1000) break;
      cursor = page.cursor;
    }
    return names.sort();
  }

  async #doc(docName: string): Promise<Y.Doc> {
    const doc = new Y.Doc();
    const state = await this.#store.load(docName);
    if (state) Y.applyUpdate(doc, state);
    return doc;
  }
}

interface PersonalData {
  exportedAt: string;
  account: { name: string; loginName: string; role: string };
  spaces: { id: string; name: string; membership: string | null }[];
  posts: { space: string; text: string; createdAt: string }[];
  comments: { space: string; text: string; createdAt: string }[];
  pagesChanged: { space: string; title: string; changedAt: string[] }[];
  tasks: { space: string; board: string; title: string; column: string; done: boolean; due: string | null }[];
  signups: { space: string; activity: string; startsAt: string; place: string; status: string; position: number | null }[];
  protocolsRead: { space: string; document: string; versionId: number; confirmedAt: string }[];
  accessLog: AccessLogEntry[];
  notifications: {
    topics: NotificationSettings['topics'];
    mutedSpaces: { space: string; mutedAt: string }[];
    push: PushSettings & { devices: { service: string; subscribedAt: string }[] };
    digest: { frequency: DigestFrequency; lastSentAt: string | null };
  };
}

/** The Markdown file is for people: Dutch words, as the app shows them (web/messages/nl.json). */
const ROLE_NL: Record<string, string> = { employee: 'medewerker', client: 'cliënt', editor: 'redacteur', admin: 'beheerder', guest: 'gast', privacy: 'privacyfunctionaris' };
const MEMBERSHIP_NL: Record<string, string> = { owner: 'eigenaar', member: 'lid', reader: 'lezer' };
const EVENT_NL: Record<AccessLogEntry['event'], string> = { read: 'bekeken', create: 'gemaakt', change: 'veranderd', delete: 'verwijderd', export: 'gedownload', search: 'in een lijst gezien', emergency: 'noodtoegang' };
/** A record over every topic: a new topic does not type-check until it has its words here (as on Mijn account). */
const TOPIC_NL: Record<NotificationTopic, string> = {
  mentions: 'Iemand noemt u',
  replies: 'Reacties op uw berichten',
  cards: 'Kaarten voor u',
  protocols: 'Protocollen die u moet lezen',
  activities: 'Activiteiten waarvoor u bent aangemeld',
  'my-news': 'Uw nieuwsberichten',
  news: 'Nieuws',
  chat: 'Chatberichten',
  desk: 'Antwoorden van de balie',
};
const CHANNEL_NL: Record<NotificationChannel, string> = { inbox: 'in de app', push: 'op uw toestel', email: 'per e-mail' };
const DIGEST_NL: Record<DigestFrequency, string> = { off: 'geen e-mail', daily: 'elke ochtend', weekly: 'elke maandagochtend' };
const KIND_NL: Record<string, string> = { feed: 'de berichten', page: 'een pagina', board: 'een takenlijst', chat: 'het gesprek', index: 'de inhoud', members: 'de lijst van leden', export: 'alles' };

/** Which information, in words (`een pagina in Cliëntenplein`), never a document name. */
function describe(document: string, spaceNames: ReadonlyMap<string, string>): string {
  const [spaceId, kind] = document.split('/');
  return `${KIND_NL[kind] ?? 'iets'} in ${spaceNames.get(spaceId) ?? 'een ruimte'}`;
}

const WHO: Record<AccessLogEntry['actor']['kind'], (actor: AccessLogEntry['actor']) => string> = {
  person: (actor) => (actor.kind === 'person' ? actor.name : ''),
  staff: (actor) => (actor.kind === 'staff' ? actor.name : ''),
  client: (actor) => (actor.kind === 'client' ? `iemand anders uit ${actor.space}` : ''),
  system: () => 'Kring zelf',
};

function personalMarkdown(data: PersonalData): string {
  const out = [
    `# Mijn gegevens in Kring`,
    '',
    `Gedownload op ${readable(data.exportedAt)}. Hetzelfde staat in \`mijn-gegevens.json\`, voor een ander programma.`,
    '',
    '## Account',
    '',
    `- Naam: ${line(data.account.name)}`,
    `- Inlognaam: ${line(data.account.loginName)}`,
    `- Rol: ${ROLE_NL[data.account.role] ?? data.account.role}`,
    '',
    '## Ruimtes',
    '',
    ...(data.spaces.length ? data.spaces.map((space) => `- ${line(space.name)}${space.membership ? ` (${MEMBERSHIP_NL[space.membership]})` : ''}`) : ['Geen.']),
    '',
    '## Berichten die u schreef',
    '',
  ];
  for (const post of data.posts) out.push(`### ${readable(post.createdAt)} in ${line(post.space)}`, '', block(post.text), '');
  if (data.posts.length === 0) out.push('Geen.', '');
  out.push('## Reacties die u schreef', '');
  for (const comment of data.comments) out.push(`- ${readable(comment.createdAt)} in ${line(comment.space)}: ${line(comment.text)}`);
  out.push(...(data.comments.length === 0 ? ['Geen.'] : []), '', "## Pagina's die u wijzigde", '');
  for (const page of data.pagesChanged) out.push(`- ${line(page.title || '(zonder titel)')} in ${line(page.space)}: ${page.changedAt.length} keer, laatst ${readable(page.changedAt.at(-1)!)}`);
  out.push(...(data.pagesChanged.length === 0 ? ['Geen.'] : []), '', '## Taken voor u', '');
  for (const task of data.tasks) out.push(`- [${task.done ? 'x' : ' '}] ${line(task.title)} (${line(task.board)}, ${line(task.column)}, ${line(task.space)})${task.due ? `, klaar op ${task.due}` : ''}`);
  out.push(...(data.tasks.length === 0 ? ['Geen.'] : []), '', '## Aanmeldingen', '');
  for (const signup of data.signups) out.push(`- ${line(signup.activity)} (${line(signup.space)}), ${readable(signup.startsAt)}, ${line(signup.place)}: ${signup.status === 'waiting' ? `wachtlijst, plaats ${signup.position}` : 'aangemeld'}`);
  out.push(...(data.signups.length === 0 ? ['Geen.'] : []), '', '## Protocollen die u als gelezen bevestigde', '');
  for (const read of data.protocolsRead) out.push(`- ${line(read.document)} (${line(read.space)}), versie ${read.versionId}, bevestigd ${readable(read.confirmedAt)}`);
  out.push(...(data.protocolsRead.length === 0 ? ['Geen.'] : []), '', '## Wie keek mee', '');
  const spaceNames = new Map(data.spaces.map((space) => [space.id, space.name]));
  for (const entry of data.accessLog) {
    const role = entry.actor.kind === 'staff' ? ` (${ROLE_NL[entry.actor.role]})` : '';
    out.push(`- ${readable(entry.at)}: ${line(WHO[entry.actor.kind](entry.actor))}${role} heeft ${line(describe(entry.document, spaceNames))} ${EVENT_NL[entry.event]}`);
  }
  out.push(...(data.accessLog.length === 0 ? ['Niemand anders (of u bent geen cliënt: dan houdt Kring dit niet voor u bij).'] : []), '');
  out.push(...notificationsMarkdown(data.notifications));
  return out.join('\n');
}

/** What the person chose about notifications, as Mijn account says it. */
function notificationsMarkdown({ topics, mutedSpaces, push, digest }: PersonalData['notifications']): string[] {
  const out = ['## Uw keuzes voor meldingen', ''];
  for (const [topic, choice] of Object.entries(topics) as [NotificationTopic, Record<NotificationChannel, boolean>][]) {
    const on = (Object.keys(CHANNEL_NL) as NotificationChannel[]).filter((channel) => choice[channel]);
    out.push(`- ${TOPIC_NL[topic]}: ${on.length ? on.map((channel) => CHANNEL_NL[channel]).join(', ') : 'uit'}`);
  }
  out.push('', `Stil gezet: ${mutedSpaces.length ? mutedSpaces.map((muted) => line(muted.space)).join(', ') : 'geen ruimtes'}.`, '');
  out.push(`Stille uren: ${push.quietHours.on ? `van ${push.quietHours.from} tot ${push.quietHours.until}` : 'uit'}.`, '');
  out.push('Toestellen met meldingen:', '');
  for (const device of push.devices) out.push(`- via ${line(device.service)}, sinds ${readable(device.subscribedAt)}`);
  out.push(...(push.devices.length === 0 ? ['Geen.'] : []), '');
  out.push(`E-mail met wat nieuw is: ${DIGEST_NL[digest.frequency]}${digest.lastSentAt ? `, laatst verstuurd ${readable(digest.lastSentAt)}` : ''}.`, '');
  return out;
}

function boardMarkdown(title: string, columns: Column[]): string {
  const out = [`# ${line(title)}`, ''];
  for (const column of columns.filter((c) => !c.removed || c.cards.length > 0)) {
    out.push(`## ${line(column.title)}${column.done ? ' (klaar)' : ''}`, '');
    for (const card of column.cards) {
      const details = [card.assignees.length ? `voor ${card.assignees.map((a) => line(a.name)).join(', ')}` : '', card.due ? `klaar op ${card.due}` : '', ...card.labels.map(line)].filter(Boolean);
      out.push(`- [${column.done ? 'x' : ' '}] **${line(card.title)}**${details.length ? ` (${details.join('; ')})` : ''}`);
      if (card.description.trim()) out.push(`  ${line(card.description)}`);
      for (const item of card.checklist) out.push(`  - [${item.done ? 'x' : ' '}] ${line(item.text)}`);
    }
    if (column.cards.length === 0) out.push('Geen kaarten.');
    out.push('');
  }
  return out.join('\n');
}

function feedMarkdown(spaceName: string, period: string, posts: (Post & { comments: PostComment[] })[]): string {
  const out = [`# Berichten in ${line(spaceName)} (${period})`, ''];
  for (const post of posts) {
    out.push(`## ${line(post.authorName)}, ${readable(post.createdAt)}`, '', block(post.text), '');
    if (post.poll) out.push(...post.poll.options.map((option) => `- ${line(option.text)}: ${option.votes} stem(men)`), '');
    for (const comment of post.comments) out.push(`> **${line(comment.authorName)}**, ${readable(comment.createdAt)}: ${line(comment.text)}`, '>');
    if (post.comments.length) out.push('');
  }
  if (posts.length === 0) out.push('Geen berichten.', '');
  return out.join('\n');
}

function spaceReadme(name: string, exportedAt: string, pages: { title: string; file: string }[], boards: { title: string; file: string }[], feeds: { id: string; file: string }[]): string {
  const link = (title: string, file: string) => `- [${line(title || '(zonder titel)')}](<${file}>)`;
  return [
    `# ${line(name)}`,
    '',
    `Alles uit deze ruimte in Kring, gedownload op ${readable(exportedAt)}. Elk bestand is gewone tekst (Markdown); \`ruimte.json\` bevat hetzelfde voor een ander programma.`,
    '',
    "## Pagina's",
    '',
    ...(pages.length ? pages.map((p) => link(p.title, p.file)) : ['Geen.']),
    '',
    '## Borden',
    '',
    ...(boards.length ? boards.map((b) => link(b.title, b.file)) : ['Geen.']),
    '',
    '## Berichten',
    '',
    ...(feeds.length ? feeds.map((f) => link(f.id, f.file)) : ['Geen.']),
    '',
  ].join('\n');
}
