import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decompressXz, XzError } from '../../../src/execute/copy/xz.js';

// Made with Python's lzma module; the expected hashes are of `xz -dc` output.
const CASES: Array<[string, string, string]> = [
  [
    'words',
    '/Td6WFoAAATm1rRGAgAhARYAAAB0L+Wj4AomAdhdADIZSdwuDmiM1d3cQqPE8cdY5GyYqk8Dwk+Nx7+QmHDs+XQxOgFI1+9dJjnKC034zp6OQmJyOnohP4dFnTQXWWkAspUxvAu75LgaX30BEL3zKBB2JvJeOsAefA/i4VzsW7c5cDTQqPG2Y3U3JJCFRb8Lwr06BPr6oTUaRV4wKMPJlc5FuPZmZ/5uFPRKMaMx2J0Bw2h58oz9uawEqnduVlIv7zDjjpQgSPZIP2mVVwdEcmIUZhq3cfxtWuxC1FGJagSHvUCq7zIJX6h69pLc4DyjZcvj1up5OuXzfRxr2gp0MtJYDUYTTIyaFia4iO/3sBaLOyfLUdFoZyd6DT9yTdDjC2GqVDXkB+kFPs80i9BrO5sPbZni6vDFIpIBauxRtumHqA9bigQXaI/yg939zR3BQNGRdkBNcwusmxYZe1luJzrTLVkcrYGoFyGo8Y+Fz1LLCgi5O6M+bkiJA+lKKi/Sba7eqyk90cNEs+IarLbRqSrUFtogdEnoMP/TEMgH/XJdrz4eW+WWCKgFGJem8NfVXN4FVuJKyI7KLCZ3EFWkjBLOREL0UUBXBpZ0T7eWvyN3mjAh6wyi0zL0cCBXQq7/nICN19DdJZFv3tJe57CUSOMYKDk+VwAAijf4MVe0YiMAAfQDpxQAABLfZcGxxGf7AgAAAAAEWVo=',
    'd9c8b7132e05cab9487981f162649dea0208c9d1db217004e7d930a8afa334c1',
  ],
  [
    'lc0lp2pb0, no check',
    '/Td6WFoAAAD/EtlBAgAhARYAAAB0L+Wj4AnxAc4SADIaFM/wbO5cA/fD3pftf1CwuPBQ3mho/LLFz8VR5tA7/4C+kannGi1Ur3SZpx9iha05I+rGdp3/3SswWUMSrx4FuXIRpxygC0SdqMT2iENsv6X92/Mlcu0XfHLflYCiqZcTu79EFvJyFwSTWL42f4jN6KP9G6ap/yFTYfeHRYNgAwl7GiJRXDHVC7MCX05rbpnQXdJfZ5EAWMbr1Me08aIISRVasJnpNXEsmrXjYlez65m8QMzf2Lxz0nJZjTm+zmza5mpId9mEeMGRyTxWgEq0ebmDFfLQ9fVCBaJCHxAGlpDHFJwbwGGECjS9A3AFB6vqUABaWo8fuBn+KFv+M77heMKtsIiCfMimG9c4tdPOk0k7mhTV/uVloZRa4lG4sE6e4vus/NMxegTQkweoJL2A95ryzQBofN/nXr1zzSJjJ6HsfPKpCJFMNob3HgCJlpVxSWYmjnS8YSCOuXdGM9VOs1K5yJ43f6mbrNr/fQE8fHuCUSPu+00BAeGNjv+XVw+Y/k+rN/TT97XgGkDOE2TXFL9BEKxrpcpW3kFrnA2TCVIV8y/12qhwj6J/23jpEFkKZrcZgB3QZqq/jcb8EXQZP/D4q8OgwNY3Jk2X9gAAAAAB4gPyEwAAgdd27agACvwCAAAAAABZWg==',
    '05b1a5b16c52ea2793556fb99996e212177da70a4297a45784f6b7067b265b4a',
  ],
  [
    'incompressible (stored chunk), SHA-256 check',
    '/Td6WFoAAArh+wyhAgAhARYAAAB0L+WjAQDHn0G9W8uw8de9puyHB9d3xvE/pg3mKBxfeN4/YYsakj8DuzdoRy7q3sRjKMPMEiOennEgIQD43wE1xjf1+yrfKkpQ9jKK4K2gNC7w97Ay9/fkYkwFXGoq7yVDEFRN0ZqWAJittVYQT1rRTnuyUC97eLQtDkH58AXzv1vYZwSMyWtdYJTXAnMLtS6f9PQyHsE+7dHxdliDWuSGQMZ2G5a/x8xe3EsJbvL6FzVXg5xc6yVXRuyzixdPr1FOLcwUoCa4sE//eym4DBQATpjYiWYQjmG2kiOJB2DFFaQnLgILWu4x2Ldb3idPKv0AAfgByAEAAMfKz7W26d8cAgAAAAAKWVo=',
    '4e98d88966108e61b69223890760c515a4272e020b5aee31d8b75bde274f2afd',
  ],
  [
    'two streams with padding',
    '/Td6WFoAAAFpIt42AgAhARYAAAB0L+Wj4AGPAAxdADebiMz/zS2iKReAAAAtng8EAAEkkAMAAAADG9ucPjANiwIAAAAAAVlaAAAAAP03elhaAAAE5ta0RgIAIQEWAAAAdC/lo+ABjwAMXQA6HcobpRjpU45cgAAAAbUVMLK6MtMAASiQAwAAAHjbGeuxxGf7AgAAAAAEWVo=',
    '2c9874edf2ef05772f566b7772bb6ebcd760175a6b8bc522ac8b9d0861ad6958',
  ],
];

describe('decompressXz', () => {
  it.each(CASES)('%s', (_, base64, sha256) => {
    const out = decompressXz(Buffer.from(base64, 'base64'));
    expect(createHash('sha256').update(out).digest('hex')).toBe(sha256);
  });

  it('reports a BCJ filter as valid xz it cannot read, and garbage as corrupt', () => {
    const bcj = Buffer.from('/Td6WFoAAATm1rRGAgEEACEBFgANhjUf4AAJAAZdADxrfAAAAAAAAJhPtU19mP30AAEiChUa4WcftvN9AQAAAAAEWVo=', 'base64');
    expect(() => decompressXz(bcj)).toThrow(expect.objectContaining({ unsupported: true }));
    const truncated = Buffer.from(CASES[0]![1], 'base64').subarray(0, 100);
    expect(() => decompressXz(truncated)).toThrow(XzError);
    expect(() => decompressXz(truncated)).toThrow(expect.objectContaining({ unsupported: false }));
  });
});
