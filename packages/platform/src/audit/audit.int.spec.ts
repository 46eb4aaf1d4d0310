import { createEmbeddedStore } from '../store/embedded';
import { auditLogContract } from './audit.contract';

auditLogContract('the embedded store', async () => createEmbeddedStore());
