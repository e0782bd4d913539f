// Unit tests of the selection-order check (node --test): it must accept a response in selection
// order and catch one that is not, through aliases, fragments, lists and client-added keys.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { selectionOrderProblems } from './checks.mjs';

const query = `
  query Q { me { b a } list: items { y x ... on Thing { z } ...F } }
  fragment F on Thing { w }
`;

test('a response in selection order passes', () => {
  const data = { me: { b: 1, a: 2 }, list: [{ __typename: 'Thing', y: 1, x: 2, z: 3, w: 4 }] };
  assert.deepEqual(selectionOrderProblems(query, data), []);
});

test('alphabetical keys are caught, at every level and in lists', () => {
  const data = { list: [{ w: 4, x: 2, y: 1, z: 3 }], me: { a: 2, b: 1 } };
  const problems = selectionOrderProblems(query, data);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /^data: keys \["list","me"\]/);
});

test('keys a client added (Apollo __typename) do not count', () => {
  const data = { me: { __typename: 'Me', b: 1, a: 2 }, list: [] };
  assert.deepEqual(selectionOrderProblems(query, data), []);
});

test('an inline fragment for another type is not expected', () => {
  const data = { me: { b: 1, a: 2 }, list: [{ __typename: 'Other', y: 1, x: 2 }] };
  assert.deepEqual(selectionOrderProblems('{ me { b a } list: items { y x ... on Thing { z } } }', data), []);
});
