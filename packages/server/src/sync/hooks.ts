/** The sync server's hooks for Kring's accounts: session cookie in, access policy out. */
import type { IncomingMessage } from 'node:http';
import { access, judgesWrites, refusesChange, refusesWrites, type AccessUser } from '@kring/access';
import type { Accounts } from '../accounts/accounts.ts';
import { chatPictureRefs, fileId, parseDocName, pictureRefs } from '@kring/shapes';
import type { AccessLog } from '../access-log/access-log.ts';
import type { Files } from '../files/files.ts';
import { deriveNotifications } from '../notifications/derive.ts';
import type { Notifications } from '../notifications/notifications.ts';
import type { Sessions } from '../sessions/sessions.ts';
import { secondFactorOutstanding } from '../account/two-factor.ts';
import type { Principal, SyncHooks } from '@kring/sync-server';

export interface AccountPrincipal extends Principal {
  accessUser: AccessUser;
}

/**
 * @param options.authorshipChecks false only for the benchmark's comparison (`BENCH_WITHOUT_AUTHORSHIP_CHECKS`):
 * feeds are then neither held as documents nor judged, as before issue 11.
 * @param options.accessLog where reads and writes of client-related documents are noted (none: not logged)
 * @param options.files the pictures of posts, deleted when their post goes (none: kept)
 * @param options.notifications where what a stored update means for others goes (none: nobody is told)
 */
export function accountHooks(
  accounts: Accounts,
  sessions: Sessions,
  {
    authorshipChecks = true,
    accessLog,
    files,
    notifications,
  }: { authorshipChecks?: boolean; accessLog?: AccessLog; files?: Files; notifications?: Notifications } = {},
): SyncHooks<AccountPrincipal> {
  async function principalFor(sessionId: string, userId: string, secondFactor: boolean): Promise<AccountPrincipal | null> {
    const user = await accounts.userById(userId);
    if (!user || !user.active) return null;
    // An administrator or privacy officer who has not passed a second factor in this session syncs nothing.
    if (secondFactorOutstanding(user.role, secondFactor)) return null;
    return { sessionId, userId, name: user.name, accessUser: await accounts.accessUser(user) };
  }
  const hooks: SyncHooks<AccountPrincipal> = {
    async authenticate(request: IncomingMessage) {
      const session = await sessions.validate(sessions.tokenFromCookieHeader(request.headers.cookie));
      return session && principalFor(session.id, session.userId, session.secondFactor);
    },
    async authorize(principal, docName) {
      return access(principal.accessUser, docName);
    },
    refusesChange(principal, docName, keys) {
      return refusesChange(principal.accessUser, docName, keys);
    },
    judgesWrites,
    refusesWrites(principal, docName, change) {
      // The name is the account's, as the session vouches for it: a post must carry that one.
      return refusesWrites({ user: principal.accessUser, name: principal.name }, docName, change);
    },
    // Asked before and after every update that may delete, so the references are cheap strings; only the few a
    // deletion let go of are turned into file ids (a SHA-256 each).
    filesOf(docName, doc) {
      const refs = parseDocName(docName)?.kind === 'chat' ? chatPictureRefs(doc) : pictureRefs(doc);
      return refs.map(({ authorId, key }) => `${authorId}\n${key}`);
    },
    filesReleased(docName, refs) {
      const ids = refs.map((ref) => {
        const cut = ref.indexOf('\n');
        return fileId(ref.slice(0, cut), docName, ref.slice(cut + 1));
      });
      files!.release(ids).catch((error: unknown) => console.error(`files of ${docName}: deleting failed`, error));
    },
    applied(docName, author, doc, transaction, present) {
      // Derived while the update is applied (the transaction says what it made); stored once the update is.
      let derivation: ReturnType<typeof deriveNotifications>;
      try {
        derivation = deriveNotifications(docName, author, doc, transaction, present);
      } catch (error) {
        // Inside Yjs's transaction: a bug here must cost the notifications, never the update.
        console.error(`notifications of ${docName}: deriving failed`, error);
        return undefined;
      }
      if (derivation.created.length === 0 && derivation.removed.length === 0 && !derivation.chat) return undefined;
      // The sync server waits for this before it says "saved" of a deletion: a notification quoting deleted text goes first.
      return () => notifications!.record(docName, author, derivation).catch((error: unknown) => console.error(`notifications of ${docName}: storing failed`, error));
    },
    keepsVersions(docName) {
      return parseDocName(docName)?.kind === 'page';
    },
    accessed(principal, docName, event, via) {
      accessLog?.noteDocument(principal.accessUser, principal.sessionId, docName, event, via);
    },
    serverWrote(docName, author, event) {
      // The server's own access, for the person it wrote for; the log keeps it if the space is a client space.
      const spaceId = docName.split('/')[0];
      accessLog?.note({ event, actorId: null, onBehalfOf: author, object: docName, spaceId, accessPoint: 'server' });
    },
    async revalidate(principal) {
      // Memberships may have changed too: the principal is rebuilt from the database.
      const session = await sessions.revalidate(principal.sessionId);
      return session && principalFor(session.id, session.userId, session.secondFactor);
    },
  };
  if (!authorshipChecks) {
    delete hooks.judgesWrites;
    delete hooks.refusesWrites;
  }
  // Without a file store or a held document there is nothing to let go of.
  if (!authorshipChecks || !files) delete hooks.filesOf;
  if (!notifications) delete hooks.applied;
  return hooks;
}
