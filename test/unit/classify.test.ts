/**
 * `classifyStripeError`: what a failed Stripe call means, for the errors the
 * stripe client really throws. They are made with the client's own factories
 * (`generateV1Error` for the API, `generateOAuthError` for connect.stripe.com),
 * fed what Stripe answers, as the client does with a response.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import Stripe from 'stripe';
import { classifyStripeError, type StripeFailure } from '../../server/stripe/classify.js';

type RawError = Parameters<typeof Stripe.errors.generateV1Error>[0];
const api = (raw: RawError) => Stripe.errors.generateV1Error(raw);
/** The client turns `{ error, error_description }` into `{ type, message }`. */
const oauth = (error: RawError['type'] & string, description: string, statusCode = 400) => Stripe.errors.generateOAuthError({ type: error, message: description, statusCode });

describe('classifyStripeError', () => {
  const cases: Array<[string, unknown, StripeFailure]> = [
    // Stripe did not answer usefully: retry later.
    ['no connection (network, DNS, TLS, timeout)', new Stripe.errors.StripeConnectionError({ message: 'An error occurred with our connection to Stripe.' }), 'unavailable'],
    ['429 Too Many Requests', api({ statusCode: 429, message: 'Too many requests' }), 'unavailable'],
    ['400 with code rate_limit', api({ statusCode: 400, code: 'rate_limit', message: 'Too many requests' }), 'unavailable'],
    ['500', api({ statusCode: 500, type: 'api_error', message: 'Something went wrong' }), 'unavailable'],
    ['502', api({ statusCode: 502, type: 'api_error' }), 'unavailable'],
    ['503', api({ statusCode: 503, type: 'api_error' }), 'unavailable'],
    ['an API error without a status', new Stripe.errors.StripeAPIError({ message: 'Invalid JSON received from the Stripe API' }), 'unavailable'],
    ['any other Stripe error class with a 5xx status', new Stripe.errors.StripeInvalidRequestError({ statusCode: 504 }), 'unavailable'],

    // OAuth invalid_grant: the code is no good, or was made in the other mode.
    ['invalid_grant: unknown code', oauth('invalid_grant', 'Authorization code does not exist: ac_123'), 'invalid_grant'],
    ['invalid_grant: code already used', oauth('invalid_grant', 'This authorization code has already been used. All tokens issued with this code have been revoked.'), 'invalid_grant'],
    ['invalid_grant: expired', oauth('invalid_grant', 'Authorization code expired: ac_123'), 'invalid_grant'],
    ['invalid_grant: no description', oauth('invalid_grant', ''), 'invalid_grant'],
    ['invalid_grant: Stripe’s live/test wording', oauth('invalid_grant', 'Passed in livemode API key but authorization code only supports returning test keys'), 'invalid_grant_mode'],
    ['invalid_grant: "test mode", two words', oauth('invalid_grant', 'This authorization code was created in test mode.'), 'invalid_grant_mode'],
    ['invalid_grant: "Live mode", any case', oauth('invalid_grant', 'Live mode keys cannot use this code'), 'invalid_grant_mode'],
    ['invalid_grant: "mode" inside another word is not the mode', oauth('invalid_grant', 'Code for an alive model expired'), 'invalid_grant'],

    // OAuth invalid_client on deauthorize: the account is not connected to this platform.
    ['invalid_client', oauth('invalid_client', 'This application is not connected to stripe account acct_123, or that account does not exist.', 401), 'not_connected'],

    // No access to the account.
    ['403 permission error', api({ statusCode: 403, type: 'invalid_request_error', message: 'The provided key does not have access to account' }), 'no_access'],
    ['account_invalid on a 400', api({ statusCode: 400, type: 'invalid_request_error', code: 'account_invalid', message: 'The provided key does not have access to account' }), 'no_access'],
    ['account_invalid on a 401', api({ statusCode: 401, type: 'invalid_request_error', code: 'account_invalid' }), 'no_access'],

    // Configuration or programming problems.
    ['401 bad API key', api({ statusCode: 401, type: 'invalid_request_error', message: 'Invalid API Key provided' }), 'other'],
    ['400 invalid request', api({ statusCode: 400, type: 'invalid_request_error', code: 'parameter_unknown' }), 'other'],
    ['404 no such account', api({ statusCode: 404, type: 'invalid_request_error', code: 'resource_missing' }), 'other'],
    ['402 card error', api({ statusCode: 402, type: 'card_error', code: 'card_declined' }), 'other'],
    ['idempotency error', api({ statusCode: 400, type: 'idempotency_error' }), 'other'],
    ['OAuth invalid_request', oauth('invalid_request', 'No grant type specified'), 'other'],
    ['OAuth invalid_scope', oauth('invalid_scope', 'Invalid scope'), 'other'],

    // Not from the stripe client at all: decided by class, never by look-alike strings.
    ['a plain Error that says timeout', new Error('ETIMEDOUT connecting to api.stripe.com'), 'other'],
    ['a look-alike object', { type: 'StripeConnectionError', statusCode: 503, code: 'account_invalid' }, 'other'],
    ['a string', 'invalid_grant', 'other'],
    ['null', null, 'other'],
    ['undefined', undefined, 'other'],
  ];
  for (const [name, error, expected] of cases) {
    test(`${name} → ${expected}`, () => assert.equal(classifyStripeError(error), expected));
  }

  test('the factories made the classes the cases are named after', () => {
    assert.ok(api({ statusCode: 429 }) instanceof Stripe.errors.StripeRateLimitError);
    assert.ok(api({ statusCode: 403 }) instanceof Stripe.errors.StripePermissionError);
    assert.ok(api({ statusCode: 500 }) instanceof Stripe.errors.StripeAPIError);
    assert.ok(oauth('invalid_grant', 'x') instanceof Stripe.errors.StripeInvalidGrantError);
    assert.ok(oauth('invalid_client', 'x') instanceof Stripe.errors.StripeInvalidClientError);
  });
});
