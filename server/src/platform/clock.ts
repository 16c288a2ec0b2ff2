/** The one source of the current time, so tests can move it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

export class ManualClock implements Clock {
  #current: Date;
  constructor(start: Date) {
    this.#current = new Date(start);
  }
  now(): Date {
    return new Date(this.#current);
  }
  set(to: Date): void {
    this.#current = new Date(to);
  }
  advance(milliseconds: number): void {
    this.#current = new Date(this.#current.getTime() + milliseconds);
  }
}
