/**
 * The editor itself: Tiptap, the page's extensions and the toolbar, the largest part of the app's JavaScript.
 * Editor.svelte loads this on demand, so a page shows its text (preview.ts) before all of it has arrived.
 */
export { Editor } from '@tiptap/core';
export { pageExtensions } from './extensions.ts';
export { default as Toolbar } from './Toolbar.svelte';
