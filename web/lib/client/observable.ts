/** A value that changes, with Svelte's store contract so components can read it as `$value`. */
export class Observable<T> {
  #value: T;
  readonly #subscribers = new Set<(value: T) => void>();

  constructor(value: T) {
    this.#value = value;
  }

  get value(): T {
    return this.#value;
  }

  set(value: T): void {
    this.#value = value;
    for (const subscriber of this.#subscribers) subscriber(value);
  }

  update(change: (value: T) => T): void {
    this.set(change(this.#value));
  }

  subscribe(subscriber: (value: T) => void): () => void {
    this.#subscribers.add(subscriber);
    subscriber(this.#value);
    return () => this.#subscribers.delete(subscriber);
  }
}
