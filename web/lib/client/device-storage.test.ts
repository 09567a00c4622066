import { describe, expect, it } from 'vitest';
import { storageWarning } from './device-storage.ts';

describe('storageWarning', () => {
  it('warns when the device is almost full, before anything else', () => {
    expect(storageWarning({ persisted: true, usage: 85, quota: 100 })).toBe('almost-full');
    expect(storageWarning({ persisted: false, usage: 90, quota: 100 })).toBe('almost-full');
  });

  it('warns when the browser may evict the data', () => {
    expect(storageWarning({ persisted: false, usage: 1, quota: 100 })).toBe('may-be-evicted');
  });

  it('is quiet when storage is persistent with room left, or when the browser cannot tell', () => {
    expect(storageWarning({ persisted: true, usage: 10, quota: 100 })).toBe('none');
    expect(storageWarning({ persisted: null, usage: null, quota: null })).toBe('none');
  });
});
