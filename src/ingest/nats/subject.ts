/**
 * NATS subjects ⇄ xinzhi MQTT topics. NATS's MQTT listener maps a topic to a subject by turning
 * each `/` into `.` and each `.` inside a level into `//` (nats-server `mqttToNATSSubjectConversion`),
 * so `xinzhi/v1/plant1/press/temp` arrives as `xinzhi.v1.plant1.press.temp` and a level `m3.5` as
 * `m3//5`. Reading a subject back as a topic lets the NATS connector reuse the MQTT connector's
 * topic→series rule and payload parser unchanged, whether a device published over NATS or MQTT.
 */

/** Default JetStream subject filter, the subject form of `xinzhi/v1/#`. */
export const DEFAULT_NATS_SUBJECT = 'xinzhi.v1.>';

/**
 * The MQTT topic a subject stands for, or `undefined` when it has none: empty tokens, and a lone
 * `/` inside a token (it would silently add a level, so two different subjects would share one
 * series) — such messages are quarantined under their subject.
 *
 * @example subjectToTopic('xinzhi.v1.plant1.m3//5.temp') // → 'xinzhi/v1/plant1/m3.5/temp'
 */
export function subjectToTopic(subject: string): string | undefined {
  const levels: string[] = [];
  for (const token of subject.split('.')) {
    const level = token.replaceAll('//', '.');
    if (level === '' || level.includes('/')) return undefined;
    levels.push(level);
  }
  return levels.join('/');
}

/**
 * The subject NATS's MQTT listener uses for an MQTT topic (the inverse of `subjectToTopic`), so a
 * command published on NATS reaches devices subscribed to the topic over NATS's MQTT listener.
 * Wildcards and empty levels have no subject.
 *
 * @example topicToSubject('xinzhi/cmd/plant1/m3.5/valve') // → 'xinzhi.cmd.plant1.m3//5.valve'
 */
export function topicToSubject(topic: string): string | undefined {
  const tokens: string[] = [];
  for (const level of topic.split('/')) {
    if (level === '' || level === '+' || level === '#' || /[\s*>]/.test(level)) return undefined;
    tokens.push(level.replaceAll('.', '//'));
  }
  return tokens.join('.');
}
