// The consent context's internals a crash test drives directly, as the worker would.
export { ConsentRegistrar as ConsentRegistrarForTests } from '../../libs/contexts/consent/src/application/consent-registrar.js';
export { ConsentBatchWorker as ConsentBatchWorkerForTests } from '../../libs/contexts/consent/src/application/batch/consent-batch.worker.js';
export { RetailerAccessKeeper as RetailerAccessKeeperForTests } from '../../libs/contexts/consent/src/application/retailer-access.js';
