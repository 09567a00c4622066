/**
 * What a background round asks the server for: besides the spaces' documents, the chats of the person's
 * conversations and of their spaces with chat on, this month's and the last, so a chat opens offline with what
 * came while the app was open elsewhere (not only with what was seen in it).
 */
import { expect, it } from 'vitest';
import { chatDocId, previousChatDocId } from '@kring/shapes';
import { keepCurrent } from './background-sync.ts';
import type { Me } from './identity.ts';
import type { SyncManager } from './sync-manager.ts';

it("asks for the person's conversations' and chat spaces' chats, this month's and the last, and nothing they may not read", async () => {
  const asked: string[][] = [];
  const sync = {
    changedOnServer: async () => ({ names: [], cursor: 1 }),
    knownDocuments: async () => [],
    reconcile: async (names: string[]) => (asked.push(names), true),
    // The spaces' indexes list no pages or boards here.
    readLocal: async () => [[], []],
  } as unknown as SyncManager;
  const me: Me = {
    user: { id: 'u-anna', name: 'Anna', email: 'anna@kring.test', role: 'employee' },
    spaces: [
      { id: 'noord', name: 'Noord', kind: 'team', audience: 'team', role: 'member', features: ['feed', 'chat'] },
      { id: 'zuid', name: 'Zuid', kind: 'team', audience: 'team', role: 'member', features: ['feed'] },
    ],
    conversations: ['conv_a', 'conv_gone'],
  };
  const thisMonth = chatDocId(new Date());
  const lastMonth = previousChatDocId(thisMonth);
  await keepCurrent(sync, me, (name) => (name.startsWith('conv_gone/') ? 'none' : 'write'), () => false);
  expect(asked[0]).toEqual(
    expect.arrayContaining([`conv_a/chat/${thisMonth}`, `conv_a/chat/${lastMonth}`, `noord/chat/${thisMonth}`, `noord/chat/${lastMonth}`]),
  );
  expect(asked[0]!.filter((name) => name.includes('/chat/'))).toHaveLength(4);
});
