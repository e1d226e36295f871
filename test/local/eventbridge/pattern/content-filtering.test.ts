import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../../local/eventbridge/pattern/index.ts';

/**
 * Conformance with the examples of AWS's "Content filtering in Amazon EventBridge event
 * patterns" page (and Event Ruler's README, the engine behind it, where the page defers to it).
 * Each row names the documented behaviour, a pattern, an event it matches and one it does not.
 */

interface Case {
  behaviour: string;
  pattern: object;
  matches: object[];
  doesNotMatch: object[];
}

const detail = (fields: object) => ({ source: 'aws.ec2', detail: fields });

const cases: Case[] = [
  {
    behaviour: 'prefix matching: time starting with 2017-10-02',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    matches: [{ time: '2017-10-02T18:43:48Z' }],
    doesNotMatch: [{ time: '2017-10-03T18:43:48Z' }, { time: 20171002 }],
  },
  {
    behaviour: 'prefix matching for European regions',
    pattern: { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
    matches: [{ source: 'aws.autoscaling', region: 'eu-west-2' }],
    doesNotMatch: [{ source: 'aws.autoscaling', region: 'us-east-1' }],
  },
  {
    behaviour: 'prefix matching while ignoring case: EventB, EVENTB, eventb',
    pattern: { detail: { service: [{ prefix: { 'equals-ignore-case': 'EventB' } }] } },
    matches: [
      detail({ service: 'EventBridge' }),
      detail({ service: 'EVENTBRIDGE' }),
      detail({ service: 'eventb' }),
    ],
    doesNotMatch: [detail({ service: 'Events' })],
  },
  {
    behaviour: 'suffix matching: FileName ending with .png',
    pattern: { FileName: [{ suffix: '.png' }] },
    matches: [{ FileName: 'image.png' }],
    doesNotMatch: [{ FileName: 'image.PNG' }, { FileName: 'image.png.txt' }],
  },
  {
    behaviour: 'suffix matching while ignoring case: .png and .PNG',
    pattern: { detail: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] } },
    matches: [
      detail({ FileName: 'a.png' }),
      detail({ FileName: 'b.PNG' }),
      detail({ FileName: 'c.Png' }),
    ],
    doesNotMatch: [detail({ FileName: 'c.jpg' })],
  },
  {
    behaviour: 'anything-but with a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    matches: [detail({ state: 'running' }), detail({ state: null })],
    doesNotMatch: [detail({ state: 'initializing' }), detail({})],
  },
  {
    behaviour: 'anything-but with a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    matches: [detail({ 'x-limit': 124 }), detail({ 'x-limit': '123' })],
    doesNotMatch: [detail({ 'x-limit': 123 })],
  },
  {
    behaviour: 'anything-but with a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    matches: [detail({ state: 'running' })],
    doesNotMatch: [detail({ state: 'stopped' }), detail({ state: 'overloaded' })],
  },
  {
    behaviour: 'anything-but with a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    matches: [detail({ 'x-limit': 301.8 })],
    doesNotMatch: [detail({ 'x-limit': 200 })],
  },
  {
    behaviour: 'anything-but a prefix: state not starting with init',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    matches: [detail({ state: 'running' })],
    doesNotMatch: [detail({ state: 'initializing' })],
  },
  {
    behaviour: 'anything-but a prefix: only your own events, not sources starting with aws.',
    pattern: { source: [{ 'anything-but': { prefix: 'aws.' } }] },
    matches: [{ source: 'billing' }],
    doesNotMatch: [{ source: 'aws.ec2' }],
  },
  {
    behaviour: 'anything-but a suffix: FileName not ending with .txt',
    pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
    matches: [detail({ FileName: 'notes.md' })],
    doesNotMatch: [detail({ FileName: 'notes.txt' })],
  },
  {
    behaviour: 'anything-but ignoring case: state not initializing in any casing',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] } },
    matches: [detail({ state: 'running' })],
    doesNotMatch: [detail({ state: 'INITIALIZING' }), detail({ state: 'Initializing' })],
  },
  {
    behaviour: 'anything-but ignoring case, with a list',
    pattern: {
      detail: {
        state: [{ 'anything-but': { 'equals-ignore-case': ['initializing', 'stopped'] } }],
      },
    },
    matches: [detail({ state: 'running' })],
    doesNotMatch: [detail({ state: 'STOPPED' })],
  },
  {
    behaviour: 'anything-but a wildcard: FilePath not including /lib/',
    pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    matches: [detail({ FilePath: '/usr/bin/node' })],
    doesNotMatch: [detail({ FilePath: '/usr/lib/node' })],
  },
  {
    behaviour: 'anything-but a list of wildcards, prefixes and suffixes',
    pattern: {
      detail: {
        FilePath: [{ 'anything-but': { wildcard: ['*/lib/*', '*/bin/*'] } }],
        Region: [{ 'anything-but': { prefix: ['us-', 'ap-'] } }],
        FileName: [{ 'anything-but': { suffix: ['.png', '.jpg'] } }],
      },
    },
    matches: [detail({ FilePath: '/etc/hosts', Region: 'eu-west-2', FileName: 'a.txt' })],
    doesNotMatch: [
      detail({ FilePath: '/usr/bin/node', Region: 'eu-west-2', FileName: 'a.txt' }),
      detail({ FilePath: '/etc/hosts', Region: 'ap-south-1', FileName: 'a.txt' }),
      detail({ FilePath: '/etc/hosts', Region: 'eu-west-2', FileName: 'a.jpg' }),
    ],
  },
  {
    behaviour: 'numeric matching: true for all fields (c-count, d-count, x-limit)',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    matches: [detail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.8 })],
    doesNotMatch: [
      detail({ 'c-count': 0, 'd-count': 3, 'x-limit': 301.8 }),
      detail({ 'c-count': 5, 'd-count': 10, 'x-limit': 301.8 }),
      detail({ 'c-count': 5, 'd-count': 3, 'x-limit': 301.9 }),
    ],
  },
  {
    behaviour: 'numeric matching works only with JSON numbers, never strings',
    pattern: { detail: { 'c-count': [{ numeric: ['>', 0] }] } },
    matches: [detail({ 'c-count': 1 })],
    doesNotMatch: [detail({ 'c-count': '1' }), detail({ 'c-count': null }), detail({})],
  },
  {
    behaviour: 'numeric ranges: >= and < bounds',
    pattern: { detail: { price: [{ numeric: ['>=', 10, '<', 20] }] } },
    matches: [detail({ price: 10 }), detail({ price: 19.999999 })],
    doesNotMatch: [detail({ price: 9.999999 }), detail({ price: 20 })],
  },
  {
    behaviour: 'numeric values compare by value: 300, 300.0 and 3.0e2 are one number',
    pattern: { detail: { limit: [300] } },
    matches: [detail({ limit: 300.0 }), detail({ limit: 3.0e2 })],
    doesNotMatch: [detail({ limit: '300' })],
  },
  {
    behaviour: 'IP address matching (IPv4): 10.0.0.0/24',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    matches: [detail({ sourceIPAddress: '10.0.0.0' }), detail({ sourceIPAddress: '10.0.0.255' })],
    doesNotMatch: [detail({ sourceIPAddress: '10.0.1.0' }), detail({ sourceIPAddress: 'host' })],
  },
  {
    behaviour: 'IP address matching (IPv6): 2001:db8::/64',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::/64' }] } },
    matches: [
      detail({ sourceIPAddress: '2001:db8::1' }),
      detail({ sourceIPAddress: '2001:0db8:0000:0000:ffff:ffff:ffff:ffff' }),
    ],
    doesNotMatch: [
      detail({ sourceIPAddress: '2001:db8:0:1::1' }),
      detail({ sourceIPAddress: '10.0.0.1' }),
    ],
  },
  {
    behaviour: 'exists matching: detail.description present',
    pattern: { detail: { description: [{ exists: true }] } },
    matches: [detail({ description: 'x' }), detail({ description: null })],
    doesNotMatch: [detail({}), detail({ description: { nested: 'x' } })],
  },
  {
    behaviour: 'equals-ignore-case: detail-type in any casing',
    pattern: {
      'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }],
    },
    matches: [{ 'detail-type': 'EC2 Instance State-change Notification' }],
    doesNotMatch: [{ 'detail-type': 'EC2 Instance Launch Successful' }],
  },
  {
    behaviour: 'wildcard matching: any event bus ARN in us-east-1',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    matches: [{ EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/baton' }],
    doesNotMatch: [{ EventBusArn: 'arn:aws:events:eu-west-2:123456789012:event-bus/baton' }],
  },
  {
    behaviour: 'wildcard matching: a .png file within folder dir',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    matches: [
      { FileName: 'dir/image.png' },
      { FileName: 'dir/sub/image.png' },
      { FileName: 'dir/.png' },
    ],
    doesNotMatch: [{ FileName: 'other/image.png' }, { FileName: 'dir/image.jpg' }],
  },
  {
    behaviour: 'wildcard matching: a backslash escapes * and \\ to match them literally',
    pattern: { Name: [{ wildcard: 'a\\*b*\\\\' }] },
    matches: [{ Name: 'a*b\\' }, { Name: 'a*bcd\\' }],
    doesNotMatch: [{ Name: 'axb\\' }, { Name: 'a*b' }],
  },
  {
    behaviour: 'complex example combining prefix, anything-but, numeric and cidr',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
        'source-ip': [{ cidr: '10.0.0.0/8' }],
      },
    },
    matches: [
      {
        time: '2017-10-02T16:24:49Z',
        detail: {
          'c-count': 5,
          'd-count': 3,
          'x-limit': 301.8,
          'source-ip': '10.0.0.33',
          state: 'running',
        },
      },
    ],
    doesNotMatch: [
      {
        time: '2017-10-02T16:24:49Z',
        detail: {
          'c-count': 5,
          'd-count': 3,
          'x-limit': 300,
          'source-ip': '10.0.0.33',
          state: 'running',
        },
      },
    ],
  },
];

describe('Content filtering in Amazon EventBridge event patterns (documented examples)', () => {
  describe.each(cases)('$behaviour', ({ pattern, matches, doesNotMatch }) => {
    it.each(matches.map((event) => [JSON.stringify(event), event]))('matches %s', (_, event) => {
      expect(matchesPattern(pattern, event)).toBe(true);
    });
    it.each(doesNotMatch.map((event) => [JSON.stringify(event), event]))(
      'does not match %s',
      (_, event) => {
        expect(matchesPattern(pattern, event)).toBe(false);
      },
    );
  });

  it('exists: false matches an event without detail.c-count', () => {
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    const event = {
      'detail-type': ['EC2 Instance State-change Notification'],
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341'],
      detail: { state: ['initializing', 'running'] },
    };

    expect(matchesPattern(pattern, event)).toBe(true);
    expect(matchesPattern(pattern, { ...event, detail: { 'c-count': 3 } })).toBe(false);
  });

  it('exists: false also matches when c-count is not a leaf node (exists works on leaves only)', () => {
    const pattern = { detail: { 'c-count': [{ exists: false }] } };
    const event = {
      detail: { state: ['initializing', 'running'], 'c-count': { c1: 100 } },
    };

    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('exists: false matches when the parent object is missing altogether', () => {
    expect(matchesPattern({ detail: { 'c-count': [{ exists: false }] } }, { source: 'x' })).toBe(
      true,
    );
  });
});
