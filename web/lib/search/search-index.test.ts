import { addCard, addColumn, addComment, appendPageBlocks, createPost, sendMessage, setPageTitle } from '@kring/shapes';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { SearchIndex } from './search-index.ts';
import { documentEntries, MAX_TEXT, MAX_TITLE, personEntries } from './sources.ts';

function page(title: string, text: string): Y.Doc {
  const doc = new Y.Doc();
  setPageTitle(doc, title);
  appendPageBlocks(doc, [{ type: 'paragraph', text }]);
  return doc;
}

function indexOf(docs: Record<string, Y.Doc>): SearchIndex {
  const index = new SearchIndex();
  for (const [name, doc] of Object.entries(docs)) index.put(name, '1', documentEntries(name, doc));
  return index;
}

const titles = (index: SearchIndex, query: string) => index.find(query).flatMap((group) => group.hits.map((hit) => hit.title));

describe('the search index', () => {
  it('finds "Wondzorg" while "wond" is typed, and links to the page', () => {
    const index = indexOf({ 'noord/page/wondzorg': page('Protocol Wondzorg', 'Verbind de wond schoon.') });
    const [group] = index.find('wond');
    expect(group?.kind).toBe('page');
    expect(group?.hits[0]).toMatchObject({ title: 'Protocol Wondzorg', href: '/spaces/noord/pages/wondzorg' });
  });

  it('finds "zorg" by "zorgen" and "client" by "cliënt"', () => {
    const index = indexOf({ 'noord/page/a': page('Goede zorg', 'Over de client thuis.') });
    expect(titles(index, 'zorgen')).toEqual(['Goede zorg']);
    expect(titles(index, 'cliënt')).toEqual(['Goede zorg']);
    expect(titles(index, 'Cliënt ZORGEN')).toEqual(['Goede zorg']);
  });

  it('needs every typed word to match', () => {
    const index = indexOf({ 'noord/page/a': page('Wondzorg', 'Thuis'), 'noord/page/b': page('Medicatie', 'Thuis') });
    expect(titles(index, 'thuis wond')).toEqual(['Wondzorg']);
    expect(titles(index, 'thuis')).toHaveLength(2);
  });

  it('indexes posts and comments, cards and chat messages with links to their exact places', () => {
    const feed = new Y.Doc();
    const postId = createPost(feed, { authorId: 'u1', authorName: 'Anna de Vries', text: 'Wondzorg bij mevrouw Jansen gaat goed.' });
    const commentId = addComment(feed, postId, { authorId: 'u2', authorName: 'Bram', text: 'Fijn, de wond is dicht.' });
    const board = new Y.Doc();
    const cardId = addCard(board, addColumn(board, 'Te doen'), { title: 'Verband bestellen', description: 'Voor de wondzorg' });
    const chat = new Y.Doc();
    const messageId = sendMessage(chat, { authorId: 'u1', authorName: 'Anna de Vries', text: 'Wie heeft de wondzorg morgen?' });
    const all = indexOf({ 'noord/feed/2026-12': feed, 'noord/board/planning': board, 'conv_ab12/chat/2026-12': chat });
    const hrefs = Object.fromEntries(all.find('wond').map((group) => [group.kind, group.hits.map((hit) => hit.href).sort()]));
    expect(hrefs).toEqual({
      post: [`/spaces/noord#comment-${commentId}`, `/spaces/noord#post-${postId}`].sort(),
      card: [`/spaces/noord/boards/planning/${cardId}`],
      message: [`/chat/conv_ab12#message-${messageId}`],
    });
  });

  it('drops what a forgotten document held, and replaces what a changed one held', () => {
    const doc = page('Wondzorg', 'Oud');
    const index = indexOf({ 'noord/page/a': doc, 'noord/page/b': page('Medicatie', 'Oud') });
    setPageTitle(doc, 'Valpreventie');
    index.put('noord/page/a', '2', documentEntries('noord/page/a', doc));
    expect(titles(index, 'wond')).toEqual([]);
    expect(titles(index, 'valpreventie')).toEqual(['Valpreventie']);
    index.drop('noord/page/a');
    expect(titles(index, 'oud')).toEqual(['Medicatie']);
    expect(index.sources()).toEqual(['noord/page/b']);
  });

  it('finds people of the smoelenboek by name and expertise', () => {
    const index = new SearchIndex();
    index.put('people', 'e1', personEntries([{ id: 'p1', name: 'Sanne Bakker', expertise: ['Wondverzorging'], teams: ['Buurtteam Noord'], locations: [], languages: [], jobTitle: 'Verpleegkundige' } as never]));
    expect(index.find('wond')[0]?.hits[0]).toMatchObject({ kind: 'person', title: 'Sanne Bakker', href: '/people/p1' });
  });

  it('is the same index after being kept and loaded again', () => {
    const index = indexOf({ 'noord/page/a': page('Wondzorg', 'Thuis') });
    const again = new SearchIndex(JSON.parse(JSON.stringify(index.toJSON())));
    expect(titles(again, 'wond')).toEqual(['Wondzorg']);
    expect(again.mark('noord/page/a')).toBe('1');
    again.drop('noord/page/a');
    expect(titles(again, 'wond')).toEqual([]);
  });

  it('indexes no more of a huge title or text than its caps (any writer can send anything)', () => {
    const entries = documentEntries('noord/page/a', page('Wondzorg '.repeat(10_000), 'thuis '.repeat(10_000)));
    expect(entries[0]?.title.length).toBe(MAX_TITLE);
    expect(entries[0]?.text.length).toBe(MAX_TEXT);
  });

  it('ranks a match in the title above one in the text', () => {
    const index = indexOf({ 'noord/page/a': page('Medicatie', 'Ook over wondzorg'), 'noord/page/b': page('Wondzorg', 'Thuis') });
    expect(titles(index, 'wondzorg')).toEqual(['Wondzorg', 'Medicatie']);
  });
});
