/** Reads a `text/event-stream` body as the browser's EventSource would: each event's name and data, in order. */
export async function readServerEvents(body: AsyncIterable<Uint8Array>, onEvent: (event: string, data: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body) {
    buffer += decoder.decode(chunk, { stream: true });
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      if (event) onEvent(event, /^data: (.*)$/m.exec(block)?.[1] ?? '');
    }
  }
}
