import { z } from 'zod';
import { ERROR_CODES, PROBLEM_CODES, STATES, WARNING_CODES } from '../contract/codes.js';
import { FleetSummary, TENANT_PAGE, TenantList } from '../contract/fleet.js';
import { HANDLED_STRIPE_EVENTS } from './reconnect/stripe-events.js';
import { CompleteRequest, ConnectRequest, ConnectResponse, CreateSessionRequest, CreateSessionResponse, ErrorBody, HostEvent, ImportLegacyRequest, OutcomeMessage, Status, TenantDetails } from '../contract/schemas.js';

/** The schemas of the contract, as the routes validate and answer them. */
const SCHEMAS = {
  Status: [Status, 'output'],
  Error: [ErrorBody, 'output'],
  CreateSessionRequest: [CreateSessionRequest, 'input'],
  CreateSessionResponse: [CreateSessionResponse, 'output'],
  ImportLegacyRequest: [ImportLegacyRequest, 'input'],
  TenantDetails: [TenantDetails, 'output'],
  ConnectRequest: [ConnectRequest, 'input'],
  ConnectResponse: [ConnectResponse, 'output'],
  CompleteRequest: [CompleteRequest, 'input'],
  OutcomeMessage: [OutcomeMessage, 'output'],
  HostEvent: [HostEvent, 'output'],
  TenantList: [TenantList, 'output'],
  FleetSummary: [FleetSummary, 'output'],
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
const query = (name: string, description: string, schema: Record<string, unknown>) => ({ name, in: 'query', required: false, description, schema });
const listParams = [
  query('state', 'Only tenants in this state', { type: 'string', enum: [...STATES] }),
  query('problem', 'Only tenants whose Status shows this problem', { type: 'string', enum: [...PROBLEM_CODES] }),
  query('warning', 'Only connected tenants with this warning', { type: 'string', enum: [...WARNING_CODES] }),
  query('account', 'Only the tenant whose connection is this account', { type: 'string', pattern: '^acct_[A-Za-z0-9_]{1,250}$' }),
  query('limit', `Page size, 1 to ${TENANT_PAGE.max}`, { type: 'integer', minimum: 1, maximum: TENANT_PAGE.max, default: TENANT_PAGE.default }),
  query('cursor', 'nextCursor of the previous page (opaque; only with the same filters)', { type: 'string', maxLength: 1024 }),
];

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
          summary: 'Mint a short-lived session token (at most one hour) for one tenant, and optionally its signed-in user (host backend)',
          description: 'origin binds the token to one page (it must be in ALLOWED_ORIGINS); user binds the flows it starts to that person.',
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
      '/tenants': {
        get: {
          summary: 'Every tenant matching the filters, the most recent change of state first, a page at a time (host backend)',
          description:
            'Keyset pagination: nextCursor gives the next page and stays valid while tenants change (a tenant whose state changes moves to the front; none is listed twice). ' +
            'A check that changes nothing does not move a tenant. An unknown filter or value, a limit outside 1–500, or a cursor this list did not give is 400 validation_failed.',
          security: apiKey,
          parameters: listParams,
          responses: { '200': json('TenantList', 'A page of tenants'), ...errors(400, 401) },
        },
      },
      '/fleet': {
        get: {
          summary: 'Counts for a dashboard: tenants by state, by problem, warnings, and how the re-checks keep up (host backend)',
          security: apiKey,
          responses: { '200': json('FleetSummary', 'The counts'), ...errors(401) },
        },
      },
      '/metrics': {
        get: {
          summary: 'Prometheus metrics (text format), only when METRICS_TOKEN is set (otherwise 404); Authorization: Bearer <METRICS_TOKEN>',
          responses: { '200': { description: 'Prometheus text exposition format', content: { 'text/plain': { schema: { type: 'string' } } } }, ...errors(401, 404) },
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
          summary: 'Start a reconnect: Stripe’s authorize URL, with an opaque single-use state (10 minutes)',
          description:
            'The state says nothing readable: the tenant, the page origin, the mode, returnUrl and the session’s user are kept server-side under a hash of it. ' +
            'returnUrl is required in redirect mode; in popup mode it is the page a popup whose opener is gone finishes on. Its origin must be in ALLOWED_ORIGINS. Rate-limited per tenant.',
          security: session,
          requestBody: { required: true, content: { 'application/json': { schema: ref('ConnectRequest') } } },
          responses: { '200': json('ConnectResponse', 'Open it in a popup or navigate to it'), ...errors(400, 401, 429) },
        },
      },
      '/connect/complete': {
        post: {
          summary: 'Complete a flow: redeem the one-time handle (cmp_…) the browser came back with; only then is the code exchanged and the account checked',
          description:
            'Called by the widget with its session token, from the flow’s own page: the request’s Origin must be the origin the flow started from. ' +
            'A handle is single use, lives 5 minutes, and belongs to the flow’s tenant and, when the session that started the flow named a user, to that user id ' +
            '(a renewed session of the same user completes it). A handle that is unknown, used, expired, or presented by another tenant, user or page is refused with ' +
            'invalid_state, exchanges nothing and stays as it was for its owner. When Stripe could not be reached (stripe_unavailable) the same handle may be presented again: ' +
            'the exchange replays Stripe’s answer. The account errors (account_mismatch, account_already_integrated, account_ineligible, livemode_mismatch) carry error.account, ' +
            'the account that was picked. Rate-limited per tenant.',
          security: session,
          requestBody: { required: true, content: { 'application/json': { schema: ref('CompleteRequest') } } },
          responses: { '200': json('Status', 'Connected: the Status'), ...errors(400, 401, 409, 429, 500, 503) },
        },
      },
      '/disconnect': {
        post: { summary: 'Deauthorize in Stripe; state disconnected', security: session, responses: { '200': json('Status', 'Status'), ...errors(401, 503) } },
      },
      '/oauth/callback': {
        get: {
          summary: 'Stripe sends the browser here. Nothing is exchanged: the code is kept, encrypted, as a pending completion whose one-time handle goes to this browser only',
          description:
            'Popup mode: a page posts an OutcomeMessage to the opener, at the flow’s exact origin (never *), and closes; with no opener left it goes to returnUrl with the redirect parameters. ' +
            'Redirect mode: 303 to returnUrl. Junk (no state this server issued) is rate-limited per client address (see TRUST_PROXY); a state that verifies, per tenant.',
          parameters: ['code', 'state', 'scope', 'error', 'error_description'].map((name) => ({ name, in: 'query', schema: { type: 'string' } })),
          responses: {
            '200': { description: 'The popup page (posts an OutcomeMessage)' },
            '303': { description: 'Back to returnUrl with stripe_reconnect=pending&stripe_reconnect_completion=cmp_…, or stripe_reconnect=<code>' },
            '400': { description: 'A page explaining the state is not valid' },
          },
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
