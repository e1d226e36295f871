import type { LocalLogger } from '../contracts.ts';
import type { ArchiveStore } from './archive-store.ts';
import type { Deliverer } from './delivery.ts';
import type { BusEvent } from './model.ts';
import { type Registry, rulesOf } from './registry.ts';

interface PublisherDeps {
  registry: Registry;
  archives: ArchiveStore;
  deliverer: Deliverer;
  logger: LocalLogger;
}

/**
 * What happens to an event once a bus has accepted it: archives on the bus whose pattern matches
 * keep it, and every enabled rule whose pattern matches hands it to each of its targets, in the
 * background.
 */
const createPublisher = ({ registry, archives, deliverer, logger }: PublisherDeps) => {
  /**
   * Matches an event against a bus's rules (only those in `ruleArns`, if given) and delivers it;
   * resolves once every delivery is kept, not when the targets have it.
   */
  const dispatch = async (
    busName: string,
    event: BusEvent,
    ingestedAt: number,
    ruleArns?: string[],
  ): Promise<number> => {
    const deliveries: Promise<void>[] = [];
    for (const rule of rulesOf(registry, busName)) {
      if (rule.state !== 'ENABLED' || (ruleArns && !ruleArns.includes(rule.arn))) continue;
      if (!rule.matches(event)) continue;
      for (const target of rule.targets) {
        deliveries.push(deliverer.deliver({ rule, target, event, ingestedAt }));
      }
    }
    await Promise.all(deliveries);
    return deliveries.length;
  };

  // Differs from AWS: an event is archived before PutEvents answers; on AWS it may take minutes
  // to appear in the archive.
  const archive = async (busName: string, event: BusEvent, ingestedAt: number): Promise<void> => {
    for (const candidate of registry.archives.values()) {
      if (candidate.busName !== busName || !candidate.matches(event)) continue;
      try {
        await archives.append(candidate.name, { archivedAt: ingestedAt, event });
      } catch (error) {
        // The event is still delivered: an archive that cannot be written loses only its copy.
        logger.error('event not archived', {
          archive: candidate.name,
          eventId: event.id,
          errorType: (error as Error).name,
          message: (error as Error).message,
        });
      }
    }
  };

  return {
    dispatch,
    /**
     * Archives an event the bus accepted and keeps its deliveries, which then go on in the
     * background: once this resolves, a kill of the runtime no longer loses the event.
     */
    async publish(busName: string, event: BusEvent, ingestedAt: number): Promise<void> {
      await archive(busName, event, ingestedAt);
      await dispatch(busName, event, ingestedAt);
    },
  };
};

type Publisher = ReturnType<typeof createPublisher>;

export { createPublisher, type Publisher };
