// A minimal typed client for vet-gateway built on the generated operation types: how a web or
// mobile client signs in, picks a clinic, pages through cases, reads Decimal and JSON fields,
// and shows a mutation's validation error next to the field it names. It must compile under
// `tsc --strict --noEmit` (npm run check); it is an example to copy, not a library.
import { readFileSync } from 'node:fs';
import type {
  CaseDetailQuery,
  CaseDetailQueryVariables,
  CasesPageQuery,
  CasesPageQueryVariables,
  ClientSearchQuery,
  ClientSearchQueryVariables,
  ClinicDashboardQuery,
  ClinicDashboardQueryVariables,
  CreateClientMutation,
  CreateClientMutationVariables,
  MeQuery,
  MeQueryVariables,
} from './generated/operations.js';

/** The codes the gateway puts in `extensions.code` (see the main README). */
export type ErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'CONFLICT'
  | 'LIMIT_EXCEEDED'
  | 'RATE_LIMITED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

export interface GatewayError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: ErrorCode; field?: string; requestId?: string };
}

export interface GatewayResult<TData> {
  data?: TData | null;
  errors?: GatewayError[];
}

/** Each operation's variables and result, keyed by the operation's name. */
interface Operations {
  Me: [MeQueryVariables, MeQuery];
  ClinicDashboard: [ClinicDashboardQueryVariables, ClinicDashboardQuery];
  ClientSearch: [ClientSearchQueryVariables, ClientSearchQuery];
  CaseDetail: [CaseDetailQueryVariables, CaseDetailQuery];
  CasesPage: [CasesPageQueryVariables, CasesPageQuery];
  CreateClient: [CreateClientMutationVariables, CreateClientMutation];
}
type OperationName = keyof Operations;

const FILES: Record<OperationName, string> = {
  Me: 'me.graphql',
  ClinicDashboard: 'clinic-dashboard.graphql',
  ClientSearch: 'client-search.graphql',
  CaseDetail: 'case-detail.graphql',
  CasesPage: 'cases-page.graphql',
  CreateClient: 'create-client.graphql',
};

export class GatewayClient {
  readonly #documents: Record<OperationName, string>;

  constructor(
    readonly endpoint: string,
    readonly token: string,
    operationsDir = new URL('../operations/', import.meta.url),
  ) {
    const load = (name: OperationName) => readFileSync(new URL(FILES[name], operationsDir), 'utf8');
    this.#documents = {
      Me: load('Me'),
      ClinicDashboard: load('ClinicDashboard'),
      ClientSearch: load('ClientSearch'),
      CaseDetail: load('CaseDetail'),
      CasesPage: load('CasesPage'),
      CreateClient: load('CreateClient'),
    };
  }

  async run<N extends OperationName>(name: N, variables: Operations[N][0]): Promise<GatewayResult<Operations[N][1]>> {
    const response = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Accept: 'application/graphql-response+json, application/json;q=0.9',
        Authorization: `Bearer ${this.token}`,
      },
      body: JSON.stringify({ query: this.#documents[name], operationName: name, variables }),
    });
    // GraphQL-over-HTTP: request errors come with 4xx and a JSON body, so read it either way.
    return (await response.json()) as GatewayResult<Operations[N][1]>;
  }
}

/** The clinic to open after sign-in: the one the token pinned, else the primary membership. */
export function activeClinicId(me: MeQuery): string | null {
  if (!me.me) return null;
  if (me.me.activeClinic) return me.me.activeClinic.id;
  const primary = me.me.memberships.find((m) => m.isPrimary) ?? me.me.memberships[0];
  return primary?.clinic?.id ?? null;
}

/** Every case of a clinic, following cursors page by page. */
export async function allCaseIds(client: GatewayClient, clinicId: string, pageSize = 50): Promise<string[]> {
  const ids: string[] = [];
  let after: string | null = null;
  for (;;) {
    const page: GatewayResult<CasesPageQuery> = await client.run('CasesPage', { clinicId, first: pageSize, after });
    if (page.errors?.length || !page.data) throw new Error(page.errors?.[0]?.message ?? 'no data');
    const cases = page.data.clinic.cases;
    ids.push(...cases.edges.map((e) => e.node.id));
    if (!cases.pageInfo.hasNextPage || cases.pageInfo.endCursor === null) return ids;
    after = cases.pageInfo.endCursor;
  }
}

/** Decimal arrives as a string so no digit is lost; format it without going through a float. */
export function formatWeight(weightKg: string | null): string {
  if (weightKg === null) return '—';
  const [whole, fraction = ''] = weightKg.split('.');
  const trimmed = fraction.replace(/0+$/, '');
  return `${whole}${trimmed ? `.${trimmed}` : ''} kg`;
}

/** JSON fields are `unknown`: narrow before reading. */
export function visitReason(metadata: unknown): string | null {
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return null;
  const reason = (metadata as Record<string, unknown>)['visit_reason'];
  return typeof reason === 'string' ? reason : null;
}

/** A case screen's header line. */
export function caseHeadline(result: CaseDetailQuery): string | null {
  const node = result.node;
  if (node.__typename !== 'Case') return null;
  const patient = node.patient ? `${node.patient.name} (${formatWeight(node.patient.weightKg)})` : 'unknown patient';
  return `${node.status ?? 'DRAFT'} — ${patient}${node.isUrgent ? ' — urgent' : ''}`;
}

/** Create a client; a validation error comes back as a message for the form field it names. */
export async function createClient(
  client: GatewayClient,
  input: CreateClientMutationVariables['input'],
): Promise<{ id: string } | { fieldErrors: Record<string, string> }> {
  const result = await client.run('CreateClient', { input });
  if (result.data?.createClient) return { id: result.data.createClient.client.id };
  const fieldErrors: Record<string, string> = {};
  for (const error of result.errors ?? []) {
    const key = error.extensions?.code === 'BAD_USER_INPUT' ? (error.extensions.field ?? '_form') : '_form';
    fieldErrors[key] = error.message;
  }
  return { fieldErrors };
}
