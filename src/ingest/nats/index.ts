export { connectNats, redactUrl } from './connect.js';
export {
  type NatsConsumer,
  type NatsConsumerOptions,
  type NatsConsumerStats,
  parseNatsMessage,
  startNatsConsumer,
} from './consumer.js';
export { DEFAULT_NATS_SUBJECT, subjectToTopic, topicToSubject } from './subject.js';
