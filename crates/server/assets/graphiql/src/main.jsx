// GraphiQL for vet-gateway, bundled into the gateway binary (see ../build.mjs and
// crates/server/src/http/graphiql.rs). Everything it needs ships in this bundle: the page must
// work on a machine with no internet, under a Content-Security-Policy that allows only 'self'.
//
// The page hands us its settings in a non-executable <script type="application/json"> block
// (CSP forbids inline scripts, not data blocks), so the server decides the endpoint, the
// default query (the README's first query) and whether the demo-user picker exists.
import { useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { useEditorContext } from '@graphiql/react';
import { setNonce } from 'get-nonce';
import 'graphiql/style.css';
import './page.css';

const config = JSON.parse(document.getElementById('graphiql-config').textContent);

// The dialogs' scroll lock (react-remove-scroll, through react-style-singleton) inserts <style>
// elements; get-nonce is where it reads the nonce that the page's CSP allows for them.
setNonce(config.styleNonce);

// Our own fetcher instead of @graphiql/toolkit's: it keeps graphql-ws and the multipart
// machinery out of the bundle (the gateway serves neither) and asks for the media type of the
// GraphQL-over-HTTP spec first, which is what the gateway answers.
async function fetcher(params, options) {
  const response = await fetch(config.endpoint, {
    method: 'POST',
    credentials: 'omit',
    headers: {
      ...(options?.headers ?? {}),
      'Content-Type': 'application/json',
      Accept: 'application/graphql-response+json, application/json;q=0.9',
    },
    body: JSON.stringify(params),
  });
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    // A proxy's HTML error page or an empty body: show it rather than a JSON parse error.
    return { errors: [{ message: `HTTP ${response.status}: ${text.slice(0, 500)}` }] };
  }
}

// The headers editor holds JSON; the picker writes a complete object so that pasting and
// picking end in the same shape.
function authorizationHeaders(token) {
  return JSON.stringify({ Authorization: `Bearer ${token}` }, null, 2);
}

// Development mode only: one click per demo user. The server mints the tokens (short-lived,
// with its development secret); we fetch them again on every pick so a page left open for
// hours still hands out a live token.
function DemoUserPicker({ url }) {
  const editors = useEditorContext();
  const [users, setUsers] = useState(null);
  const [failure, setFailure] = useState(null);

  const load = async () => {
    const response = await fetch(url, { credentials: 'omit', cache: 'no-store' });
    if (!response.ok) throw new Error(`demo tokens: HTTP ${response.status}`);
    return (await response.json()).users;
  };

  useEffect(() => {
    load().then(setUsers, (error) => setFailure(String(error)));
  }, [url]);

  const pick = async (event) => {
    const id = event.target.value;
    event.target.value = '';
    if (!id) return;
    try {
      const fresh = await load();
      const user = fresh.find((u) => u.clerkUserId === id);
      if (user && editors?.headerEditor) editors.headerEditor.setValue(authorizationHeaders(user.token));
    } catch (error) {
      setFailure(String(error));
    }
  };

  if (failure) return <span className="vg-picker-error" title={failure}>demo users unavailable</span>;
  if (!users) return null;
  return (
    <label className="vg-picker">
      <span>Sign in as</span>
      <select aria-label="Demo user" data-testid="demo-user-picker" defaultValue="" onChange={pick}>
        <option value="">demo user…</option>
        {users.map((u) => (
          <option key={u.clerkUserId} value={u.clerkUserId}>
            {u.label}
          </option>
        ))}
      </select>
    </label>
  );
}

function App() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={config.defaultQuery}
      shouldPersistHeaders
      // Open on the headers editor: the first thing a new user does is paste a token.
      defaultEditorToolsVisibility="headers"
    >
      <GraphiQL.Logo>
        <span className="vg-title">vet-gateway</span>
        {config.demoTokensUrl ? <DemoUserPicker url={config.demoTokensUrl} /> : null}
      </GraphiQL.Logo>
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')).render(<App />);
