import type { Context } from 'hono';
import { PLATFORM_NAME_HEADER } from '../../contract/codes.js';
import type { AppEnv } from '../env.js';
import { setAnswerHeader } from './answer-headers.js';

export interface PlatformNameOptions {
  /** The host product's name, as Stripe lists it among an account's installed apps. */
  name: string;
}

/**
 * Tells the element the product's name, so its texts can say "find Acme
 * Invoicing in Stripe" rather than "find this app". Percent-encoded: a header
 * carries only ASCII, and names often do not.
 */
export function platformNameHeader({ name }: PlatformNameOptions): (c: Context<AppEnv>) => void {
  if (name.trim() === '' || name.length > 100) throw new Error('platformName: the name must be 1 to 100 characters');
  const value = encodeURIComponent(name.trim());
  return (c) => setAnswerHeader(c, PLATFORM_NAME_HEADER, value);
}
