import { Type, type Static } from 'typebox';
import { SENDER_DISCRIMINATORS, type Message as DomainMessage } from '../../../domain/model.ts';
import { formatUtc } from '../../../domain/time.ts';
import { NonEmptyString, UtcDateTime, Uuid } from './primitives.ts';

/** A message as the Connector API and the enterprise API show it: its schema and its one mapping from the domain. */

export const SenderCoproduct = Type.Object({
  Discriminator: Type.Enum(SENDER_DISCRIMINATORS, {
    description:
      'Enterprise: the message was created by an employee of the enterprise. Application: the message was created by the third party application.',
  }),
  Value: Type.Null({ description: 'Additional information about the sender. Currently not used and always null.' }),
});

export const Message = Type.Object({
  Id: Uuid,
  MessageThreadId: Uuid,
  Text: NonEmptyString,
  Sender: SenderCoproduct,
  CreatedUtc: UtcDateTime,
});
export type Message = Static<typeof Message>;

/** `Sender.Value` is reserved and always null. */
export function toMessageDto(message: DomainMessage): Message {
  return {
    Id: message.id,
    MessageThreadId: message.messageThreadId,
    Text: message.text,
    Sender: { Discriminator: message.sender, Value: null },
    CreatedUtc: formatUtc(message.createdUtc),
  };
}
