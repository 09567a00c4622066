import { endpoint, Refusal } from '$lib/server/http';
import { requirePerson } from '$lib/server/principal';
import type { RequestHandler } from './$types';

/** How often a quiet stream says it is alive (proxies close idle connections) and checks its session again. */
const KEEPALIVE_MS = 25_000;

/**
 * GET → `text/event-stream`: `event: changed` each time the person's inbox changed (a notification made, or read on
 * another device), and nothing else: the app then asks GET /api/notifications, which decides what it may show.
 * Closes when the session ends (logout, deactivation: at once in this process, else at the next keepalive).
 */
export const GET: RequestHandler = endpoint(async ({ locals, request }) => {
  const { kring } = await requirePerson(locals);
  const sessionId = locals.sessionId;
  if (!sessionId || !locals.user) throw new Refusal(401, 'no_session', 'Not logged in.');
  const userId = locals.user.id;
  const encoder = new TextEncoder();
  let stop = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let open = true;
      const send = (text: string) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(text));
        } catch {
          close();
        }
      };
      const close = () => {
        if (!open) return;
        open = false;
        clearInterval(keepalive);
        remove();
        request.signal.removeEventListener('abort', close);
        try {
          controller.close();
        } catch {
          // Already closed by the client.
        }
      };
      const remove = kring.notifications.live.listen({ userId, sessionId, changed: () => send('event: changed\ndata: {}\n\n'), close });
      const keepalive = setInterval(() => {
        void kring.sessions.revalidate(sessionId).then(
          (session) => (session ? send(': alive\n\n') : close()),
          () => close(),
        );
      }, KEEPALIVE_MS);
      request.signal.addEventListener('abort', close);
      stop = close;
      // The browser waits this long before it connects again after a drop.
      send('retry: 5000\nevent: ready\ndata: {}\n\n');
    },
    cancel() {
      stop();
    },
  });
  return new Response(stream, {
    headers: { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', 'x-accel-buffering': 'no' },
  });
});
