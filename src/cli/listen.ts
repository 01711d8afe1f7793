import { Command } from 'commander';
import { postAdmin, reportFailure, withServerOptions, type ServerOptions } from './sandbox.ts';

interface ListenOptions extends ServerOptions {
  readonly forwardTo: string;
  readonly sandbox?: string;
}

/** How often the delivery log is read. */
const POLL_INTERVAL_MS = 250;
/** The newest deliveries read per poll: more than this many between two polls are not all shown. */
const PAGE_COUNT = 100;

/** One attempt of a delivery, as `listen` prints it. */
interface AttemptLine {
  readonly DeliveryId: string;
  readonly Kind: string;
  /** MessageAdded, or the integration webhook's Action. */
  readonly Event: string;
  readonly MessageIds: string[];
  readonly AttemptedUtc: string;
  readonly StatusCode: number | null;
  readonly Error: string | null;
  readonly DurationMs: number;
}

function formatLine(line: AttemptLine): string {
  const event = line.MessageIds.length > 1 ? `${line.Event} ×${line.MessageIds.length}` : line.Event;
  const outcome = line.StatusCode === null ? `error: ${line.Error}` : String(line.StatusCode);
  return `${line.AttemptedUtc}  ${line.Kind.padEnd(12)}  ${event.padEnd(24)}  ${outcome}  ${line.DurationMs} ms  ${line.DeliveryId}\n`;
}

/**
 * Follows an application's delivery log: each attempt not seen yet, oldest first. `seen` (delivery id → attempts
 * printed) is kept between calls.
 */
async function newAttempts(options: ServerOptions, applicationId: string, seen: Map<string, number>): Promise<AttemptLine[]> {
  const { WebhookDeliveries } = await postAdmin(options, 'webhookDeliveries/getAll', {
    ApplicationId: applicationId,
    Limitation: { Count: PAGE_COUNT },
  });
  const lines: AttemptLine[] = [];
  for (const delivery of [...(WebhookDeliveries as any[])].reverse()) {
    const printed = seen.get(delivery.Id) ?? 0;
    for (const attempt of delivery.Attempts.slice(printed)) {
      lines.push({
        DeliveryId: delivery.Id,
        Kind: delivery.Kind,
        Event: delivery.Action ?? 'MessageAdded',
        MessageIds: delivery.Events.map((event: { Value: { Id: string } }) => event.Value.Id),
        AttemptedUtc: attempt.AttemptedUtc,
        StatusCode: attempt.StatusCode,
        Error: attempt.Error,
        DurationMs: attempt.DurationMs,
      });
    }
    seen.set(delivery.Id, delivery.Attempts.length);
  }
  return lines;
}

/** Resolves at the first SIGINT or SIGTERM. */
function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

async function listen(options: ListenOptions): Promise<void> {
  const print = (json: object, text: string) => process.stdout.write(options.json ? `${JSON.stringify(json)}\n` : text);
  const { DEMO_SANDBOX_ID } = await import('../domain/sandboxes.ts');
  const sandboxId = options.sandbox ?? DEMO_SANDBOX_ID;
  const { Sandboxes } = await postAdmin(options, 'sandboxes/getAll', {});
  const sandbox = (Sandboxes as any[]).find((candidate) => candidate.Id === sandboxId);
  if (!sandbox) throw new Error(`no sandbox ${sandboxId}`);
  // The sandbox's application is the one with its ClientToken.
  const { Applications } = await postAdmin(options, 'applications/getAll', {});
  const application = (Applications as any[]).find((candidate) => candidate.ClientToken === sandbox.ClientToken);
  if (!application) throw new Error(`sandbox ${sandboxId} has no application`);

  // What was delivered before is not shown.
  const seen = new Map<string, number>();
  await newAttempts(options, application.Id, seen);
  const previous = { WebhookUrl: application.WebhookUrl, IntegrationWebhookUrl: application.IntegrationWebhookUrl };
  const stopped = untilSignal();
  await postAdmin(options, 'applications/update', { ApplicationId: application.Id, WebhookUrl: options.forwardTo, IntegrationWebhookUrl: options.forwardTo });
  try {
    print(
      { Ready: true, SandboxId: sandbox.Id, ApplicationId: application.Id, ForwardTo: options.forwardTo, WebhookSecret: sandbox.WebhookSecret },
      `Ready! Forwarding the webhooks of sandbox ${sandbox.Name} (${sandbox.Id}) to ${options.forwardTo}\n` +
        `Your webhook signing secret is ${sandbox.WebhookSecret}\n` +
        'Press Ctrl-C to stop and restore the previous webhook URLs.\n',
    );
    let stopping = false;
    void stopped.then(() => (stopping = true));
    while (!stopping) {
      try {
        for (const line of await newAttempts(options, application.Id, seen)) print(line, formatLine(line));
      } catch (error) {
        // A server restarting or busy for a moment: keep following, and say so.
        process.stderr.write(`warning: ${error instanceof Error ? error.message : String(error)}\n`);
      }
      await Promise.race([stopped, new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS))]);
    }
  } finally {
    await postAdmin(options, 'applications/update', { ApplicationId: application.Id, ...previous });
    print({ Restored: true, ...previous }, `Restored the webhook URLs: ${previous.WebhookUrl ?? '(none)'}, ${previous.IntegrationWebhookUrl ?? '(none)'}\n`);
  }
}

/** `listen`: a sandbox's webhooks forwarded to a local receiver, each delivery shown as it happens (like `stripe listen`). */
export function listenCommand(): Command {
  return withServerOptions(
    new Command('listen')
      .description(
        'Point a sandbox\'s webhook URLs (MessageAdded and integration webhooks) at a local receiver, print the webhook secret, and show each delivery attempt (event, kind, status, duration) until Ctrl-C; then restore the previous URLs.',
      )
      .requiredOption('--forward-to <url>', 'where the webhooks go, e.g. http://127.0.0.1:3000/webhooks')
      .option('--sandbox <id>', 'the sandbox\'s id; default: the demo sandbox'),
    'print one JSON object per line instead of text',
  ).action(async (options: ListenOptions) => {
    try {
      await listen(options);
    } catch (error) {
      reportFailure(error);
    }
  });
}
