/**
 * The OpenAPI document of the HTTP API, served at /api/openapi.json and checked in as api/openapi.json. A test
 * fails when the checked-in file, this document or the registered routes drift apart.
 */
import { DELIVERY_STATUSES, FEED_PHASES } from '../workflow/types.js';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const errors = (...codes: number[]) => Object.fromEntries(codes.map((c) => [String(c), { $ref: `#/components/responses/E${c}` }]));
const pathParam = (name: string, description: string) => ({ name, in: 'path', required: true, schema: { type: 'string' }, description });
const CODE = pathParam('code', 'Utility code (3–4 lowercase letters or digits)');
const ID = pathParam('id', 'Delivery id');
const STANDARD = pathParam('standard', 'Standard name, e.g. legacy-billing');
const decision = { required: false, content: { 'application/json': { schema: { type: 'object', properties: { comment: { type: 'string' } }, additionalProperties: false } } } };

export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Intake API',
      // The API's own version: it changes when an endpoint changes incompatibly, not with every release.
      version: '1.0.0',
      description: 'Deliveries of utility data: upload, validation reports, review rounds, approval and loading. Every /api call except this document carries `Authorization: Bearer <token>`. An operator token sees and decides everything; a utility token sees only its utility and cannot approve, reject or change profiles. Errors are `{ error: { code, message } }`.',
    },
    security: [{ bearer: [] }],
    paths: {
      '/healthz': { get: { summary: 'Store health', security: [], responses: { 200: json({ type: 'object', properties: { ok: { type: 'boolean' } } }), 503: { description: 'The store does not answer' } } } },
      '/api/openapi.json': { get: { summary: 'This document', security: [], responses: { 200: json({ type: 'object' }) } } },
      '/api/me': { get: { summary: 'The caller: role and utility', responses: { 200: json(ref('Me')), ...errors(401) } } },
      '/api/utilities': {
        get: { summary: 'Utilities the caller may see, with profiles and feeds', responses: { 200: json({ type: 'object', properties: { utilities: { type: 'array', items: ref('Utility') } } }), ...errors(401) } },
        post: {
          summary: 'Register a utility (operator)',
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['code', 'name'], properties: { code: { type: 'string' }, name: { type: 'string' }, profile: ref('ProfileOverrides') } } } } },
          responses: { 201: json(ref('Utility'), 'Created'), ...errors(400, 401, 403, 409) },
        },
      },
      '/api/utilities/{code}': { get: { summary: 'One utility, its profile and its feeds (one per standard) with their phases', parameters: [CODE], responses: { 200: json(ref('Utility')), ...errors(401, 403, 404) } } },
      '/api/utilities/{code}/profile': {
        put: { summary: 'Replace the profile overrides (operator)', parameters: [CODE], requestBody: { required: true, content: { 'application/json': { schema: ref('ProfileOverrides') } } }, responses: { 200: json(ref('Utility')), ...errors(400, 401, 403, 404) } },
        patch: { summary: 'Merge keys into the profile overrides (operator)', parameters: [CODE], requestBody: { required: true, content: { 'application/json': { schema: ref('ProfileOverrides') } } }, responses: { 200: json(ref('Utility')), ...errors(400, 401, 403, 404) } },
      },
      '/api/utilities/{code}/webhook': {
        put: {
          summary: 'Set or clear the webhook (operator). Each status change is POSTed as JSON signed in `X-Intake-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.',
          parameters: [CODE],
          requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', required: ['url'], properties: { url: { type: ['string', 'null'] }, secret: { type: 'string' } } } } } },
          responses: { 204: { description: 'Saved' }, ...errors(400, 401, 403, 404) },
        },
      },
      '/api/utilities/{code}/audit': { get: { summary: 'Audit log of the utility: every transition, who, when, comment', parameters: [CODE], responses: { 200: json({ type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') } } }), ...errors(401, 403, 404) } } },
      '/api/utilities/{code}/deliveries': {
        post: {
          summary: 'Upload one delivery’s files (multipart); the web counterpart of SFTP',
          parameters: [CODE],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  properties: {
                    files: { type: 'array', items: { type: 'string', format: 'binary' } },
                    standard: { type: 'string', description: 'For files whose names do not tell the standard' },
                    phase: { type: 'string', enum: ['sample', 'full', 'incremental'], description: 'Refused (409, GATE_*) when the feed is not in that phase' },
                    asOf: { type: 'string', format: 'date', description: 'Date the phase rules are judged against (default today)' },
                  },
                },
              },
            },
          },
          responses: { 201: json(ref('Delivery'), 'Received; validation is queued'), ...errors(400, 401, 403, 404, 409) },
        },
      },
      '/api/utilities/{code}/customers': {
        get: {
          summary: 'Loaded accounts whose id or customer id is q, or whose customer name starts with q',
          parameters: [CODE, { name: 'q', in: 'query', required: true, schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 200, default: 50 } }],
          responses: { 200: json({ type: 'object', properties: { customers: { type: 'array', items: ref('AccountSummary') } } }), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/utilities/{code}/accounts/{id}': {
        get: {
          summary: 'One loaded account: its customer, service points and bill history (with lineage and replaced values)',
          parameters: [CODE, pathParam('id', 'Account id')],
          responses: { 200: json({ type: 'object', properties: { accountId: { type: 'string' }, customer: { type: 'object' }, account: ref('AccountSummary'), servicePoints: { type: 'array', items: { type: 'object' } }, bills: { type: 'array', items: { type: 'object' } } } }), ...errors(401, 403, 404) },
        },
      },
      '/api/utilities/{code}/service-points/{id}/daily': {
        get: {
          summary: 'Interval usage of a service point summed per local day',
          parameters: [CODE, pathParam('id', 'Service point id'), { name: 'from', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{8}$' } }, { name: 'to', in: 'query', required: true, schema: { type: 'string', pattern: '^\\d{8}$' } }],
          responses: { 200: json({ type: 'object', properties: { days: { type: 'array', items: { type: 'object', properties: { day: { type: 'string' }, serviceQuantityIdentifier: { type: 'string' }, units: { type: ['string', 'null'] }, total: { type: 'string' }, intervals: { type: 'integer' } } } } } }), ...errors(400, 401, 403, 404) },
        },
      },
      '/api/deliveries': {
        get: {
          summary: 'Deliveries, newest first (a utility token: its own only)',
          parameters: [
            { name: 'utility', in: 'query', schema: { type: 'string' } },
            { name: 'status', in: 'query', schema: { type: 'string', enum: [...DELIVERY_STATUSES] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: 1000, default: 100 } },
          ],
          responses: { 200: json({ type: 'object', properties: { deliveries: { type: 'array', items: ref('Delivery') } } }), ...errors(400, 401, 403) },
        },
      },
      '/api/deliveries/{id}': { get: { summary: 'One delivery', parameters: [ID], responses: { 200: json(ref('Delivery')), ...errors(401, 403, 404) } } },
      '/api/deliveries/{id}/report': { get: { summary: 'The JSON validation report (contract.md)', parameters: [ID], responses: { 200: json(ref('Report')), ...errors(401, 403, 404, 409) } } },
      '/api/deliveries/{id}/report.html': { get: { summary: 'The HTML report', parameters: [ID], responses: { 200: { description: 'OK', content: { 'text/html': { schema: { type: 'string' } } } }, ...errors(401, 403, 404, 409) } } },
      '/api/deliveries/{id}/issues.csv': { get: { summary: 'The issues as CSV', parameters: [ID], responses: { 200: { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(401, 403, 404, 409) } } },
      '/api/deliveries/{id}/diff': { get: { summary: 'Issues fixed, new and still open against the previous round of the same feed and phase', parameters: [ID], responses: { 200: json(ref('RoundDiff')), ...errors(401, 403, 404, 409) } } },
      '/api/deliveries/{id}/audit': { get: { summary: 'Audit trail of one delivery', parameters: [ID], responses: { 200: json({ type: 'object', properties: { entries: { type: 'array', items: ref('AuditEntry') } } }), ...errors(401, 403, 404) } } },
      '/api/deliveries/{id}/approve': { post: { summary: 'Approve (operator). Moves the feed: sample → full, first incremental → auto; full and incrementals are loaded', parameters: [ID], requestBody: decision, responses: { 200: json(ref('Delivery')), ...errors(401, 403, 404, 409) } } },
      '/api/deliveries/{id}/reject': { post: { summary: 'Reject (operator)', parameters: [ID], requestBody: decision, responses: { 200: json(ref('Delivery')), ...errors(401, 403, 404, 409) } } },
      '/api/specs': { get: { summary: 'The standards Intake implements', responses: { 200: json({ type: 'object', properties: { specs: { type: 'array', items: { type: 'object' } } } }), ...errors(401) } } },
      '/api/specs/{standard}': { get: { summary: 'One standard as data: file types, columns, rules', parameters: [STANDARD], responses: { 200: json({ type: 'object' }), ...errors(401, 404) } } },
      '/api/specs/{standard}/template.csv': { get: { summary: 'Column mapping template (CSV)', parameters: [STANDARD], responses: { 200: { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } }, ...errors(401, 404) } } },
    },
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'intake token create --role operator | --role utility --utility CODE' } },
      responses: Object.fromEntries([
        [400, 'Bad input'], [401, 'No or unknown token'], [403, 'Not allowed for this token'], [404, 'Not found'],
        [409, 'Not possible in the current state (illegal transition, gate)'],
      ].map(([c, d]) => [`E${c}`, json(ref('Error'), String(d))])),
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } } },
        Me: { type: 'object', properties: { role: { type: 'string', enum: ['operator', 'utility'] }, utility: { type: ['string', 'null'] }, label: { type: ['string', 'null'] } } },
        ProfileOverrides: { type: 'object', description: 'Overrides of the default profile (spec/DECISIONS.md): allowNegativeUsage, allowAccountDeletion, usesCcb, timeZone, expectedAccounts, extraEnumValues, requiredColumns, layout, interval, eu' },
        Feed: {
          type: 'object',
          properties: {
            id: { type: 'integer' }, utility: { type: 'string' }, standard: { type: 'string' }, phase: { type: 'string', enum: [...FEED_PHASES] },
            status: { type: 'string', enum: ['waiting', ...DELIVERY_STATUSES], description: 'Status of the newest delivery; waiting before the first' },
            lastDelivery: { oneOf: [{ type: 'object', properties: { id: { type: 'string' }, phase: { type: 'string' }, round: { type: 'integer' }, status: { type: 'string' }, summary: { oneOf: [ref('Summary'), { type: 'null' }] }, createdAt: { type: 'string' } } }, { type: 'null' }] },
            lastProcessedStamp: { type: ['string', 'null'] }, updatedAt: { type: 'string' },
          },
        },
        Utility: {
          type: 'object',
          properties: {
            code: { type: 'string' }, name: { type: 'string' }, profile: ref('ProfileOverrides'), eu: { type: 'boolean' },
            expectedAccounts: { type: ['integer', 'null'] }, webhookUrl: { type: ['string', 'null'] }, createdAt: { type: 'string' },
            feeds: { type: 'array', items: ref('Feed') },
          },
        },
        Summary: { type: 'object', properties: { files: { type: 'integer' }, rows: { type: 'integer' }, errors: { type: 'integer' }, warnings: { type: 'integer' }, infos: { type: 'integer' }, passed: { type: 'boolean' } } },
        Delivery: {
          type: 'object',
          properties: {
            id: { type: 'string' }, utility: { type: 'string' }, standard: { type: 'string' }, phase: { type: 'string', enum: ['sample', 'full', 'incremental'] },
            round: { type: 'integer', description: '1, 2, … within the phase' }, source: { type: 'string', enum: ['upload', 'shared_files', 'Uploads'] },
            status: { type: 'string', enum: [...DELIVERY_STATUSES] }, files: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' }, bytes: { type: 'integer' } } } },
            summary: { oneOf: [ref('Summary'), { type: 'null' }] }, asOf: { type: ['string', 'null'] }, error: { type: ['string', 'null'] }, createdAt: { type: 'string' }, updatedAt: { type: 'string' },
            filesPurgedAt: { type: ['string', 'null'], description: 'When the raw files were deleted after the retention period (60 days, EU 30); null while they are kept' },
          },
        },
        Report: { type: 'object', description: 'The JSON report of contract.md', properties: { tool: { type: 'string' }, version: { type: 'string' }, summary: ref('Summary'), files: { type: 'array', items: { type: 'object' } }, issues: { type: 'array', items: { type: 'object' } }, profile: { type: 'object' } } },
        DiffEntry: { type: 'object', properties: { state: { type: 'string', enum: ['fixed', 'new', 'open'] }, fingerprint: { type: 'string' }, code: { type: 'string' }, severity: { type: 'string' }, fileType: { type: 'string' }, column: { type: 'string' }, key: { type: 'string' }, previous: { type: 'integer' }, current: { type: 'integer' } } },
        RoundDiff: {
          type: 'object',
          properties: {
            deliveryId: { type: 'string' }, round: { type: 'integer' }, previousDeliveryId: { type: ['string', 'null'] },
            counts: { type: 'object', properties: { fixed: { type: 'integer' }, new: { type: 'integer' }, open: { type: 'integer' } } },
            fixed: { type: 'array', items: ref('DiffEntry') }, new: { type: 'array', items: ref('DiffEntry') }, open: { type: 'array', items: ref('DiffEntry') },
            notes: { type: 'array', items: { type: 'string' } },
          },
        },
        AccountSummary: { type: 'object', properties: { accountId: { type: 'string' }, customerId: { type: ['string', 'null'] }, name: { type: 'string' }, activeDate: { type: ['string', 'null'] }, inactiveDate: { type: ['string', 'null'] }, city: { type: ['string', 'null'] } } },
        AuditEntry: { type: 'object', properties: { id: { type: 'integer' }, utility: { type: 'string' }, deliveryId: { type: ['string', 'null'] }, feedId: { type: ['integer', 'null'] }, action: { type: 'string' }, from: { type: ['string', 'null'] }, to: { type: 'string' }, actor: { type: 'string' }, comment: { type: ['string', 'null'] }, at: { type: 'string' } } },
      },
    },
  };
}
