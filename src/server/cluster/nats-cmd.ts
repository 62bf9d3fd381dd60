/**
 * Control-loop outputs in a cluster: the loop runs on whichever node holds its lease, so its output
 * goes out on NATS, as the subject NATS's MQTT listener maps the actuator topic to, and a device
 * subscribed to `xinzhi/cmd/…` over that listener gets it whichever node computed it.
 */
import type { NatsConnection } from '@nats-io/transport-node';
import { XinzhiError } from '../../core/index.js';
import { topicToSubject } from '../../ingest/nats/index.js';
import type { CmdPublisher } from '../control/wiring.js';

export function natsCmdPublisher(nc: NatsConnection): CmdPublisher {
  return async (topic, payload) => {
    const subject = topicToSubject(topic);
    if (subject === undefined)
      throw new XinzhiError('BAD_INPUT', `actuator topic ${JSON.stringify(topic)} has no NATS subject`, {
        field: 'opTopic',
      });
    // publish() only buffers; a closed connection throws here, which the loop reports as a failed write.
    nc.publish(subject, payload);
  };
}
