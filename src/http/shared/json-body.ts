import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { InvalidParameterError } from '../../domain/errors.ts';
import { HttpError } from './http-error.ts';
import { unstorableTextPath } from './unstorable-text.ts';

const CHARSET = /;\s*charset\s*=\s*"?([^";\s]*)"?/i;
const UTF8 = new Set(['utf-8', 'utf8']);
// Fatal: bytes that are not UTF-8 are refused, never replaced by U+FFFD. A BOM is kept, and refused as JSON.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The one request body: JSON in UTF-8 (RFC 8259, section 8.1), parsed as Fastify does (`__proto__` refused), and
 * read exactly or not at all:
 * - a `charset` other than UTF-8 is `415`, rather than its bytes being read as UTF-8;
 * - bytes that are not UTF-8 are `400 Invalid JSON`, rather than replaced;
 * - a text that a database would not store as sent (a lone surrogate escape such as `"\ud800"`, or `"\u0000"`) is
 *   `400 Invalid <Parameter>`, wherever it is in the body.
 */
export const jsonBody = fp(
  async function jsonBody(app: FastifyInstance) {
    const parseJson = app.getDefaultJsonParser(app.initialConfig.onProtoPoisoning ?? 'error', app.initialConfig.onConstructorPoisoning ?? 'error');
    app.removeContentTypeParser('application/json');
    app.addContentTypeParser('application/json', { parseAs: 'buffer' }, function json(request, body, done) {
      const charset = CHARSET.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
      if (charset !== undefined && !UTF8.has(charset)) {
        return done(new HttpError(415, 'Unsupported charset: send the body as application/json in UTF-8.'), undefined);
      }
      let text: string;
      try {
        text = strictUtf8.decode(body as Buffer);
      } catch {
        return done(new HttpError(400, 'Invalid JSON'), undefined);
      }
      parseJson(request, text, (error, parsed) => {
        if (error) return done(error, undefined);
        // Only a `\u` escape can bring a NUL or a lone surrogate: a raw NUL is not JSON, and the strict decoding above
        // refuses an encoded surrogate. Most bodies have none, and skip the walk.
        const path = text.includes('\\u') ? unstorableTextPath(parsed) : undefined;
        if (path === undefined) return done(null, parsed);
        done(new InvalidParameterError(path || 'request body', 'must be Unicode text without NUL characters or lone surrogates.'), undefined);
      });
    });
  },
  { name: 'json-body' },
);
