import type { JobSubmitter } from './job-store.js';

/** An operator user of the default organisation, unrestricted in it: who submits most test jobs. */
export const OPERATOR_ANN: JobSubmitter = {
  kind: 'user',
  id: 1,
  name: 'ann',
  role: 'operator',
  org: 'default',
  sites: null,
  asset: null,
};
