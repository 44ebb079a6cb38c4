export { defineJob, worker, deadLetterName } from './job';
export type { BatchHandler, BatchWork, JobDefinition, JobHandler, JobWorker, JobContext } from './job';
export { Queue } from './queue';
export type { EnqueueOptions } from './queue';
export type { JobStatement } from './job-statement';
