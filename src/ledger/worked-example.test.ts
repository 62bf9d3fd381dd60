import { describe, expect, it } from 'vitest';
import { canonicalJson } from './events/canonical-json.js';
import { verifyBundle } from './index.js';
import { workedExample } from './worked-example.fixture.js';

// These exact values are printed in docs/ledger.md; if this test fails, update the docs too.
describe('docs/ledger.md worked example', () => {
  it('produces the documented bytes', async () => {
    const { bundle } = await workedExample();
    expect(bundle.leaf_hash).toBe('5d748a6ad4b86c1ec7bcd5c6ce2c73d10cff8c2fbaffe26d33837fd644062337');
    expect(bundle.proof).toEqual([
      '6b62c9fc185f366206b270fd932052a0a22d2de8396949afe9dde67faed82e86',
      'a2c19d3d45b52e99a0538ab23157a452fa573ca0ccb7dfe2850e2d1cc72270ee',
    ]);
    expect(bundle.checkpoint).toBe(
      'example.com/ledger-test-vectors\n3\nfEPhqXAZrW/Wb5JcS4b7UVR5TP0msMjqx4fZPibtquw=\n\n' +
        '\u2014 example.com/ledger-test-vectors pAz0zq31fV8Pqm2gJfPNlm3yy4Rf0UXY3y+X90cEGRe2kvwK8Yh5JtAZ/WH4BSqRbMEIoQSZaNHqlQxCizUTWvzObwg=\n',
    );
    expect(JSON.parse(bundle.entry!).sig).toBe(
      'EEVGpkSFxSi44aAUP5/rqDa9okA9fWMmXBfeUuZU/n1863AQVDL/aRrklHxz4tYmwklWWW4j3DsttN/v1oQhBg==',
    );
    // The leaf is exactly the RFC 8785 form of the entry.
    expect(canonicalJson(JSON.parse(bundle.entry!))).toBe(bundle.entry);
    expect(verifyBundle(bundle, { trustedLogKey: bundle.public_key }).ok).toBe(true);
  });
});
