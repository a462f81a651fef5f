/** Time as the domain sees it: injectable, so tests can move it without sleeping. */
export interface Clock {
	now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock for tests: starts where you say and moves only when told. */
export class ManualClock implements Clock {
	#now: Date;
	constructor(start: Date | string) {
		this.#now = new Date(start);
	}
	now(): Date {
		return new Date(this.#now);
	}
	set(to: Date | string): void {
		this.#now = new Date(to);
	}
	advance(ms: number): void {
		this.#now = new Date(this.#now.getTime() + ms);
	}
}
