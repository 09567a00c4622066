/**
 * Typed shapes of Kring's collaborative documents. Everything outside this package reads and changes documents
 * through these accessors only; none of them hands out a Y type except `pageBody`, for the editor binding.
 */
export * from './names.ts';
export * from './errors.ts';
export { randomId } from './ids.ts';
export { compareKeys, isValidOrderKey, keyBetween, newOrderKey, orderKeyAt } from './order.ts';
export * from './feed.ts';
export * from './chat.ts';
export * from './files.ts';
export * from './page.ts';
export * from './page-version.ts';
export * from './board.ts';
export * from './space-index.ts';
export { isAtVersion, versionOf } from './version.ts';
