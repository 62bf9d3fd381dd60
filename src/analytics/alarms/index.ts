/** Alarms: rules and detector alerts → ISA-18.2 lifecycle, persistence, webhooks. */
export {
  type Alarm,
  type AlarmCommand,
  type AlarmState,
  alarmKey,
  isOpen,
  MAX_SHELVE_MS,
  type Transition,
  type TransitionKind,
} from './alarm.js';
export { AlarmSchema } from './alarm-collection.js';
export {
  type AlarmEventLike,
  type AlarmKpiInput,
  type AlarmKpis,
  alarmKpis,
  type BadActor,
  type ChatteringAlarm,
  KPI_EVENT_KINDS,
  KPI_TARGETS,
  type ShelvedAlarm,
  type StandingAlarm,
} from './alarm-kpis.js';
export { STANDING_LOOKBACK_MS, type StoredKpiOptions, storedAlarmKpis } from './alarm-kpis-store.js';
export {
  ALARM_NS,
  type AlarmService,
  type AlarmServiceDeps,
  createAlarmService,
  type OperatorAction,
} from './alarm-service.js';
export { type Reduced, reduceAlarm } from './reduce-alarm.js';
export {
  type AlarmRule,
  conditionsOf,
  evaluatePoint,
  evaluateTick,
  initialRuleState,
  type RulePoint,
  type RuleState,
} from './rules.js';
export { createWebhookNotifier, type Delivery, type WebhookOptions } from './webhook.js';
