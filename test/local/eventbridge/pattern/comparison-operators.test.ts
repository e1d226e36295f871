import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../../local/eventbridge/pattern/index.ts';

/**
 * Conformance with the table of AWS's "Comparison operators for use in event patterns in Amazon
 * EventBridge" page, and its `$or` examples: one row per operator, with the documented rule
 * syntax, an event that matches and one that does not.
 */

interface Row {
  comparison: string;
  pattern: object;
  match: object;
  noMatch: object;
}

const rows: Row[] = [
  {
    comparison: 'And: Location is "New York" and Day is "Monday"',
    pattern: { Location: ['New York'], Day: ['Monday'] },
    match: { Location: 'New York', Day: 'Monday' },
    noMatch: { Location: 'New York', Day: 'Tuesday' },
  },
  {
    comparison: 'Anything-but: state is any value besides "initializing"',
    pattern: { state: [{ 'anything-but': 'initializing' }] },
    match: { state: 'running' },
    noMatch: { state: 'initializing' },
  },
  {
    comparison: 'Anything-but (begins with): Region is not in the US',
    pattern: { Region: [{ 'anything-but': { prefix: 'us-' } }] },
    match: { Region: 'eu-west-2' },
    noMatch: { Region: 'us-east-1' },
  },
  {
    comparison: 'Anything-but (ends with): FileName does not end with .png',
    pattern: { FileName: [{ 'anything-but': { suffix: '.png' } }] },
    match: { FileName: 'a.jpg' },
    noMatch: { FileName: 'a.png' },
  },
  {
    comparison: 'Anything-but (ignore case): state besides "initializing" in any casing',
    pattern: { state: [{ 'anything-but': { 'equals-ignore-case': 'initializing' } }] },
    match: { state: 'running' },
    noMatch: { state: 'INITIALIZING' },
  },
  {
    comparison: 'Anything-but using a wildcard: FilePath does not include /lib/',
    pattern: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] },
    match: { FilePath: '/usr/share/doc' },
    noMatch: { FilePath: '/usr/lib/x.so' },
  },
  {
    comparison: 'Begins with: Region is in the US',
    pattern: { Region: [{ prefix: 'us-' }] },
    match: { Region: 'us-west-1' },
    noMatch: { Region: 'eu-west-1' },
  },
  {
    comparison: 'Begins with (ignore case): service starts with "eventb"',
    pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
    match: { service: 'EventBridge' },
    noMatch: { service: 'Events' },
  },
  {
    comparison: 'Empty: LastName is empty',
    pattern: { LastName: [''] },
    match: { LastName: '' },
    noMatch: { LastName: null },
  },
  {
    comparison: 'Equals: Name is "Alice"',
    pattern: { Name: ['Alice'] },
    match: { Name: 'Alice' },
    noMatch: { Name: 'alice' },
  },
  {
    comparison: 'Equals (ignore case): Name is "Alice" in any casing',
    pattern: { Name: [{ 'equals-ignore-case': 'alice' }] },
    match: { Name: 'ALICE' },
    noMatch: { Name: 'Alicia' },
  },
  {
    comparison: 'Ends with: FileName ends with .png',
    pattern: { FileName: [{ suffix: '.png' }] },
    match: { FileName: 'photo.png' },
    noMatch: { FileName: 'photo.gif' },
  },
  {
    comparison: 'Ends with (ignore case): FileName ends with .png in any casing',
    pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    match: { FileName: 'photo.PNG' },
    noMatch: { FileName: 'photo.gif' },
  },
  {
    comparison: 'Exists: ProductName exists',
    pattern: { ProductName: [{ exists: true }] },
    match: { ProductName: 'Widget' },
    noMatch: { Product: 'Widget' },
  },
  {
    comparison: 'Does not exist: ProductName does not exist',
    pattern: { ProductName: [{ exists: false }] },
    match: { Product: 'Widget' },
    noMatch: { ProductName: 'Widget' },
  },
  {
    comparison: 'Not: Weather is anything but "Raining"',
    pattern: { Weather: [{ 'anything-but': ['Raining'] }] },
    match: { Weather: 'Sunny' },
    noMatch: { Weather: 'Raining' },
  },
  {
    comparison: 'Null: UserID is null',
    pattern: { UserID: [null] },
    match: { UserID: null },
    noMatch: { UserID: 'null' },
  },
  {
    comparison: 'Numeric (equals): Price is 100',
    pattern: { Price: [{ numeric: ['=', 100] }] },
    match: { Price: 100 },
    noMatch: { Price: '100' },
  },
  {
    comparison: 'Numeric (range): Price is more than 10, and less than or equal to 20',
    pattern: { Price: [{ numeric: ['>', 10, '<=', 20] }] },
    match: { Price: 20 },
    noMatch: { Price: 10 },
  },
  {
    comparison: 'Or: PaymentType is "Credit" or "Debit"',
    pattern: { PaymentType: ['Credit', 'Debit'] },
    match: { PaymentType: 'Debit' },
    noMatch: { PaymentType: 'Cash' },
  },
  {
    comparison: 'Or (multiple fields): Location is "New York", or Day is "Monday"',
    pattern: { $or: [{ Location: ['New York'] }, { Day: ['Monday'] }] },
    match: { Location: 'Paris', Day: 'Monday' },
    noMatch: { Location: 'Paris', Day: 'Tuesday' },
  },
  {
    comparison: 'Wildcard: any file with a .png extension, located within folder "dir"',
    pattern: { FileName: [{ wildcard: 'dir/*.png' }] },
    match: { FileName: 'dir/a.png' },
    noMatch: { FileName: 'dir/a.gif' },
  },
  {
    comparison: 'IP address: SourceIP within 10.0.0.0/24',
    pattern: { SourceIP: [{ cidr: '10.0.0.0/24' }] },
    match: { SourceIP: '10.0.0.7' },
    noMatch: { SourceIP: '10.1.0.7' },
  },
];

describe('Comparison operators (documented table)', () => {
  it.each(rows)('$comparison', ({ pattern, match, noMatch }) => {
    expect(matchesPattern(pattern, match)).toBe(true);
    expect(matchesPattern(pattern, noMatch)).toBe(false);
  });
});

describe('$or (documented examples)', () => {
  const cloudwatch = { source: 'aws.cloudwatch', metricName: 'NetworkIn', namespace: 'AWS/EC2' };

  it('matches source and (metricName or namespace)', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { namespace: ['AWS/EC2', 'AWS/ES'] },
      ],
    };

    expect(matchesPattern(pattern, cloudwatch)).toBe(true);
    expect(matchesPattern(pattern, { ...cloudwatch, namespace: 'AWS/S3' })).toBe(false);
    expect(matchesPattern(pattern, { ...cloudwatch, source: 'aws.ec2' })).toBe(false);
  });

  it('matches an $or nested inside detail, one branch per numeric condition', () => {
    const pattern = {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    };

    expect(matchesPattern(pattern, { detail: { 'x-limit': 301.8 } })).toBe(true);
    expect(matchesPattern(pattern, { detail: { 'c-count': 9, 'd-count': 10 } })).toBe(false);
  });

  it('matches parallel $or at two levels, each of which must hold', () => {
    const pattern = {
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        { namespace: ['AWS/EC2', 'AWS/ES'] },
      ],
      detail: {
        $or: [{ source: ['aws.cloudwatch'] }, { 'detail-type': ['CloudWatch Alarm State Change'] }],
      },
    };

    expect(
      matchesPattern(pattern, { namespace: 'AWS/ES', detail: { source: 'aws.cloudwatch' } }),
    ).toBe(true);
    expect(matchesPattern(pattern, { namespace: 'AWS/ES', detail: { source: 'aws.ec2' } })).toBe(
      false,
    );
  });

  it('matches an "and" inside an "or", and a nested $or', () => {
    const pattern = {
      source: ['aws.cloudwatch'],
      $or: [
        { metricName: ['CPUUtilization', 'ReadLatency'] },
        {
          metricType: ['MetricType'],
          namespace: ['AWS/EC2', 'AWS/ES'],
          $or: [{ metricId: [1234] }, { spaceId: [1000] }],
        },
        { scope: ['Service'] },
      ],
    };
    const base = { source: 'aws.cloudwatch', metricType: 'MetricType', namespace: 'AWS/EC2' };

    expect(matchesPattern(pattern, { ...base, spaceId: 1000 })).toBe(true);
    expect(matchesPattern(pattern, { ...base, spaceId: 1001 })).toBe(false);
    expect(matchesPattern(pattern, { source: 'aws.cloudwatch', scope: 'Service' })).toBe(true);
  });
});
