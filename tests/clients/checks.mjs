// The checks every client runs (clients.mjs), and the selection-order check of a response.
// A client adapter is `async ({ query, variables, mutation }) => ({ data, errors, raw })`,
// where `errors` is [{ message, extensions }] and `raw` the response body as the server sent it.
import { readFileSync } from 'node:fs';
import { getIntrospectionQuery, parse, Kind } from 'graphql';

const operations = new URL('../../examples/operations/', import.meta.url);
const operation = (file) => readFileSync(new URL(file, operations), 'utf8');

export const CLINIC = 'Sunrise Veterinary Clinic';
// A well-formed clinic id that exists nowhere ("Clinic:" + the nil UUID).
export const MISSING_CLINIC_ID = Buffer.from('Clinic:00000000-0000-0000-0000-000000000000').toString('base64url');

/** The gateway URL (argument or GATEWAY_URL), a token, and the Sunrise clinic's id. */
export async function gatewayFromArgs(argument) {
  const url = (argument ?? process.env.GATEWAY_URL ?? '').replace(/\/+$/, '');
  if (!url) {
    console.error('usage: node clients.mjs <gateway URL>   (or set GATEWAY_URL; GATEWAY_TOKEN optional)');
    process.exit(2);
  }
  let token = process.env.GATEWAY_TOKEN;
  if (!token) {
    const response = await fetch(`${url}/graphiql/demo-tokens`);
    if (!response.ok) throw new Error(`no GATEWAY_TOKEN and /graphiql/demo-tokens answered ${response.status}`);
    token = (await response.json()).users.find((u) => u.clerkUserId === 'user_sunrise_owner').token;
  }
  return { url, token };
}

/** What a client is asked to do, and what must come back. */
export function scenarios() {
  let clinicId = null;
  let caseId = null;
  return [
    {
      name: 'query without variables returns data (Me)',
      query: operation('me.graphql'),
      check({ data, errors }) {
        expectNoErrors(errors);
        const clinic = data?.me?.memberships?.find((m) => m.clinic?.name === CLINIC)?.clinic;
        assert(clinic, `no membership in ${CLINIC}: ${JSON.stringify(data)}`);
        clinicId = clinic.id;
      },
    },
    {
      name: 'response keys follow the selection order (Me)',
      query: operation('me.graphql'),
      check({ raw, query }) {
        const problems = selectionOrderProblems(query, JSON.parse(raw).data);
        assert(problems.length === 0, problems.slice(0, 3).join('\n'));
      },
    },
    {
      name: 'query with variables returns data (ClientSearch)',
      query: operation('client-search.graphql'),
      variables: () => ({ clinicId: need(clinicId), search: 'Gonzalez' }),
      check({ data, errors }) {
        expectNoErrors(errors);
        const names = data?.clinic?.clients?.nodes?.map((c) => c.displayName) ?? [];
        assert(names.includes('Maria Gonzalez'), `search found ${JSON.stringify(names)}`);
      },
    },
    {
      name: 'the dashboard returns data (ClinicDashboard)',
      query: operation('clinic-dashboard.graphql'),
      variables: () => ({ clinicId: need(clinicId), since: '2000-01-01T00:00:00Z' }),
      check({ data, errors }) {
        expectNoErrors(errors);
        assert(data?.clinic?.caseCountsByStatus?.length > 0, `no case counts: ${JSON.stringify(data)?.slice(0, 300)}`);
      },
    },
    {
      name: 'cursor paging visits every case once (CasesPage)',
      query: operation('cases-page.graphql'),
      // One request per page: `run` is called by the check itself, page after page.
      pages: true,
      async check({ run, query }) {
        const seen = new Set();
        let after = null;
        let total = null;
        for (let page = 0; page < 50; page += 1) {
          const { data, errors } = await run({ query, variables: { clinicId: need(clinicId), first: 2, after } });
          expectNoErrors(errors);
          const cases = data.clinic.cases;
          total = cases.totalCount;
          for (const edge of cases.edges) {
            assert(!seen.has(edge.node.id), `case ${edge.node.id} came twice`);
            seen.add(edge.node.id);
          }
          if (!cases.pageInfo.hasNextPage) break;
          after = cases.pageInfo.endCursor;
        }
        assert(total > 2 && seen.size === total, `saw ${seen.size} of ${total} cases`);
        caseId = [...seen][0];
      },
    },
    {
      name: 'a row by global id through node() (CaseDetail)',
      query: operation('case-detail.graphql'),
      variables: () => ({ id: need(caseId) }),
      check({ data, errors }) {
        expectNoErrors(errors);
        assert(data?.node?.__typename === 'Case' && data.node.id === caseId, `node: ${JSON.stringify(data?.node)?.slice(0, 200)}`);
      },
    },
    {
      name: 'introspection (the standard introspection query)',
      query: getIntrospectionQuery({ descriptions: true, inputValueDeprecation: true }),
      check({ data, errors }) {
        expectNoErrors(errors);
        assert(data?.__schema?.queryType?.name === 'Query', `__schema: ${JSON.stringify(data?.__schema)?.slice(0, 200)}`);
        assert(data.__schema.types.length > 100, `only ${data.__schema.types.length} types`);
      },
    },
    {
      name: "another clinic's id surfaces NOT_FOUND in extensions.code",
      query: `query Missing($id: ID!) { clinic(id: $id) { id name } }`,
      variables: () => ({ id: MISSING_CLINIC_ID }),
      check({ errors }) {
        expectCode(errors, 'NOT_FOUND');
      },
    },
    {
      name: 'a validation error surfaces BAD_USER_INPUT with extensions.field (CreateClient)',
      query: operation('create-client.graphql'),
      mutation: true,
      variables: () => ({ input: { clinicId: need(clinicId), displayName: 'Client test', email: 'not-an-email' } }),
      check({ errors }) {
        const error = expectCode(errors, 'BAD_USER_INPUT');
        assert(error.extensions.field === 'input.email', `extensions.field is ${JSON.stringify(error.extensions.field)}`);
      },
    },
    {
      name: 'a missing required variable is BAD_USER_INPUT, not INTERNAL (CreateClient)',
      query: operation('create-client.graphql'),
      mutation: true,
      variables: () => ({}),
      check({ errors }) {
        expectCode(errors, 'BAD_USER_INPUT');
      },
    },
  ];
}

function need(value) {
  if (value === null) throw new Error('skipped: an earlier check found no id to use');
  return value;
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

function expectNoErrors(errors) {
  assert(!errors?.length, `errors: ${JSON.stringify(errors)}`);
}

function expectCode(errors, code) {
  const error = errors?.find((e) => e.extensions?.code === code);
  assert(error, `expected an error with extensions.code ${code}, got ${JSON.stringify(errors ?? null)}`);
  return error;
}

/** Runs every scenario through one client; prints a line per check. */
export async function runScenarios(client, run, list) {
  let passed = 0;
  let failed = 0;
  for (const scenario of list) {
    try {
      if (scenario.pages) {
        await scenario.check({ run, query: scenario.query });
      } else {
        const variables = scenario.variables ? scenario.variables() : undefined;
        const result = await run({ query: scenario.query, variables, mutation: scenario.mutation ?? false });
        await scenario.check({ ...result, query: scenario.query });
      }
      passed += 1;
      console.log(`ok   ${client}: ${scenario.name}`);
    } catch (error) {
      failed += 1;
      const text = String(error?.message ?? error).slice(0, 600).split('\n').join('\n       ');
      console.log(`FAIL ${client}: ${scenario.name}\n       ${text}`);
    }
  }
  return { passed, failed };
}

/**
 * Where the keys of `data` do not follow the order of the operation's selection sets (merged
 * by response name, inline fragments by __typename where it is known, named fragments
 * expanded). Keys a client added on its own (Apollo's __typename) are ignored.
 */
export function selectionOrderProblems(query, data) {
  const document = parse(query);
  const fragments = new Map(
    document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
  );
  const operationNode = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  const problems = [];

  // Response names in order of first appearance, with the sub-selections of each.
  function collect(selectionSet, typename, into = new Map()) {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const key = selection.alias?.value ?? selection.name.value;
        if (!into.has(key)) into.set(key, []);
        if (selection.selectionSet) into.get(key).push(selection.selectionSet);
      } else {
        const fragment = selection.kind === Kind.INLINE_FRAGMENT ? selection : fragments.get(selection.name.value);
        const condition = fragment.typeCondition?.name.value;
        if (!condition || !typename || condition === typename) collect(fragment.selectionSet, typename, into);
      }
    }
    return into;
  }

  function walk(selectionSets, value, path) {
    if (value === null || typeof value !== 'object') return;
    if (Array.isArray(value)) {
      value.forEach((item, i) => walk(selectionSets, item, `${path}[${i}]`));
      return;
    }
    const fields = new Map();
    for (const set of selectionSets) collect(set, value.__typename, fields);
    const expected = [...fields.keys()].filter((k) => k in value);
    const actual = Object.keys(value).filter((k) => fields.has(k));
    if (expected.join() !== actual.join()) {
      problems.push(`${path || 'data'}: keys ${JSON.stringify(actual)}, selection order ${JSON.stringify(expected)}`);
    }
    for (const [key, sets] of fields) if (sets.length) walk(sets, value[key], `${path}.${key}`);
  }

  walk([operationNode.selectionSet], data, 'data');
  return problems;
}
