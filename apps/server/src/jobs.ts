// Every job kind the worker consumes and every recurring schedule, gathered from the modules' doors.
import { channelJobs } from './modules/channels';
import { conversationJobs, conversationSchedules } from './modules/conversations';
import { identityJobs, identitySchedules } from './modules/identity';
import type { JobWorker } from './platform/queue';

export const jobWorkers = [...identityJobs, ...channelJobs, ...conversationJobs] as JobWorker<unknown>[];
export const schedules = [...identitySchedules, ...conversationSchedules];
