/**
 * The sync server on its own (for scale-out): `node packages/server/src/sync-main.ts`. Serves only `/sync/<docName>`;
 * the app's pages and API run elsewhere on the same database.
 */
import { createServer } from 'node:http';
import { configFromEnv, processServices } from './kring.ts';

// The app seeds the demo and runs the editorial clock; this process only syncs.
const config = configFromEnv();
const services = await processServices({ ...config, demo: false, demoSecretsKey: config.demo, editorialClock: false });
const sync = services.sync;
const server = createServer((_request, response) => {
  response.writeHead(404, { 'content-type': 'text/plain' }).end('Kring sync server: connect with WebSocket to /sync/<document>\n');
});
sync.attach(server);
server.listen(Number(process.env.PORT ?? 3001), process.env.HOST, () => {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : process.env.PORT;
  console.log(`Kring sync server listening on port ${port}`);
});

async function shutdown() {
  server.close();
  await services.close();
  process.exit(0);
}
process.once('SIGTERM', shutdown);
process.once('SIGINT', shutdown);
