"""Python `gql` 4 against a running gateway, as a Python service or script would use it.

    python gql_client.py <gateway URL>     (GATEWAY_URL; GATEWAY_TOKEN optional, else minted
                                            by the development endpoint /graphiql/demo-tokens)

The client is built with fetch_schema_from_transport=True, so its first request is gql's
introspection query and every later document is validated locally against that schema. The
checks mirror checks.mjs: data, errors with extensions.code, selection order of the keys.
Prints one line per check and a closing "N passed, N failed".
"""

import base64
import json
import os
import pathlib
import sys
import urllib.request

from gql import Client, gql
from gql.transport.exceptions import TransportQueryError
from gql.transport.requests import RequestsHTTPTransport
from graphql import FieldNode, FragmentSpreadNode, InlineFragmentNode, OperationDefinitionNode, parse

OPERATIONS = pathlib.Path(__file__).resolve().parent.parent.parent / "examples" / "operations"
CLINIC = "Sunrise Veterinary Clinic"
MISSING_CLINIC_ID = base64.urlsafe_b64encode(b"Clinic:00000000-0000-0000-0000-000000000000").decode().rstrip("=")


def gateway():
    url = (sys.argv[1] if len(sys.argv) > 1 else os.environ.get("GATEWAY_URL", "")).rstrip("/")
    if not url:
        sys.exit("usage: python gql_client.py <gateway URL>   (or set GATEWAY_URL; GATEWAY_TOKEN optional)")
    token = os.environ.get("GATEWAY_TOKEN")
    if not token:
        with urllib.request.urlopen(f"{url}/graphiql/demo-tokens", timeout=10) as response:
            users = json.load(response)["users"]
        token = next(u["token"] for u in users if u["clerkUserId"] == "user_sunrise_owner")
    return url, token


def selection_order_problems(query, data):
    """Where the keys of `data` do not follow the selection order (see checks.mjs)."""
    document = parse(query)
    fragments = {d.name.value: d for d in document.definitions if not isinstance(d, OperationDefinitionNode)}
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    problems = []

    def collect(selection_set, typename, into):
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                key = selection.alias.value if selection.alias else selection.name.value
                into.setdefault(key, [])
                if selection.selection_set:
                    into[key].append(selection.selection_set)
            else:
                fragment = selection if isinstance(selection, InlineFragmentNode) else fragments[selection.name.value]
                condition = fragment.type_condition.name.value if fragment.type_condition else None
                if condition is None or typename is None or condition == typename:
                    collect(fragment.selection_set, typename, into)

    def walk(selection_sets, value, path):
        if isinstance(value, list):
            for i, item in enumerate(value):
                walk(selection_sets, item, f"{path}[{i}]")
            return
        if not isinstance(value, dict):
            return
        fields = {}
        for selection_set in selection_sets:
            collect(selection_set, value.get("__typename"), fields)
        expected = [k for k in fields if k in value]
        actual = [k for k in value if k in fields]
        if expected != actual:
            problems.append(f"{path}: keys {actual}, selection order {expected}")
        for key, sets in fields.items():
            if sets:
                walk(sets, value.get(key), f"{path}.{key}")

    walk([operation.selection_set], data, "data")
    return problems


class Check:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def run(self, name, fn):
        try:
            fn()
        except Exception as error:  # every failure is reported, none stops the others
            self.failed += 1
            text = f"{type(error).__name__}: {error}"[:600].replace("\n", "\n       ")
            print(f"FAIL gql 4: {name}\n       {text}", flush=True)
        else:
            self.passed += 1
            print(f"ok   gql 4: {name}", flush=True)


def errors_of(run):
    """The GraphQL errors of an operation that must fail (gql raises TransportQueryError)."""
    try:
        result = run()
    except TransportQueryError as error:
        return error.errors or []
    raise AssertionError(f"expected errors, got data {json.dumps(result)[:300]}")


def expect_code(errors, code):
    for error in errors:
        if (error.get("extensions") or {}).get("code") == code:
            return error
    raise AssertionError(f"expected extensions.code {code}, got {json.dumps(errors)[:400]}")


def main():
    url, token = gateway()
    transport = RequestsHTTPTransport(
        url=f"{url}/graphql",
        headers={"Authorization": f"Bearer {token}"},
        timeout=20,
        retries=0,
    )
    check = Check()
    state = {"session": None, "clinic_id": None}
    me_query = (OPERATIONS / "me.graphql").read_text()
    # gql 4's gql() returns a request object that keeps the variables it was last executed
    # with (an empty dict does not clear them), so each execution gets a fresh one.
    create_client_text = (OPERATIONS / "create-client.graphql").read_text()

    def connect_with_introspection():
        client = Client(transport=transport, fetch_schema_from_transport=True, execute_timeout=20)
        session = client.connect_sync()
        state["session"] = session
        assert client.schema is not None and client.schema.query_type.name == "Query", "no schema fetched"
        assert "Clinic" in client.schema.type_map, "the fetched schema has no Clinic type"

    def me():
        data = state["session"].execute(gql(me_query))
        clinics = [m["clinic"] for m in data["me"]["memberships"] if m["clinic"] and m["clinic"]["name"] == CLINIC]
        assert clinics, f"no membership in {CLINIC}: {json.dumps(data)[:300]}"
        state["clinic_id"] = clinics[0]["id"]
        problems = selection_order_problems(me_query, data)
        assert not problems, "\n".join(problems[:3])

    def client_search():
        assert state["clinic_id"], "skipped: Me found no clinic id"
        data = state["session"].execute(
            gql((OPERATIONS / "client-search.graphql").read_text()),
            variable_values={"clinicId": state["clinic_id"], "search": "Gonzalez"},
        )
        names = [c["displayName"] for c in data["clinic"]["clients"]["nodes"]]
        assert "Maria Gonzalez" in names, f"search found {names}"

    def not_found():
        errors = errors_of(
            lambda: state["session"].execute(
                gql("query Missing($id: ID!) { clinic(id: $id) { id name } }"),
                variable_values={"id": MISSING_CLINIC_ID},
            )
        )
        expect_code(errors, "NOT_FOUND")

    def validation_error():
        assert state["clinic_id"], "skipped: Me found no clinic id"
        errors = errors_of(
            lambda: state["session"].execute(
                gql(create_client_text),
                variable_values={"input": {"clinicId": state["clinic_id"], "displayName": "Client test", "email": "x"}},
            )
        )
        error = expect_code(errors, "BAD_USER_INPUT")
        assert error["extensions"].get("field") == "input.email", f"extensions.field: {error['extensions']}"

    def missing_variable():
        errors = errors_of(lambda: state["session"].execute(gql(create_client_text), variable_values={}))
        expect_code(errors, "BAD_USER_INPUT")

    check.run("fetch_schema_from_transport (introspection) yields the schema", connect_with_introspection)
    if state["session"] is None:
        # Without a schema the remaining checks still say what works: gql without local validation.
        print("     (continuing without fetch_schema_from_transport)")
        state["session"] = Client(transport=transport, fetch_schema_from_transport=False).connect_sync()
    check.run("query returns data and keys follow the selection order (Me)", me)
    check.run("query with variables returns data (ClientSearch)", client_search)
    check.run("another clinic's id surfaces NOT_FOUND in extensions.code", not_found)
    check.run("a validation error surfaces BAD_USER_INPUT with extensions.field (CreateClient)", validation_error)
    check.run("a missing required variable is BAD_USER_INPUT, not INTERNAL (CreateClient)", missing_variable)
    transport.close()
    print(f"python gql: {check.passed} passed, {check.failed} failed")
    return 0 if check.failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
