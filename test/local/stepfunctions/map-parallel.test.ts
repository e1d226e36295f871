import { describe, expect, it } from 'vitest';
import { fnArn, functionError, harness, runToEnd } from './support.ts';

// The developer guide's Map example: validate each shipped item, with its courier.
const shipment = {
  'ship-date': '2016-03-14T01:59:00Z',
  detail: {
    'delivery-partner': 'UQS',
    shipped: [
      { prod: 'R31', 'dest-code': 9511, quantity: 1344 },
      { prod: 'S39', 'dest-code': 9511, quantity: 40 },
      { prod: 'R31', 'dest-code': 9833, quantity: 12 },
      { prod: 'R40', 'dest-code': 9860, quantity: 887 },
      { prod: 'R40', 'dest-code': 9511, quantity: 1220 },
    ],
  },
};

const validateAll = (extra: Record<string, unknown>) => ({
  StartAt: 'Validate-All',
  States: {
    'Validate-All': {
      Type: 'Map',
      InputPath: '$.detail',
      ItemsPath: '$.shipped',
      MaxConcurrency: 0,
      ItemProcessor: {
        ProcessorConfig: { Mode: 'INLINE' },
        StartAt: 'Validate',
        States: { Validate: { Type: 'Task', Resource: fnArn('ship-val'), End: true } },
      },
      ResultPath: '$.detail.shipped',
      ...extra,
      End: true,
    },
  },
});

describe('Map', () => {
  it('runs the item processor for each item and places the results in order', async () => {
    const result = await runToEnd(validateAll({}), shipment, {
      'ship-val': (item) => ({ ...(item as object), valid: true }),
    });
    expect(result.output).toEqual({
      ...shipment,
      detail: {
        ...shipment.detail,
        shipped: shipment.detail.shipped.map((item) => ({ ...item, valid: true })),
      },
    });
  });

  it('builds each iteration’s input with ItemSelector and $$.Map.Item', async () => {
    const seen: unknown[] = [];
    await runToEnd(
      validateAll({
        ItemSelector: {
          'parcel.$': '$$.Map.Item.Value',
          'index.$': '$$.Map.Item.Index',
          'courier.$': '$.delivery-partner',
        },
      }),
      shipment,
      {
        'ship-val': (item) => {
          seen.push(item);
          return true;
        },
      },
    );
    expect(seen).toHaveLength(5);
    expect(seen).toContainEqual({ parcel: shipment.detail.shipped[1], index: 1, courier: 'UQS' });
  });

  it('accepts the older Iterator and Parameters fields', async () => {
    const result = await runToEnd(
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Parameters: { 'n.$': '$$.Map.Item.Value' },
            Iterator: {
              StartAt: 'Double',
              States: {
                Double: {
                  Type: 'Pass',
                  Parameters: { 'twice.$': 'States.MathAdd($.n, $.n)' },
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      },
      [1, 2, 3],
    );
    expect(result.output).toEqual([{ twice: 2 }, { twice: 4 }, { twice: 6 }]);
  });

  it('runs at most MaxConcurrency iterations at a time', async () => {
    let running = 0;
    let most = 0;
    await runToEnd(validateAll({ MaxConcurrency: 2 }), shipment, {
      'ship-val': async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, 5));
        running -= 1;
        return true;
      },
    });
    expect(most).toBe(2);
  });

  it('fails when an iteration fails, recording MapIterationFailed and MapStateFailed', async () => {
    const h = await harness(validateAll({}), {
      handlers: {
        'ship-val': (item) => {
          if ((item as { prod: string }).prod === 'S39') throw functionError('InvalidItem');
          return true;
        },
      },
    });
    const arn = await h.start(shipment);
    const done = await h.finished(arn);
    const types = (await h.history(arn)).map((event) => event.type);
    await h.stop();
    expect(done).toMatchObject({ status: 'FAILED', error: 'InvalidItem' });
    expect(types).toContain('MapIterationFailed');
    expect(types).toContain('MapStateFailed');
  });

  it('maps JSONata Items with ItemSelector and the item index', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% $states.input.numbers %}',
            ItemSelector: {
              value: '{% $states.context.Map.Item.Value %}',
              index: '{% $states.context.Map.Item.Index %}',
            },
            ItemProcessor: {
              StartAt: 'Square',
              States: {
                Square: {
                  Type: 'Pass',
                  Output: '{% $states.input.value * $states.input.value + $states.input.index %}',
                  End: true,
                },
              },
            },
            Output: '{% $sum($states.result) %}',
            End: true,
          },
        },
      },
      { numbers: [1, 2, 3] },
    );
    expect(result.output).toBe(1 + 0 + 4 + 1 + 9 + 2);
  });
});

describe('Parallel', () => {
  // The developer guide's Parallel example: look up the address and the phone number at once.
  const lookup = {
    StartAt: 'LookupCustomerInfo',
    States: {
      LookupCustomerInfo: {
        Type: 'Parallel',
        End: true,
        Branches: [
          {
            StartAt: 'LookupAddress',
            States: {
              LookupAddress: { Type: 'Task', Resource: fnArn('AddressFinder'), End: true },
            },
          },
          {
            StartAt: 'LookupPhone',
            States: { LookupPhone: { Type: 'Task', Resource: fnArn('PhoneFinder'), End: true } },
          },
        ],
      },
    },
  };

  it('gives every branch the input and outputs their results in branch order', async () => {
    const result = await runToEnd(
      lookup,
      { customer: 'c-1' },
      {
        AddressFinder: async (input) => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          return { address: `1 Road for ${(input as { customer: string }).customer}` };
        },
        PhoneFinder: (input) => ({ phone: `555 ${(input as { customer: string }).customer}` }),
      },
    );
    expect(result.output).toEqual([{ address: '1 Road for c-1' }, { phone: '555 c-1' }]);
  });

  it('fails with a branch’s error, which its Catch handles', async () => {
    const result = await runToEnd(
      {
        StartAt: 'Both',
        States: {
          Both: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
              {
                StartAt: 'No',
                States: { No: { Type: 'Fail', Error: 'BranchFailed', Cause: 'because' } },
              },
            ],
            Catch: [{ ErrorEquals: ['BranchFailed'], ResultPath: '$.error', Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Pass', End: true },
        },
      },
      { a: 1 },
    );
    expect(result.output).toEqual({ a: 1, error: { Error: 'BranchFailed', Cause: 'because' } });
  });

  it('lets branches read outer variables without leaking their own', async () => {
    const result = await runToEnd(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'Set',
        States: {
          Set: { Type: 'Pass', Assign: { outer: 'o', inner: 'before' }, Next: 'Both' },
          Both: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'Inner',
                States: {
                  Inner: { Type: 'Pass', Assign: { inner: 'changed' }, Next: 'Read' },
                  Read: { Type: 'Pass', Output: '{% $outer & "/" & $inner %}', End: true },
                },
              },
            ],
            Next: 'After',
          },
          After: {
            Type: 'Pass',
            Output: { branches: '{% $states.input %}', inner: '{% $inner %}' },
            End: true,
          },
        },
      },
      {},
    );
    expect(result.output).toEqual({ branches: ['o/changed'], inner: 'before' });
  });
});
