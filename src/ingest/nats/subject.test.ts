import { describe, expect, it } from 'vitest';
import { subjectToTopic, topicToSubject } from './subject.js';

describe('subjectToTopic', () => {
  it('reads the subject NATS gives an MQTT topic back as that topic', () => {
    expect(subjectToTopic('xinzhi.v1.plant1.press.line1.temp')).toBe('xinzhi/v1/plant1/press/line1/temp');
    expect(subjectToTopic('xinzhi.v1.plant1.m3//5.temp')).toBe('xinzhi/v1/plant1/m3.5/temp');
  });
  it('has no topic for empty tokens or a lone slash inside a token', () => {
    for (const s of ['', 'xinzhi..v1', 'xinzhi.v1.', '.xinzhi', 'xinzhi.v1.a/b.temp', 'xinzhi.v1.a///b.t'])
      expect(subjectToTopic(s)).toBeUndefined();
  });
});

describe('topicToSubject', () => {
  it('is the inverse of subjectToTopic, dots in a level included', () => {
    for (const t of ['xinzhi/cmd/plant1/oven/heater', 'xinzhi/cmd/plant1/m3.5/valve'])
      expect(subjectToTopic(topicToSubject(t) as string)).toBe(t);
    expect(topicToSubject('xinzhi/cmd/plant1/m3.5/valve')).toBe('xinzhi.cmd.plant1.m3//5.valve');
  });
  it('has no subject for wildcards, empty levels, spaces or NATS wildcards', () => {
    for (const t of ['a/+/b', 'a/#', 'a//b', '/a', 'a/b c', 'a/*/b', 'a/>'])
      expect(topicToSubject(t)).toBeUndefined();
  });
});
