import type { IntakeApi } from '@sanshe/contracts';
import type { BaseDocument, DocumentStore, WithOutbox } from '@sanshe/platform';
import type { Area } from '../../domain/areas';

export interface CategoryDocument extends BaseDocument {
  name: { zh: string; en: string };
  description: string;
  group: string;
  keywords: string[];
  attributes: IntakeApi.CategoryAttribute[];
  active: boolean;
}

/** Areas carry their `intake.area.changed` events (outbox); version 0 = stored but not announced yet. */
export type AreaDocument = Area & WithOutbox;

/** The administrative registry and the need categories: reference data, managed as data. */
export function createRegistryRepository(store: DocumentStore) {
  const areas = store.collection<AreaDocument>('areas');
  const categories = store.collection<CategoryDocument>('categories');
  return {
    areas,
    categories,
    async setup() {
      await areas.createIndex({ keys: { parentCode: 1 } });
      await areas.createIndex({ keys: { kind: 1 } });
    },
    area: (code: string) => areas.findOne({ _id: code }),
    category: (code: string) => categories.findOne({ _id: code }),
  };
}

export type RegistryRepository = ReturnType<typeof createRegistryRepository>;
