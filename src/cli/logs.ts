import { Command, InvalidArgumentError } from 'commander';
import { adminConnection, answerOf, fetchFrom, postAdmin, reportFailure, withServerOptions, type ServerOptions } from './sandbox.ts';

interface LogsOptions extends ServerOptions {
  readonly sandbox?: string;
  readonly follow?: boolean;
  readonly count: number;
}

/** A recorded request as `requests/getAll` and the stream answer it. */
interface Entry {
  readonly Id: string;
  readonly CreatedUtc: string;
  readonly Method: string;
  readonly Operation: string;
  readonly Status: number;
  readonly DurationMs: number;
  readonly RequestId: string;
  readonly FaultId: string | null;
}

const DEFAULT_COUNT = 20;
/** The demo sandbox's fixed id (`DEMO_SANDBOX_ID`), written out so that `--help` loads nothing. */
const DEMO_SANDBOX_ID = '00000000-0000-4000-8000-00000000de70';

function parseCount(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1000) throw new InvalidArgumentError('expected a whole number from 1 to 1000.');
  return Number(value);
}

/** One line per request: time, operation, status, duration, Request-Id (and the fault that answered, if one did). */
export function formatEntry(entry: Entry, json: boolean | undefined): string {
  if (json) return `${JSON.stringify(entry)}\n`;
  const duration = `${entry.DurationMs.toFixed(1)} ms`.padStart(10);
  const fault = entry.FaultId === null ? '' : `  fault ${entry.FaultId}`;
  return `${entry.CreatedUtc}  ${entry.Operation.padEnd(24)} ${String(entry.Status)} ${duration}  ${entry.RequestId}${fault}\n`;
}

/**
 * Opens the live stream; resolves once it is open, with the function that prints its entries until it ends. Opened
 * before the newest entries are read, so that none falls between the two; `printed` are passed over.
 */
async function openFollow(options: LogsOptions, sandboxId: string): Promise<(printed: ReadonlySet<string>) => Promise<void>> {
  const admin = await adminConnection(options);
  const url = admin.url('requests/stream');
  url.searchParams.set('SandboxId', sandboxId);
  const response = await fetchFrom(url, { headers: { authorization: admin.authorization, accept: 'text/event-stream' } });
  if (!response.ok || !response.body) await answerOf(response);
  return async (printed) => {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body!) {
      buffered += decoder.decode(chunk as Uint8Array, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const data = event.split('\n').find((line) => line.startsWith('data: '));
        if (!data) continue;
        const entry = JSON.parse(data.slice('data: '.length)) as Entry;
        if (!printed.has(entry.Id)) process.stdout.write(formatEntry(entry, options.json));
      }
    }
  };
}

/** `logs`: a sandbox's recorded Connector API requests (the request journal), newest last; with `--follow`, live. */
export function logsCommand(): Command {
  return withServerOptions(
    new Command('logs').description(
      'Print the newest Connector API requests recorded for a sandbox (time, operation, status, duration, Request-Id), oldest of them first; --follow then prints new ones as they come.',
    ),
    'print each request as one line of JSON, with its masked bodies',
  )
    .option('--sandbox <id>', 'the sandbox\'s id; default: the demo sandbox')
    .option('--follow', 'keep printing new requests as they are recorded, until interrupted')
    .option('--count <count>', `how many of the newest to print first, 1 to 1000 (${DEFAULT_COUNT} by default)`, parseCount, DEFAULT_COUNT)
    .action(async (options: LogsOptions) => {
      try {
        const sandboxId = options.sandbox ?? DEMO_SANDBOX_ID;
        const following = options.follow ? await openFollow(options, sandboxId) : undefined;
        const answer = await postAdmin(options, 'requests/getAll', { SandboxId: sandboxId, Limitation: { Count: options.count } });
        const newest = [...(answer.Requests as Entry[])].reverse();
        for (const entry of newest) process.stdout.write(formatEntry(entry, options.json));
        await following?.(new Set(newest.map((entry) => entry.Id)));
      } catch (error) {
        reportFailure(error);
      }
    });
}
