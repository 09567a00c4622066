/**
 * The reference server, in its own process: @y/websocket-server's `setupWSConnection` on a `ws` server, wired
 * exactly as its own `bin` (src/server.js) does, in memory (no YPERSISTENCE), on 127.0.0.1 and a free port.
 * Prints `listening on <port>` when ready.
 */
import { createServer } from 'node:http';
import { WebSocketServer } from 'ws';
import { docs, setupWSConnection } from '@y/websocket-server/utils';
import { serveControl } from './control.ts';

const wss = new WebSocketServer({ noServer: true });
wss.on('connection', setupWSConnection);
const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('okay');
});
server.on('upgrade', (request, socket, head) => {
  wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
});
serveControl(
  (name) => docs.get(name),
  () => docs.size,
);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  console.log(`listening on ${typeof address === 'object' && address ? address.port : 0}`);
});
process.once('SIGTERM', () => process.exit(0));
