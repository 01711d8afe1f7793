import { PassThrough, type Transform } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { HttpError } from './http-error.ts';

/** The content codings a request body may come in (RFC 9110, section 8.4.1), and how each is undone. */
const DECODERS: Record<string, () => Transform> = {
  gzip: createGunzip,
  'x-gzip': createGunzip,
  deflate: createInflate,
  br: createBrotliDecompress,
};

const UNSUPPORTED = 'Unsupported Content-Encoding: send the body as gzip, deflate, br or identity.';

/** What Fastify reads the body from; its `receivedEncodedLength` is checked against `Content-Length`. */
type DecodedBody = PassThrough & { receivedEncodedLength: number };

/**
 * Request bodies with `Content-Encoding: gzip`, `deflate` or `br` are decompressed before they are parsed; any other
 * coding (or more than one) is `415`. The limit of `limitBytes` holds for the bytes received and for the decompressed
 * body alike: a body that inflates beyond it (a "zip bomb") is `413`, and decompressing stops there. Data that does not
 * decompress is `400`.
 */
export const contentEncoding = fp(
  async function contentEncoding(app: FastifyInstance, options: { limitBytes: number }) {
    app.addHook('preParsing', (request, _reply, payload, done) => {
      const coding = request.headers['content-encoding']?.trim().toLowerCase();
      const hasBody = request.headers['content-length'] !== undefined || request.headers['transfer-encoding'] !== undefined;
      if (!hasBody || coding === undefined || coding === '' || coding === 'identity') return done(null, payload);
      const decoder = DECODERS[coding]?.();
      if (!decoder) return done(new HttpError(415, UNSUPPORTED), payload);

      const decoded = new PassThrough() as DecodedBody;
      decoded.receivedEncodedLength = 0;
      // Fastify listens for errors only while it reads; one that comes after it stopped must not go unhandled.
      decoded.on('error', () => {});
      let decodedBytes = 0;
      const stop = (error: Error) => {
        payload.unpipe(decoder);
        decoder.destroy();
        // What is left of the body is read and dropped, so that the connection can carry the next request.
        payload.resume();
        decoded.destroy(error);
      };
      const tooLarge = () => stop(new HttpError(413, 'The request body is too large.'));
      payload.on('data', (chunk: Buffer) => {
        decoded.receivedEncodedLength += chunk.length;
        if (decoded.receivedEncodedLength > options.limitBytes) tooLarge();
      });
      decoder.on('data', (chunk: Buffer) => {
        decodedBytes += chunk.length;
        if (decodedBytes > options.limitBytes) tooLarge();
        else decoded.write(chunk);
      });
      decoder.on('end', () => decoded.end());
      decoder.on('error', () => stop(new HttpError(400, `Invalid request body: not valid ${coding} data.`)));
      payload.pipe(decoder);
      done(null, decoded);
    });
  },
  { name: 'content-encoding' },
);
