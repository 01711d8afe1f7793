export {
  startSandbox,
  type Faults,
  type SandboxClock,
  type SandboxCredentials,
  type SandboxOptions,
  type Staff,
  type StartedSandbox,
} from './sandbox.ts';
export { messageAdded, type NextOptions, type ReceivedWebhook, type WebhookInbox } from './webhook-inbox.ts';
