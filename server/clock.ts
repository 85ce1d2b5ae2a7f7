/** The one shape of time in this codebase: a function that answers the current instant (tests pass their own). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Whole seconds since the epoch, as tokens and signatures carry them. */
export function unixSeconds(at: Date): number {
  return Math.floor(at.getTime() / 1000);
}
