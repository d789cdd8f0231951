import type { Actor } from '../../contexts/principals/actor.js';

/** Who gives a command, through which channel, in which request. */
export interface CommandOrigin {
  actor: Actor;
  channel: string;
  correlationId?: string;
  causationId?: string | null;
}

/** What every event records besides its data: who (and with which API key), when, through which channel and request, by which command. */
export function eventMetadata(origin: CommandOrigin, now: Date, command: string) {
  const { actor } = origin;
  return {
    actor: {
      id: actor.id,
      role: actor.role,
      ...(actor.agencyId ? { agencyId: actor.agencyId } : {}),
      ...(actor.apiKey ? { apiKeyId: actor.apiKey.id } : {}),
    },
    occurredAt: now.toISOString(),
    correlationId: origin.correlationId,
    causationId: origin.causationId ?? null,
    channel: origin.channel,
    command,
  };
}
