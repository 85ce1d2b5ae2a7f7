/** Test-only secrets, shared by the in-process stack and the spawned instances. */
export const API_KEY = 'test-reconnect-api-key-0123456789';
export const SESSION_SECRET = 'test-session-secret-0123456789abcdef-0123456789';
export const ENCRYPTION_KEY = 'a1'.repeat(32);
export const HOST_WEBHOOK_SECRET = 'test-host-webhook-secret-0123456789';
