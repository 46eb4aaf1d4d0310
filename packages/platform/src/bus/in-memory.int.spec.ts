import { deadLetterTopic } from '@sanshe/contracts';
import { createLogger } from '../logger';
import { busContract, CONTRACT_DELIVERY } from './bus.contract';
import type { DeadLetter } from './delivery';
import { InMemoryEventBus } from './in-memory';

const logger = createLogger({ name: 'bus-test', level: 'silent' });

busContract('in-memory (in-process log)', async () => {
  const bus = new InMemoryEventBus(logger, CONTRACT_DELIVERY);
  let topics = 0;
  return {
    bus,
    topic: () => `contract.t${++topics}`,
    // The dead-letter topic is a topic of the log like any other: read what was appended to it.
    watchDeadLetters: async (group) => () => bus.messages(deadLetterTopic(group)) as DeadLetter[],
    settle: () => bus.idle(),
    cleanup: () => bus.close(),
  };
});
