// Kring is a local-first app: pages render in the browser from the device's own store, so they work offline.
export const ssr = false;
export const prerender = false;
