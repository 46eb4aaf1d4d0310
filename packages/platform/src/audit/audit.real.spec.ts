import { randomUUID } from 'node:crypto';
import { describeReal, REAL_INFRA } from '../../../../tests/support/infra';
import { createMongoStore } from '../store/mongo';
import { auditLogContract } from './audit.contract';

describeReal('audit log against the MongoDB-wire server', () => {
  auditLogContract('the MongoDB-wire server', () =>
    createMongoStore({ url: REAL_INFRA.mongoUrl, dbName: `sanshe_audit_${randomUUID().slice(0, 8)}` }),
  );
});
