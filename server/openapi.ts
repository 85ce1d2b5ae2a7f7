import { z } from 'zod';
import { ERROR_CODES } from '../contract/codes.js';
import { HANDLED_STRIPE_EVENTS } from './reconnect/stripe-events.js';
import {
  ConnectRequest,
  ConnectResponse,
  CreateSessionRequest,
  CreateSessionResponse,
  ErrorBodySchema,
  HostEventSchema,
  ImportLegacyRequest,
  StatusSchema,
  TenantDetailsSchema,
} from '../contract/schemas.js';

/** The schemas of the contract, as the routes validate and answer them. */
const SCHEMAS = {
  Status: [StatusSchema, 'output'],
  Error: [ErrorBodySchema, 'output'],
  CreateSessionRequest: [CreateSessionRequest, 'input'],
  CreateSessionResponse: [CreateSessionResponse, 'output'],
  ImportLegacyRequest: [ImportLegacyRequest, 'input'],
  TenantDetails: [TenantDetailsSchema, 'output'],
  ConnectRequest: [ConnectRequest, 'input'],
  ConnectResponse: [ConnectResponse, 'output'],
  HostEvent: [HostEventSchema, 'output'],
} as const;

type SchemaName = keyof typeof SCHEMAS;
const ref = (name: SchemaName) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: SchemaName, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((status) => {
      const codes = Object.entries(ERROR_CODES)
        .filter(([, info]) => info.status === status)
        .map(([code]) => code);
      return [String(status), json('Error', `Error: ${codes.join(', ')}`)];
    }),
  );

const apiKey = [{ apiKey: [] }];
const session = [{ session: [] }];
const tenantParam = { name: 'tenantId', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9._:@-]+$', maxLength: 128 } };

function componentSchemas(): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(SCHEMAS).map(([name, [schema, io]]) => {
      const { $schema: _, ...rest } = z.toJSONSchema(schema as z.ZodType, { io, unrepresentable: 'any' }) as Record<string, unknown>;
      return [name, rest];
    }),
  );
}

/** OpenAPI 3.1 for the HTTP API, generated from the zod schemas the routes validate with. */
export function openApiDocument(options: { serverUrl?: string } = {}) {
  return {
    openapi: '3.1.0',
    info: {
      title: 'stripe-reconnect',
      version: '0.1.0',
      description: 'Show a tenant’s Stripe Connect status and reconnect it. Errors always have the Error shape, with a requestId also in the logs.',
    },
    ...(options.serverUrl && { servers: [{ url: options.serverUrl }] }),
    components: {
      securitySchemes: {
        apiKey: { type: 'http', scheme: 'bearer', description: 'RECONNECT_API_KEY, for the host backend' },
        session: { type: 'http', scheme: 'bearer', description: 'A session token from POST /sessions, for the widget' },
      },
      schemas: componentSchemas(),
    },
    paths: {
      '/sessions': {
        post: {
          summary: 'Mint a short-lived session token for one tenant (host backend)',
          security: apiKey,
          requestBody: { required: true, content: { 'application/json': { schema: ref('CreateSessionRequest') } } },
          responses: { '201': json('CreateSessionResponse', 'The token for the widget'), ...errors(400, 401, 429) },
        },
      },
      '/tenants/{tenantId}/legacy': {
        put: {
          summary: 'Import a legacy API-key connection (state legacy)',
          security: apiKey,
          parameters: [tenantParam],
          requestBody: { required: true, content: { 'application/json': { schema: ref('ImportLegacyRequest') } } },
          responses: { '200': json('Status', 'The tenant’s status'), ...errors(400, 401) },
        },
      },
      '/tenants/{tenantId}': {
        get: {
          summary: 'The tenant’s connection, attempt history and recent host webhook deliveries (no secrets)',
          security: apiKey,
          parameters: [tenantParam],
          responses: { '200': json('TenantDetails', 'The tenant'), ...errors(400, 401, 404) },
        },
      },
      '/status': { get: { summary: 'The Status of the session’s tenant', security: session, responses: { '200': json('Status', 'Status'), ...errors(401) } } },
      '/status/check': {
        post: {
          summary: 'Check the connection with Stripe now (access, payments paused, information due), then the Status',
          security: session,
          responses: { '200': json('Status', 'Status'), ...errors(401, 503) },
        },
      },
      '/connect': {
        post: {
          summary: 'Start a reconnect: Stripe’s authorize URL, with a signed single-use state',
          security: session,
          requestBody: { required: true, content: { 'application/json': { schema: ref('ConnectRequest') } } },
          responses: { '200': json('ConnectResponse', 'Open it in a popup or navigate to it'), ...errors(400, 401, 429) },
        },
      },
      '/disconnect': {
        post: { summary: 'Deauthorize in Stripe; state disconnected', security: session, responses: { '200': json('Status', 'Status'), ...errors(401, 503) } },
      },
      '/oauth/callback': {
        get: {
          summary: 'Stripe sends the browser here. Answers the popup page (postMessage to the widget) or a 303 to the return URL',
          parameters: ['code', 'state', 'scope', 'error', 'error_description'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          responses: { '200': { description: 'The popup page' }, '303': { description: 'Back to returnUrl with stripe_reconnect=success|<code>' }, '400': { description: 'A page explaining the state is not valid' } },
        },
      },
      '/webhooks/stripe': {
        post: {
          summary: `Stripe Connect webhooks (${HANDLED_STRIPE_EVENTS.join(', ')}), verified with STRIPE_WEBHOOK_SECRET`,
          description:
            'Each event is confirmed by retrieving the account from Stripe and applied once per event id. account.updated sets or lifts payments_paused and the requirements_due warning; when Stripe cannot be asked it is answered 503 (stripe_unavailable), so Stripe delivers it again.',
          parameters: [{ name: 'Stripe-Signature', in: 'header', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Received' }, ...errors(400, 401) },
        },
      },
      '/healthz': { get: { summary: 'For load balancers', responses: { '200': { description: 'OK' }, ...errors(500) } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } } },
    },
    webhooks: {
      hostEvent: {
        post: {
          summary: 'Sent to HOST_WEBHOOK_URL, signed in Reconnect-Signature (t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">)',
          description:
            'connection.broken (reason deauthorized, access_revoked or payments_paused) when a connection breaks or the reason changes; connection.repaired when it works again; connection.warning when Stripe starts asking for information by a deadline within 14 days, or the deadline moves (not repeated while it stays the same).',
          requestBody: { content: { 'application/json': { schema: ref('HostEvent') } } },
          responses: { '200': { description: 'Any 2xx acknowledges the event' } },
        },
      },
    },
  };
}
