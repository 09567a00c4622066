import { describe, expect, it } from 'vitest';
import { MAX_BATCH_ITEMS, decodeBatchRequest, decodeBatchResponse, encodeBatchRequest, encodeBatchResponse } from './batch.ts';

describe('batch messages', () => {
  it('round-trip requests and responses', () => {
    const request = [
      { docName: 'noord/page/a', stateVector: new Uint8Array([1, 2]), update: new Uint8Array([3]) },
      { docName: 'noord/board/b', stateVector: new Uint8Array([]), update: new Uint8Array([]) },
    ];
    expect(decodeBatchRequest(encodeBatchRequest(request))).toEqual(request);
    const response = [
      { docName: 'noord/page/a', status: 'ok' as const, diff: new Uint8Array([9]), saved: new Uint8Array([8]) },
      { docName: 'zuid/page/x', status: 'forbidden' as const, diff: new Uint8Array([]), saved: new Uint8Array([]) },
      { docName: 'noord/feed/2026-12', status: 'refused' as const, refusal: 'switched-off' as const, diff: new Uint8Array([7]), saved: new Uint8Array([6]) },
      { docName: 'noord/board/b', status: 'refused' as const, refusal: 'not-yours' as const, diff: new Uint8Array([]), saved: new Uint8Array([]) },
    ];
    expect(decodeBatchResponse(encodeBatchResponse(response))).toEqual(response);
  });

  it('refuses truncated input, trailing bytes and oversized batches', () => {
    const bytes = encodeBatchRequest([{ docName: 'noord/page/a', stateVector: new Uint8Array([1]), update: new Uint8Array([2]) }]);
    expect(() => decodeBatchRequest(bytes.slice(0, -1))).toThrow();
    expect(() => decodeBatchRequest(new Uint8Array([...bytes, 0]))).toThrow();
    const many = Array.from({ length: MAX_BATCH_ITEMS + 1 }, (_, i) => ({ docName: `s/page/${i}`, stateVector: new Uint8Array(), update: new Uint8Array() }));
    expect(() => decodeBatchRequest(encodeBatchRequest(many))).toThrow(RangeError);
  });
});
