/** The one shape of time in this codebase: a function that answers the current instant (tests pass their own). */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** Whole seconds since the epoch, as tokens and signatures carry them. */
export function unixSeconds(clock: Clock): number {
  return Math.floor(clock().getTime() / 1000);
}
