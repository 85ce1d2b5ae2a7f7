import type { RecheckOption } from '../app-options.js';
import type { RecheckSettings } from './rechecker.js';
import { DEFAULT_INTERVAL_SECONDS, DEFAULT_RATE, parseInterval, parseRate, RecheckSettingError } from './schedule.js';

/** `createApp({ recheck })` checked at start: a value that cannot be used throws, naming the option. */
export function recheckSettings(option: RecheckOption): RecheckSettings {
  const named = <T>(name: string, read: () => T): T => {
    try {
      return read();
    } catch (error) {
      if (error instanceof RecheckSettingError) throw new Error(`${name} ${error.message}`, { cause: error });
      throw error;
    }
  };
  return {
    intervalSeconds: option.interval === undefined ? DEFAULT_INTERVAL_SECONDS : named('recheck.interval', () => parseInterval(option.interval!)),
    rate: option.rate === undefined ? DEFAULT_RATE : named('recheck.rate', () => parseRate(option.rate!)),
  };
}
