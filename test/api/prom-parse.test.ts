import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { findSample, parseExposition } from '../helpers/prom-parse.ts';

const valid = `# HELP http_requests_total The total number of HTTP requests.
# TYPE http_requests_total counter
http_requests_total{method="post",code="200"} 1027 1395066363000
http_requests_total{method="post",code="400"}    3 1395066363000

# A normal comment.
# HELP msdos_file_access_time_seconds Escaped: a backslash \\\\ and a newline \\n.
# TYPE msdos_file_access_time_seconds gauge
msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9
# TYPE metric_without_timestamp_and_labels gauge
metric_without_timestamp_and_labels 12.47
# TYPE something_weird gauge
something_weird{problem="division by zero"} +Inf -3982045
# HELP http_request_duration_seconds A histogram of the request duration.
# TYPE http_request_duration_seconds histogram
http_request_duration_seconds_bucket{le="0.05"} 24054
http_request_duration_seconds_bucket{le="0.1"} 33444
http_request_duration_seconds_bucket{le="+Inf"} 144320
http_request_duration_seconds_sum 53423
http_request_duration_seconds_count 144320
# TYPE rpc_duration_seconds summary
rpc_duration_seconds{quantile="0.5"} 4773
rpc_duration_seconds_sum 1.7560473e+07
rpc_duration_seconds_count 2693
`;

describe('the strict exposition-format parser', () => {
  test('parses the example from the format documentation', () => {
    const families = parseExposition(valid);
    assert.equal(families.get('http_requests_total')?.type, 'counter');
    assert.equal(families.get('http_requests_total')?.samples.length, 2);
    assert.equal(findSample(families, 'http_requests_total', { code: '400' })?.value, 3);
    assert.equal(findSample(families, 'http_requests_total', { code: '400' })?.timestamp, 1395066363000);
    assert.equal(findSample(families, 'msdos_file_access_time_seconds')?.labels.error, 'Cannot find file:\n"FILE.TXT"');
    assert.equal(findSample(families, 'msdos_file_access_time_seconds')?.labels.path, 'C:\\DIR\\FILE.TXT');
    assert.equal(families.get('msdos_file_access_time_seconds')?.help, 'Escaped: a backslash \\ and a newline \n.');
    assert.equal(findSample(families, 'something_weird')?.value, Infinity);
    assert.equal(families.get('http_request_duration_seconds')?.samples.length, 5);
    assert.equal(families.get('rpc_duration_seconds')?.type, 'summary');
  });

  const invalid: [string, string, RegExp][] = [
    ['a bad metric name', '0abc 1\n', /invalid sample/],
    ['a bad value', 'x abc\n', /invalid value/],
    ['an unterminated label value', 'x{a="1} 1\n', /unterminated/],
    ['a bad escape in a label value', 'x{a="\\t"} 1\n', /invalid escape/],
    ['a duplicate label', 'x{a="1",a="2"} 1\n', /duplicate label/],
    ['a duplicate series', 'x{a="1"} 1\nx{a="1"} 2\n', /duplicate series/],
    ['an unknown type', '# TYPE x gauges\nx 1\n', /unknown type/],
    ['a TYPE after samples', 'x 1\n# TYPE x gauge\n', /after its samples/],
    ['a family split in two', '# TYPE x gauge\nx{a="1"} 1\n# TYPE y gauge\ny 1\nx{a="2"} 1\n', /appears again/],
    ['a negative counter', '# TYPE x counter\nx -1\n', /negative counter/],
    ['histogram buckets that are not cumulative', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_bucket{le="2"} 4\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 5\n', /not cumulative/],
    ['a histogram without +Inf', '# TYPE h histogram\nh_bucket{le="1"} 5\nh_sum 1\nh_count 5\n', /\+Inf/],
    ['a histogram whose count differs from +Inf', '# TYPE h histogram\nh_bucket{le="+Inf"} 5\nh_sum 1\nh_count 6\n', /differs/],
    ['no final newline', 'x 1', /newline/],
    ['a missing value', 'x{a="1"}\n', /expected "value/],
  ];
  for (const [name, text, error] of invalid) {
    test(`rejects ${name}`, () => assert.throws(() => parseExposition(text), error));
  }
});
