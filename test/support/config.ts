import assert from 'node:assert/strict';
import { ConfigError, loadConfig } from '../../server/config.js';

/** What `loadConfig` refuses `env` for, each problem as it says it; none when it takes it. */
export function configProblems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    assert.ok(error instanceof ConfigError);
    return error.problems;
  }
  return [];
}
