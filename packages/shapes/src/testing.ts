/**
 * Helpers for this package's tests (not exported from the package): replicas of one document, ways to
 * exchange their updates in a chosen order, and the convergence property every shape states.
 */
import fc from 'fast-check';
import * as Y from 'yjs';

/** `count` empty replicas with distinct, fixed client ids so failures replay the same way. */
export function replicas(count: number): Y.Doc[] {
  return Array.from({ length: count }, (_, i) => {
    const doc = new Y.Doc();
    doc.clientID = i + 1;
    return doc;
  });
}

/** Sends `to` what `from` has and `to` lacks, as the sync protocol's step 2 would. */
export function syncOneWay(from: Y.Doc, to: Y.Doc): void {
  Y.applyUpdate(to, Y.encodeStateAsUpdate(from, Y.encodeStateVector(to)));
}

/**
 * Gives every replica every other replica's full state, replicas and updates taken in the given orders
 * (default: as listed). Full states, not diffs, so updates also arrive more than once.
 */
export function syncAll(docs: readonly Y.Doc[], docOrder?: readonly number[], updateOrder?: readonly number[]): void {
  const updates = docs.map((doc) => Y.encodeStateAsUpdate(doc));
  for (const target of docOrder ?? docs.map((_, i) => i)) {
    for (const source of updateOrder ?? docs.map((_, i) => i)) Y.applyUpdate(docs[target]!, updates[source]!);
  }
}

/**
 * `syncAll` with the replicas and the updates each taken in an order drawn from `randomness` (a property's
 * stream of numbers), so a property meets every delivery order.
 */
export function syncAllShuffled(docs: readonly Y.Doc[], randomness: Iterable<number>): void {
  const random = randomness[Symbol.iterator]();
  const shuffled = (): number[] =>
    docs
      .map((_, i) => ({ i, key: random.next().value as number }))
      .sort((x, y) => x.key - y.key || x.i - y.i)
      .map(({ i }) => i);
  syncAll(docs, shuffled(), shuffled());
}

/** Every pair both ways, so edits made offline meet. */
export function syncEveryPair(docs: readonly Y.Doc[]): void {
  for (const from of docs) for (const to of docs) if (from !== to) syncOneWay(from, to);
}

/**
 * The convergence property of a shape: on 2 or 3 fresh replicas `run` prepares a scenario, its `apply` gets a
 * random run of 1 to `maxOps` edits, every replica's state then reaches every other in a random order, and
 * `check` asserts what must hold on the replicas (first of all, that they agree).
 */
export function checkConvergence<Op>(
  op: fc.Arbitrary<Op>,
  maxOps: number,
  run: (docs: Y.Doc[]) => { apply: (op: Op) => void; check: () => void },
): void {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 3 }),
      fc.array(op, { minLength: 1, maxLength: maxOps, size: 'max' }),
      fc.infiniteStream(fc.nat()),
      (count, ops, randomness) => {
        const docs = replicas(count);
        const scenario = run(docs);
        for (const each of ops) scenario.apply(each);
        syncAllShuffled(docs, randomness);
        scenario.check();
      },
    ),
  );
}
