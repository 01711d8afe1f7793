import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';

/**
 * The ceiling: a bare node:http server that reads a JSON body and answers a MessageThreadResult-shaped JSON body, with no
 * framework, validation or storage. Listens on PORT.
 */
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { OriginalSender: string; Subject: string };
    const id = randomUUID();
    const now = `${new Date().toISOString().slice(0, 19)}Z`;
    const result = {
      MessageThreads: [{ Id: id, OriginalSender: body.OriginalSender, Subject: body.Subject, CreatedUtc: now, UpdatedUtc: now, IsResolved: false }],
      Cursor: id,
    };
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'request-id': randomUUID() });
    response.end(JSON.stringify(result));
  });
});

server.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => server.close(() => process.exit(0)));
