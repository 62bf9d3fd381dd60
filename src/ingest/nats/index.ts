export {
  type NatsConsumer,
  type NatsConsumerOptions,
  type NatsConsumerStats,
  parseNatsMessage,
  redactUrl,
  startNatsConsumer,
} from './consumer.js';
export { DEFAULT_NATS_SUBJECT, subjectToTopic } from './subject.js';
