/** The job handlers: one per job name the workflow enqueues (workflow/ports.ts JOB_NAMES). */
import type { Db } from '../store/db.js';
import type { WorkflowService } from '../workflow/service.js';
import { sendWebhook } from '../workflow/webhooks.js';
import type { JobHandler } from './worker.js';

const deliveryId = (p: Record<string, unknown>): string => {
  if (typeof p.deliveryId !== 'string') throw new Error('job payload has no deliveryId');
  return p.deliveryId;
};

export function workflowHandlers(db: Db, service: WorkflowService, fetchImpl: typeof fetch = fetch): JobHandler[] {
  return [
    {
      name: 'delivery.validate',
      run: (job) => service.runValidation(deliveryId(job.payload)),
      exhausted: (job, error) => service.markFailed(deliveryId(job.payload), `validation could not run: ${error}`),
    },
    {
      name: 'delivery.load',
      run: (job) => service.runLoad(deliveryId(job.payload)),
      exhausted: (job, error) => service.markFailed(deliveryId(job.payload), `load failed: ${error}`),
    },
    {
      name: 'webhook.send',
      run: (job) => sendWebhook(db, job.payload, fetchImpl),
    },
  ];
}
