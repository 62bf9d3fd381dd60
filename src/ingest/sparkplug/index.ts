export {
  rebirthPayload,
  type SparkplugConnector,
  type SparkplugConnectorOptions,
  type SparkplugStatus,
  startSparkplugConnector,
  stateTopic,
} from './connector.js';
export {
  decodeSparkplugPayload,
  type SparkplugMetric,
  type SparkplugPayload,
  sparkplugCodec,
} from './decode.js';
export {
  metricSegment,
  type SparkplugCounters,
  SparkplugHost,
  type SparkplugHostOptions,
  type SparkplugOutcome,
} from './host.js';
export { parseSparkplugTopic, SPARKPLUG_NAMESPACE, type SparkplugTopic } from './topic.js';
export {
  aedesTransport,
  type MqttTransportOptions,
  mqttTransport,
  type SparkplugTransport,
} from './transport.js';
