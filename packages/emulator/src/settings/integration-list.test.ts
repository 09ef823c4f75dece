import { describe, expect, it } from 'vitest';
import { assignIntegrationIds, integrationInputs, listProblems } from './integration-list.js';

describe('integrationInputs', () => {
  it('reads one integration as a list of one, and both list forms as lists', () => {
    expect(integrationInputs({ name: 'A' })).toEqual([{ name: 'A' }]);
    expect(integrationInputs([{ name: 'A' }, { name: 'B' }])).toHaveLength(2);
    expect(integrationInputs({ integrations: [{ name: 'A' }] })).toEqual([{ name: 'A' }]);
  });
});

describe('assignIntegrationIds', () => {
  const newIds = () => {
    let n = 0;
    return () => `new-${++n}`;
  };
  it('gives the first integration ever `default`, then new ids', () => {
    expect(assignIntegrationIds([{ name: 'A' }, { name: 'B' }], [], newIds())).toEqual(['default', 'new-1']);
  });
  it('keeps ids by explicit id, Notion client id, then name, whatever the order', () => {
    const current = [
      { id: 'default', name: 'A', notionClientId: 'ca' },
      { id: 'x', name: 'B', notionClientId: 'cb' },
    ];
    expect(
      assignIntegrationIds(
        [
          { name: 'B2', notionClientId: 'cb' },
          { id: 'default', name: 'A' },
        ],
        current,
        newIds(),
      ),
    ).toEqual(['x', 'default']);
    expect(assignIntegrationIds([{ name: 'B' }, { name: 'C' }], current, newIds())).toEqual(['x', 'new-1']);
  });
  it('keeps the id of a single integration edited as a list of one (a rename keeps its connections)', () => {
    expect(assignIntegrationIds([{ name: 'Renamed' }], [{ id: 'default', name: 'A' }], newIds())).toEqual([
      'default',
    ]);
  });
  it('never gives one id twice', () => {
    expect(assignIntegrationIds([{ id: 'default' }, { id: 'default' }], [], newIds())).toEqual([
      'default',
      'new-1',
    ]);
  });
});

describe('listProblems', () => {
  it('refuses two integrations with one name or one Notion client id', () => {
    expect(
      listProblems([
        { name: 'A', notionClientId: '1' },
        { name: 'A', notionClientId: '1' },
      ]),
    ).toEqual([
      'two integrations are named "A": each needs its own name',
      'two integrations have the Notion client id "1": each needs its own',
    ]);
  });
});
