import { describe, expect, it } from 'vitest';
import { subjectToTopic } from './subject.js';

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
