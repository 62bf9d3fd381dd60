export {
  type AclContext,
  type AclDecision,
  COMMAND_TOPIC_PREFIX,
  META_TOPIC_PREFIX,
  mayPublish,
  maySubscribe,
} from './acl.js';
export {
  type BatcherStats,
  createIngestBatcher,
  type IngestBatcher,
  type IngestBatcherOptions,
} from './batcher.js';
export {
  type EmbeddedBroker,
  type EmbeddedBrokerOptions,
  type MqttAccess,
  startEmbeddedBroker,
} from './broker.js';
export { type ParsedMessage, type ParseMessageOptions, parseMqttMessage } from './payload.js';
export {
  type MqttSubscriber,
  type MqttSubscriberOptions,
  randomClientId,
  redact,
  startMqttSubscriber,
} from './subscriber.js';
export { DEFAULT_TOPIC_PREFIX, parseTopic, type TopicTarget } from './topic.js';
