/** Every method of a store rejects with this after `close()`. Check `code`, not the message. */
export class StoreClosedError extends Error {
  readonly code = 'STORE_CLOSED';

  constructor() {
    super('The document store is closed');
    this.name = 'StoreClosedError';
  }
}
