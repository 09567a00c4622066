// The login page needs nothing from the device, so the server renders it: the form shows before any script
// has run (the first screen on a new phone). Everything after logging in renders in the browser.
export const ssr = true;
