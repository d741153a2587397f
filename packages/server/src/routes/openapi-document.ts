/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
import { z } from 'zod';
import {
  evalsBodySchema,
  ingestResultSchema,
  ingestSpansBodySchema,
  ingestTracesBodySchema,
  langgraphRunBodySchema,
  sessionListQuerySchema,
  statsOverviewSchema,
  statsQuerySchema,
  traceDetailSchema,
  traceListQuerySchema,
  traceListResponseSchema,
} from '@tracehub/core';

interface Operation {
  method: 'get' | 'post' | 'delete';
  path: string;
  summary: string;
  tag: string;
  body?: z.ZodType;
  query?: z.ZodObject;
  response?: z.ZodType;
  pathParams?: string[];
  auth?: boolean;
}

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/health', summary: 'The process is up', tag: 'operations', auth: false },
  { method: 'get', path: '/ready', summary: 'Database reachable and migrations applied', tag: 'operations', auth: false },
  { method: 'post', path: '/api/v1/ingest/traces', summary: 'Upsert a trace and add its spans', tag: 'ingestion', body: ingestTracesBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/ingest/spans', summary: 'Append span events (START, END, LOG, ERROR, AMENDMENT)', tag: 'ingestion', body: ingestSpansBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/ingest/langgraph-runs', summary: 'Ingest a LangGraph run as a trace with one span per node', tag: 'ingestion', body: langgraphRunBodySchema, response: ingestResultSchema },
  { method: 'post', path: '/api/v1/evals', summary: 'Attach evaluation results to traces', tag: 'ingestion', body: evalsBodySchema, response: ingestResultSchema },
  { method: 'get', path: '/api/v1/traces', summary: 'List traces with filters, search, sort and pagination', tag: 'traces', query: traceListQuerySchema, response: traceListResponseSchema },
  { method: 'get', path: '/api/v1/traces/{trace_id}', summary: 'A trace with its span tree, timeline, evals, amendments and decisions', tag: 'traces', pathParams: ['trace_id'], response: traceDetailSchema },
  { method: 'get', path: '/api/v1/traces/stats/overview', summary: 'Dashboard statistics over the last N hours', tag: 'traces', query: statsQuerySchema, response: statsOverviewSchema },
  { method: 'get', path: '/api/v1/sessions', summary: 'Conversations (traces grouped by session_id)', tag: 'sessions', query: sessionListQuerySchema },
  { method: 'get', path: '/api/v1/sessions/{session_id}', summary: "One conversation's traces in order", tag: 'sessions', pathParams: ['session_id'] },
  { method: 'get', path: '/api/v1/admin/projects', summary: 'List projects', tag: 'admin' },
  { method: 'post', path: '/api/v1/admin/projects', summary: 'Create a project and its first admin key', tag: 'admin' },
  { method: 'get', path: '/api/v1/admin/keys', summary: "List this project's API keys", tag: 'admin' },
  { method: 'post', path: '/api/v1/admin/keys', summary: 'Create an API key (shown once)', tag: 'admin' },
  { method: 'delete', path: '/api/v1/admin/keys/{key_id}', summary: 'Revoke an API key', tag: 'admin', pathParams: ['key_id'] },
];

const jsonSchema = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** Builds the document once. */
export function buildOpenApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of OPERATIONS) {
    const parameters = [
      ...(op.pathParams ?? []).map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...Object.entries(op.query?.shape ?? {}).map(([name, schema]) => ({
        name,
        in: 'query',
        required: false,
        schema: jsonSchema(schema as z.ZodType, 'input'),
      })),
    ];
    (paths[op.path] ??= {})[op.method] = {
      summary: op.summary,
      tags: [op.tag],
      ...(op.auth === false ? { security: [] } : {}),
      ...(parameters.length ? { parameters } : {}),
      ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: jsonSchema(op.body, 'input') } } } } : {}),
      responses: {
        200: {
          description: 'OK',
          ...(op.response ? { content: { 'application/json': { schema: jsonSchema(op.response, 'output') } } } : {}),
        },
        ...(op.auth === false ? {} : { 401: { description: 'Missing or invalid API key' } }),
        400: { description: 'Validation error naming the field' },
      },
    };
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Trace Hub API', version: '0.1.0', description: 'Tracing, evaluation and decisions for LLM applications.' },
    components: {
      securitySchemes: {
        apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
        bearer: { type: 'http', scheme: 'bearer' },
      },
    },
    security: [{ apiKey: [] }, { bearer: [] }],
    paths,
  };
}
