import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Mode } from '../../config/config.ts';
import { nowUtc } from '../../domain/time.ts';
import { ADMIN_SECURITY_SCHEME } from '../admin/index.ts';
import { CONNECTOR_PREFIX } from '../connector/index.ts';
import { connectorExamples, ERROR_EXAMPLE, exampleCredentials, WEBHOOKS_DESCRIPTION } from './api-examples.ts';
import { postmanCollection } from './postman-collection.ts';

const TITLE = 'connector-messaging';

/** The parts of the OpenAPI document this module reads and writes. */
export interface OpenApiDocument {
  info: { title: string; description?: string; version: string };
  servers?: { url: string }[];
  paths: Record<string, Record<string, OpenApiOperation>>;
  [key: string]: unknown;
}
export interface OpenApiOperation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> };
  responses?: Record<string, { content?: Record<string, { schema?: unknown; example?: unknown }> }>;
}

/** A speech bubble, the logo and favicon of /docs instead of the framework's. */
const LOGO = Buffer.from(
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect x="4" y="6" width="56" height="40" rx="10" fill="#1f6feb"/>' +
    '<path d="M18 46 L14 60 L30 46 Z" fill="#1f6feb"/><rect x="14" y="18" width="36" height="5" rx="2.5" fill="#fff"/>' +
    '<rect x="14" y="29" width="24" height="5" rx="2.5" fill="#fff"/></svg>',
);

/** The served document for one request: examples for the server's mode, and the server as this request reached it. */
function documentFor(document: OpenApiDocument, request: FastifyRequest, mode: Mode): OpenApiDocument {
  const served = structuredClone(document);
  served.servers = [{ url: `${request.protocol}://${request.host}` }];
  const note =
    mode === 'production'
      ? 'Examples carry placeholders for your credentials.'
      : 'This server runs in sandbox mode: the examples carry the public demo credentials (README, "Sandbox tenants"), so "Try it out" answers `200` as it stands on every Connector operation (`messages/add` and `messages/getAll` on the demo\'s seeded thread).';
  served.info.description = `${served.info.description ?? ''}\n\n${note} A Postman collection of every operation is at [/openapi.postman.json](/openapi.postman.json).\n${WEBHOOKS_DESCRIPTION}`;
  for (const [path, examples] of Object.entries(connectorExamples(mode, nowUtc(), CONNECTOR_PREFIX))) {
    const operation = served.paths[path]?.post;
    if (!operation) continue;
    const requestMedia = operation.requestBody?.content['application/json'];
    if (requestMedia) requestMedia.example = examples.request;
    const ok = operation.responses?.['200']?.content?.['application/json'];
    if (ok) ok.example = examples.response;
    const invalid = operation.responses?.['400']?.content?.['application/json'];
    if (invalid) invalid.example = ERROR_EXAMPLE;
  }
  return served;
}

/**
 * `publicAdminToken`: the sandbox's admin token when it is the one in use, for the collection's variable; never a
 * configured one.
 *
 * The API's reference: the OpenAPI document of every documented route (`/openapi.json`), Swagger UI over it at
 * `/docs`, titled for this project, and a Postman collection of it (`/openapi.postman.json`). Registered before the
 * routes it documents, and not encapsulated, so that it sees them all.
 */
export const apiDocs = fp(async function apiDocs(app: FastifyInstance, options: { mode: Mode; publicAdminToken: string | undefined }) {
  const { mode, publicAdminToken } = options;
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: `${TITLE}: Connector API customer messaging`,
        version: 'v1',
        description:
          'Message threads and messages of the Connector API, as this server implements them, with its enterprise (staff) and admin APIs. Every operation is a POST with a JSON body; every response carries a Request-Id header.',
      },
      components: { securitySchemes: ADMIN_SECURITY_SCHEME },
    },
  });
  const served = (request: FastifyRequest) => documentFor(app.swagger() as unknown as OpenApiDocument, request, mode);
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    logo: { type: 'image/svg+xml', content: LOGO, href: '/docs', target: '_self' },
    theme: {
      title: `${TITLE}: API reference`,
      favicon: [{ filename: 'favicon.svg', rel: 'icon', sizes: 'any', type: 'image/svg+xml', content: LOGO }],
    },
    uiConfig: { docExpansion: 'list', displayRequestDuration: true, tryItOutEnabled: true },
    transformSpecificationClone: false,
    transformSpecification: (_document, request) => served(request),
  });

  app.get('/openapi.json', { schema: { hide: true } }, async function openapi(request) {
    return served(request);
  });

  app.get('/openapi.postman.json', { schema: { hide: true } }, async function postman(request) {
    return postmanCollection(served(request), {
      credentials: exampleCredentials(mode),
      adminToken: publicAdminToken ?? '',
    });
  });
});
