import { describe, expect, it, vi } from 'vitest';
import { EventBus } from './bus.ts';

interface TestEvents {
  'session.ended': { sessionIds: readonly string[] };
  'access.changed': Record<string, never>;
}

describe('EventBus', () => {
  it('gives every listener of an event its payload, and no listener of another event', async () => {
    const bus = new EventBus<TestEvents>();
    const ended: (readonly string[])[] = [];
    const changed = vi.fn();
    bus.on('session.ended', ({ sessionIds }) => void ended.push(sessionIds));
    bus.on('session.ended', ({ sessionIds }) => void ended.push(sessionIds));
    bus.on('access.changed', changed);
    await bus.emit('session.ended', { sessionIds: ['s1'] });
    expect(ended).toEqual([['s1'], ['s1']]);
    expect(changed).not.toHaveBeenCalled();
  });

  it('resolves emit only after async listeners have finished', async () => {
    const bus = new EventBus<TestEvents>();
    let done = false;
    bus.on('access.changed', async () => {
      await new Promise((resolve) => setImmediate(resolve));
      done = true;
    });
    await bus.emit('access.changed', {});
    expect(done).toBe(true);
  });

  it("does not throw a listener's failure to the emitter, and still runs the other listeners", async () => {
    const bus = new EventBus<TestEvents>();
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const other = vi.fn();
    bus.on('access.changed', () => {
      throw new Error('broken listener');
    });
    bus.on('access.changed', async () => Promise.reject(new Error('broken async listener')));
    bus.on('access.changed', other);
    await expect(bus.emit('access.changed', {})).resolves.toBeUndefined();
    expect(other).toHaveBeenCalledOnce();
    expect(error).toHaveBeenCalledTimes(2);
    error.mockRestore();
  });

  it('stops calling a listener once unsubscribed, and emits to nobody without complaint', async () => {
    const bus = new EventBus<TestEvents>();
    const listener = vi.fn();
    const off = bus.on('access.changed', listener);
    off();
    await bus.emit('access.changed', {});
    expect(listener).not.toHaveBeenCalled();
  });
});
