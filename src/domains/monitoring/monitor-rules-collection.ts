/**
 * The operator's alarm-rule overrides, one document per series id, in `monitoring.rules`: checked
 * against the same schema the API and the CLI accept them with.
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection, documentOf } from '../../store/index.js';
import type { MonitorOverrides } from './monitor-config.js';
import { monitorSchemas } from './monitor-schemas.js';

export const monitorRulesCollection = defineCollection(
  DOC_NAMESPACES.monitoringRules,
  documentOf<MonitorOverrides>(monitorSchemas(z).overrides),
);
