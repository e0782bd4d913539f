// Runs the same operations through three real JavaScript GraphQL clients against a running
// gateway, as client developers will use them:
//   node clients.mjs <gateway URL>     tokens: GATEWAY_TOKEN (a Sunrise owner), else minted
//                                      by the development endpoint /graphiql/demo-tokens
// Clients: graphql-request 7, @urql/core 6, Apollo Client 4 (@apollo/client/core).
// Checks per client (see checks.mjs): data comes back, errors surface with extensions.code,
// introspection works, and the response's keys follow the selection order (GraphQL spec,
// "Serialized Map Ordering"). Prints one line per check and a closing "N passed, N failed".
import { GraphQLClient, ClientError } from 'graphql-request';
import { Client as UrqlClient, fetchExchange } from '@urql/core';
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';
import { parse } from 'graphql';
import { gatewayFromArgs, scenarios, runScenarios } from './checks.mjs';

const { url, token } = await gatewayFromArgs(process.argv[2]);
const endpoint = `${url}/graphql`;
const headers = { Authorization: `Bearer ${token}` };

// Every client gets this fetch, which keeps the raw body of the last response: the key-order
// check must look at what the server sent, not at an object a client's cache rebuilt.
function recordingFetch() {
  const state = { raw: null };
  const fetchAndRecord = async (input, init) => {
    const response = await fetch(input, init);
    state.raw = await response.clone().text();
    return response;
  };
  return { fetch: fetchAndRecord, state };
}

const plainErrors = (errors) =>
  (errors ?? []).map((e) => ({ message: e.message, extensions: e.extensions ?? {} }));

const adapters = {
  'graphql-request 7': () => {
    const recorder = recordingFetch();
    const client = new GraphQLClient(endpoint, { headers, fetch: recorder.fetch });
    return async ({ query, variables }) => {
      try {
        const result = await client.rawRequest(query, variables);
        return { data: result.data, errors: plainErrors(result.errors), raw: recorder.state.raw };
      } catch (error) {
        if (!(error instanceof ClientError)) throw error;
        return { data: error.response.data, errors: plainErrors(error.response.errors), raw: recorder.state.raw };
      }
    };
  },
  '@urql/core 6': () => {
    const recorder = recordingFetch();
    const client = new UrqlClient({
      url: endpoint,
      exchanges: [fetchExchange],
      fetch: recorder.fetch,
      fetchOptions: { headers },
      requestPolicy: 'network-only',
    });
    return async ({ query, variables, mutation }) => {
      const result = await (mutation ? client.mutation(query, variables) : client.query(query, variables)).toPromise();
      if (result.error?.networkError && !result.error.graphQLErrors.length) throw result.error.networkError;
      return { data: result.data, errors: plainErrors(result.error?.graphQLErrors), raw: recorder.state.raw };
    };
  },
  'Apollo Client 4': () => {
    const recorder = recordingFetch();
    const client = new ApolloClient({
      link: new HttpLink({ uri: endpoint, headers, fetch: recorder.fetch }),
      cache: new InMemoryCache(),
    });
    return async ({ query, variables, mutation }) => {
      const document = parse(query);
      const result = mutation
        ? await client.mutate({ mutation: document, variables, errorPolicy: 'all' })
        : await client.query({ query: document, variables, fetchPolicy: 'no-cache', errorPolicy: 'all' });
      // Apollo 4 wraps GraphQL errors in CombinedGraphQLErrors (`.errors`); anything else
      // (a ServerError for a 4xx body it did not read, a network error) is a failure to report.
      const error = result.error;
      if (error && !Array.isArray(error.errors)) throw error;
      return { data: result.data, errors: plainErrors(error?.errors), raw: recorder.state.raw };
    };
  },
};

let failed = 0;
let passed = 0;
for (const [name, make] of Object.entries(adapters)) {
  const outcome = await runScenarios(name, make(), scenarios({ url, token }));
  passed += outcome.passed;
  failed += outcome.failed;
}
console.log(`js clients: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
