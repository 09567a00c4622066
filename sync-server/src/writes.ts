/**
 * What an update writes where, read against the document it is about to join: every new item and every deletion
 * as a path of map keys from the root (`['posts', postId, 'likes', userId]`), so a content rule can judge who
 * may write it. The update alone does not say: an overwrite or an insert after the first names only its origin,
 * not its parent, and integrating it deletes what it replaces. So the server keeps a Y.Doc of documents judged
 * this way (feeds) and looks each struct's place up in it, or in the update itself.
 */
import * as Y from 'yjs';

/** One key set or deleted. `path` ends with the key; null stands for a position in a list. */
export interface Write {
  op: 'set' | 'delete';
  path: readonly (string | null)[];
  /** For a set: the plain value, or the new shared type (a `Y.Map` for a new map). For a deletion: what it removes. */
  value: unknown;
  /** A set that replaces a live value of the key (an overwrite, not an insert). */
  replaces: boolean;
  /** The kind of shared type a set makes, when it makes one (so a rule need not know Yjs's classes). */
  made?: 'map' | 'array' | 'text' | 'other';
}

/** An update's writes, with what a rule needs to judge them. */
export interface Change {
  /** Sets, and deletions of live items whose ancestors the update does not delete as well (those go with them). */
  writes: readonly Write[];
  /** The plain value at `path` once the update is applied, as far as it sets it; else as the document holds it. */
  read(path: readonly string[]): unknown;
  /** Whether the update makes the map at `path` (so what it sets inside is new, not a change of someone's). */
  creates(path: readonly string[]): boolean;
  /** The live entries (key, plain value) of the map at `path` as the document holds it, before the update. */
  entries(path: readonly string[]): Iterable<readonly [string, unknown]>;
}

type Decoded = ReturnType<typeof Y.decodeUpdate>;
/** Where an item sits: the path of its parent type and its key in it (null in a list). */
interface Place {
  parent: readonly (string | null)[];
  key: string | null;
  /** The parent type when the document holds it already; null when the update makes it. */
  parentType: Y.AbstractType<unknown> | null;
}

/**
 * The writes of `decoded` against `doc` (which it has not joined yet). Null when a struct's place is found in
 * neither: the update builds on something the server does not have, and cannot be judged.
 */
export function writesOf(doc: Y.Doc, decoded: Decoded): Change | null {
  // An update's structs come ordered by client, then clock: each client's items are found by binary search.
  const own = new Map<number, Y.Item[]>();
  for (const struct of decoded.structs) {
    if (!(struct instanceof Y.Item)) continue;
    const list = own.get(struct.id.client);
    if (list) list.push(struct);
    else own.set(struct.id.client, [struct]);
  }
  const places = new Map<Y.Item, Place | null>();

  const findOwn = (id: Y.ID): Y.Item | null => {
    const items = own.get(id.client);
    if (!items) return null;
    let low = 0;
    let high = items.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const item = items[middle];
      if (id.clock < item.id.clock) high = middle - 1;
      else if (id.clock >= item.id.clock + item.length) low = middle + 1;
      else return item;
    }
    return null;
  };
  /** The document's item with `id`; undefined when the document has not got it, null when it is garbage. */
  const findInDoc = (id: Y.ID): Y.Item | null | undefined => {
    if (id.clock >= Y.getState(doc.store, id.client)) return undefined;
    const struct = Y.getItem(doc.store, id);
    return struct instanceof Y.Item ? struct : null;
  };
  const placeOfDocItem = (item: Y.Item): Place => {
    const parentType = item.parent as Y.AbstractType<unknown>;
    return { parent: typePath(parentType), key: item.parentSub, parentType };
  };
  /** The place of an item of the update; null when it cannot be found, 'garbage' when it builds on deleted content. */
  const placeOf = (item: Y.Item): Place | null | 'garbage' => {
    if (places.has(item)) return places.get(item) ?? null;
    places.set(item, null); // a cycle of origins finds no place
    let place: Place | null | 'garbage' = null;
    const parent = item.parent as unknown;
    if (typeof parent === 'string') place = { parent: [parent], key: item.parentSub, parentType: null };
    else if (parent instanceof Y.ID) {
      const ownParent = findOwn(parent);
      const docParent = ownParent ? undefined : findInDoc(parent);
      if (ownParent) {
        const above = placeOf(ownParent);
        place = above === null || above === 'garbage' ? above : { parent: [...above.parent, above.key], key: item.parentSub, parentType: null };
      } else if (docParent === null) place = 'garbage';
      else if (docParent && docParent.content instanceof Y.ContentType) {
        const type = docParent.content.type as Y.AbstractType<unknown>;
        place = { parent: typePath(type), key: item.parentSub, parentType: type };
      }
    } else {
      // No parent given: it sits next to its origin, in the same parent under the same key.
      const neighbour = item.origin ?? item.rightOrigin;
      const ownNeighbour = neighbour && findOwn(neighbour);
      const docNeighbour = neighbour && !ownNeighbour ? findInDoc(neighbour) : undefined;
      if (ownNeighbour) place = placeOf(ownNeighbour);
      else if (docNeighbour === null) place = 'garbage';
      else if (docNeighbour) place = placeOfDocItem(docNeighbour);
    }
    if (place !== 'garbage') places.set(item, place);
    return place;
  };

  const writes: Write[] = [];
  /** What the update sets, by path (a trie of keys, so no two paths can share an entry). */
  const values = new PathMap();
  for (const [client, items] of own) {
    const state = Y.getState(doc.store, client);
    for (const item of items) {
      // What the document has already (sent again in a sync step 2) changes nothing.
      if (item.id.clock + item.length <= state) continue;
      const place = placeOf(item);
      if (place === 'garbage') continue; // integrating it turns it into garbage: it writes nothing
      if (place === null) return null;
      const path = [...place.parent, place.key];
      if (place.key !== null) {
        // A map entry holds one value. One struct can carry several (a list of values under one key), and a map
        // then shows the last: a rule would judge one value while another is shown. No Yjs client writes that.
        if (item.length !== 1 && !(item.content instanceof Y.ContentDeleted)) return null;
        const value = valueOf(item.content);
        const current = place.parentType?._map.get(place.key);
        writes.push({ op: 'set', path, value, replaces: current !== undefined && !current.deleted, made: madeOf(value) });
        if (!path.includes(null)) values.set(path as string[], value);
      } else {
        // In a list, every value is an entry of its own: each is judged.
        for (const value of valuesOf(item.content)) writes.push({ op: 'set', path, value, replaces: false, made: madeOf(value) });
      }
    }
  }
  for (const [client, ranges] of decoded.ds.clients) {
    const structs = doc.store.clients.get(client);
    if (!structs) continue;
    const state = Y.getState(doc.store, client);
    for (const { clock, len } of ranges) {
      if (clock >= state) continue;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i].id.clock < clock + len; i++) {
        const item = structs[i];
        if (!(item instanceof Y.Item) || item.deleted || deletesAncestor(item, decoded.ds)) continue;
        const place = placeOfDocItem(item);
        const path = [...place.parent, place.key];
        if (place.key !== null) writes.push({ op: 'delete', path, value: valueOf(item.content), replaces: false });
        else {
          // In a list, each value deleted is a deletion of its own, with the value it removes.
          const from = Math.max(clock, item.id.clock) - item.id.clock;
          const to = Math.min(clock + len, item.id.clock + item.length) - item.id.clock;
          const removed = item.content instanceof Y.ContentString ? [item.content.str.slice(from, to)] : valuesOf(item.content).slice(from, to);
          for (const value of removed.length > 0 ? removed : [undefined]) writes.push({ op: 'delete', path, value, replaces: false });
        }
      }
    }
  }

  return {
    writes,
    read: (path) => {
      const entry = values.entry(path);
      return entry ? entry.value : readDoc(doc, path);
    },
    creates: (path) => values.entry(path)?.made ?? false,
    entries: (path) => {
      const map = readDoc(doc, path);
      // A root type the server never asked for by its kind is a bare AbstractType, with its entries all the same.
      if (!(map instanceof Y.AbstractType)) return [];
      return [...(map as Y.AbstractType<unknown>)._map].filter(([, item]) => !item.deleted).map(([key, item]) => [key, valueOf(item.content)] as const);
    },
  };
}

/**
 * Paths of the documents' types, walked up once each. A type never moves: its place is fixed when it is made, so
 * the path stays right for as long as the type lives.
 */
const typePaths = new WeakMap<Y.AbstractType<unknown>, readonly (string | null)[]>();

function typePath(type: Y.AbstractType<unknown>): readonly (string | null)[] {
  let path = typePaths.get(type);
  if (path === undefined) {
    const item = type._item;
    path = item === null ? [Y.findRootTypeKey(type)] : [...typePath(item.parent as Y.AbstractType<unknown>), item.parentSub];
    typePaths.set(type, path);
  }
  return path;
}

/** Values by path of keys: one node per key, so no two different paths meet (as joined strings could). */
class PathMap {
  readonly #root: PathNode = { children: null, set: false, value: undefined, made: false };

  set(path: readonly string[], value: unknown): void {
    let node = this.#root;
    for (const key of path) {
      node.children ??= new Map();
      let child = node.children.get(key);
      if (!child) {
        child = { children: null, set: false, value: undefined, made: false };
        node.children.set(key, child);
      }
      node = child;
    }
    node.set = true;
    node.value = value;
    // Once the update makes a map here, what it sets inside is new, whatever else it sets at the same key.
    if (value instanceof Y.Map) node.made = true;
  }

  /** The node of `path` when something was set there, else undefined. */
  entry(path: readonly string[]): PathNode | undefined {
    let node: PathNode | undefined = this.#root;
    for (let i = 0; i < path.length && node; i++) node = node.children?.get(path[i]);
    return node?.set ? node : undefined;
  }
}

interface PathNode {
  children: Map<string, PathNode> | null;
  set: boolean;
  /** The last value set here. */
  value: unknown;
  /** A new map was set here. */
  made: boolean;
}

/**
 * Every value a struct carries: a list of plain values (ContentAny, or ContentJSON of old clients), the new shared
 * type, or a run of text as one value. Other content (formats, embeds, binaries, deleted runs) carries none a rule
 * reads, so it counts as one unknown value.
 */
export function valuesOf(content: Y.Item['content']): readonly unknown[] {
  if (content instanceof Y.ContentAny || content instanceof Y.ContentJSON) return content.arr as unknown[];
  if (content instanceof Y.ContentType) return [content.type];
  if (content instanceof Y.ContentString) return [content.str];
  return [undefined];
}

function madeOf(value: unknown): Write['made'] {
  if (!(value instanceof Y.AbstractType)) return undefined;
  if (value instanceof Y.Map) return 'map';
  if (value instanceof Y.Array) return 'array';
  return value instanceof Y.Text ? 'text' : 'other';
}

/** The value a map entry shows: the last its struct carries, as `Y.Map` reads it. */
function valueOf(content: Y.Item['content']): unknown {
  return valuesOf(content).at(-1);
}

/** Whether one of the types `item` sits in is itself deleted by `ds`: then it goes with that, judged there. */
function deletesAncestor(item: Y.Item, ds: Decoded['ds']): boolean {
  for (let above = (item.parent as Y.AbstractType<unknown>)._item; above !== null; above = (above.parent as Y.AbstractType<unknown>)._item) {
    if (Y.isDeleted(ds, above.id)) return true;
  }
  return false;
}

function readDoc(doc: Y.Doc, path: readonly string[]): unknown {
  let value: unknown = doc.share.get(path[0]);
  for (let i = 1; i < path.length; i++) {
    if (!(value instanceof Y.AbstractType)) return undefined;
    const entry = value._map.get(path[i]);
    value = entry === undefined || entry.deleted ? undefined : valueOf(entry.content);
  }
  return value;
}
