import { describe, expect, it } from 'vitest';
import { matchesPattern } from '../../../../local/eventbridge/pattern/index.ts';

/**
 * Conformance with the examples of AWS's "Amazon EventBridge event patterns" pages: the page
 * itself, "Matching null values and empty strings" and "Arrays in event patterns". Each case
 * names the documented behaviour it checks, with an event that matches and one that does not.
 */

const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};

const autoscalingEvent = {
  version: '0',
  id: '3e3c153a-8339-4e30-8c35-687ebef853fe',
  'detail-type': 'EC2 Instance Launch Successful',
  source: 'aws.autoscaling',
  account: '123456789012',
  time: '2015-11-11T21:31:47Z',
  region: 'us-east-1',
  resources: [],
  detail: { eventVersion: '', responseElements: null },
};

const withDetail = (event: object, detail: object) => ({ ...event, detail });

describe('Amazon EventBridge event patterns (documented examples)', () => {
  it('matches all EC2 instance-termination events on source, detail-type and detail.state', () => {
    // Prepare
    const pattern = {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    };

    // Act
    const terminated = matchesPattern(pattern, ec2Event);
    const running = matchesPattern(pattern, withDetail(ec2Event, { state: 'running' }));

    // Assess
    expect(terminated).toBe(true);
    expect(running).toBe(false);
  });

  it('requires every field the pattern names, with the same nesting', () => {
    const pattern = { detail: { state: ['terminated'] } };

    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Event, detail: undefined, state: 'terminated' })).toBe(
      false,
    );
  });

  it('matches any of the values in a pattern array (source is aws.ec2 or aws.fargate)', () => {
    const pattern = { source: ['aws.ec2', 'aws.fargate'] };

    expect(matchesPattern(pattern, ec2Event)).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Event, source: 'aws.fargate' })).toBe(true);
    expect(matchesPattern(pattern, { ...ec2Event, source: 'aws.s3' })).toBe(false);
  });

  it('compares strings character by character, without case folding', () => {
    const pattern = { source: ['aws.ec2'] };

    expect(matchesPattern(pattern, { ...ec2Event, source: 'AWS.EC2' })).toBe(false);
  });

  it('matches the Auto Scaling example on responseElements being null', () => {
    const pattern = {
      source: ['aws.autoscaling'],
      'detail-type': ['EC2 Instance Launch Successful'],
      detail: { responseElements: [null] },
    };

    expect(matchesPattern(pattern, autoscalingEvent)).toBe(true);
    expect(
      matchesPattern(pattern, withDetail(autoscalingEvent, { responseElements: { a: 1 } })),
    ).toBe(false);
  });

  it('matches the Macie example on risk-score 80 and trigger risk 8 (numbers as values)', () => {
    const pattern = {
      source: ['aws.macie'],
      'detail-type': ['Macie Alert'],
      detail: { 'risk-score': [80], trigger: { risk: [8] } },
    };
    const alert = {
      source: 'aws.macie',
      'detail-type': 'Macie Alert',
      detail: { 'risk-score': 80, trigger: { 'alert-type': 'basic', risk: 8 } },
    };

    expect(matchesPattern(pattern, alert)).toBe(true);
    expect(
      matchesPattern(pattern, withDetail(alert, { 'risk-score': 80, trigger: { risk: 7 } })),
    ).toBe(false);
  });
});

describe('Matching null values and empty strings (documented examples)', () => {
  it('matches an empty string with [""]', () => {
    const pattern = { detail: { eventVersion: [''] } };

    expect(matchesPattern(pattern, autoscalingEvent)).toBe(true);
    expect(matchesPattern(pattern, withDetail(autoscalingEvent, { eventVersion: '1' }))).toBe(
      false,
    );
  });

  it('matches null with [null]', () => {
    const pattern = { detail: { responseElements: [null] } };

    expect(matchesPattern(pattern, autoscalingEvent)).toBe(true);
    expect(matchesPattern(pattern, withDetail(autoscalingEvent, {}))).toBe(false);
  });

  it('does not treat null and the empty string as interchangeable', () => {
    expect(matchesPattern({ detail: { eventVersion: [null] } }, autoscalingEvent)).toBe(false);
    expect(matchesPattern({ detail: { responseElements: [''] } }, autoscalingEvent)).toBe(false);
  });

  it('tells a missing field from a null one', () => {
    const pattern = { detail: { responseElements: [null] } };

    expect(matchesPattern(pattern, withDetail(autoscalingEvent, { eventVersion: '' }))).toBe(false);
  });
});

describe('Arrays in event patterns (documented examples)', () => {
  const pattern = {
    resources: [
      'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
    ],
  };

  it('matches when the event array and the pattern array intersect', () => {
    const event = {
      resources: [
        'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
      ],
    };

    expect(matchesPattern(pattern, event)).toBe(true);
  });

  it('does not match when they do not intersect, nor an empty event array', () => {
    expect(matchesPattern(pattern, { resources: ['arn:aws:ec2:us-east-1:1:instance/i-x'] })).toBe(
      false,
    );
    expect(matchesPattern(pattern, { resources: [] })).toBe(false);
  });

  it('matches objects in an array as if each were the value of the field (Event Ruler)', () => {
    const employees = {
      employees: [
        { firstName: 'John', lastName: 'Doe' },
        { firstName: 'Anna', lastName: 'Smith' },
        { firstName: 'Peter', lastName: 'Jones' },
      ],
    };

    expect(matchesPattern({ employees: { firstName: ['Anna'] } }, employees)).toBe(true);
    expect(matchesPattern({ employees: { firstName: ['Maria'] } }, employees)).toBe(false);
  });

  it('never combines fields from different elements of one array (array-consistent matching)', () => {
    const employees = {
      employees: [
        [
          { firstName: 'John', lastName: 'Doe' },
          { firstName: 'Anna', lastName: 'Smith' },
        ],
        [{ firstName: 'Peter', lastName: 'Jones' }],
      ],
    };

    expect(
      matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Smith'] } }, employees),
    ).toBe(true);
    expect(
      matchesPattern({ employees: { firstName: ['Anna'], lastName: ['Jones'] } }, employees),
    ).toBe(false);
  });
});
