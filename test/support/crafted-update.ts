/**
 * Hand-crafted Yjs updates (format v1), for what no Yjs client writes but anyone can send: a map entry given
 * several values in one struct, content in the old JSON encoding. Each struct is a real `Y.Item` written with
 * Yjs's own encoder, so the bytes are exactly what `Y.decodeUpdate` and `Y.applyUpdate` read.
 */
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';

export interface CraftedItem {
  /** Where it goes: a root type's name, or the id of the item that made the map or list. */
  parent?: string | Y.ID;
  /** Its key in a map; absent in a list. */
  key?: string;
  /** The item it follows (an overwrite of a map key, an insert after the first): then parent and key are not sent. */
  origin?: Y.ID;
  /** Plain values in one struct (`ContentAny`), the same in the old JSON encoding, or a new map. */
  content: { any: unknown[] } | { json: unknown[] } | { map: true };
}

/** The update holding `items` as consecutive structs of `client`, the first at `clock`. Deletes nothing. */
export function craftUpdate(client: number, clock: number, items: readonly CraftedItem[]): Uint8Array {
  const encoder = new Y.UpdateEncoderV1();
  encoding.writeVarUint(encoder.restEncoder, 1); // one client
  encoding.writeVarUint(encoder.restEncoder, items.length);
  encoder.writeClient(client);
  encoding.writeVarUint(encoder.restEncoder, clock);
  let next = clock;
  for (const { parent, key, origin, content } of items) {
    const written =
      'any' in content ? new Y.ContentAny(content.any) : 'json' in content ? new Y.ContentJSON(content.json) : new Y.ContentType(new Y.Map());
    const item = new Y.Item(Y.createID(client, next), null, origin ?? null, null, null, origin ? null : (parent ?? null) as never, origin ? null : (key ?? null), written);
    item.write(encoder, 0);
    next += item.length;
  }
  encoding.writeVarUint(encoder.restEncoder, 0); // an empty delete set
  return encoder.toUint8Array();
}

/** The id of the item that made the shared type `type` (its parent id for a crafted item). */
export function idOf(type: { _item: Y.Item | null }): Y.ID {
  if (type._item === null) throw new Error('a root type has no item; name it instead');
  return type._item.id;
}
