// PostGraphile v5 (Amber preset) on the benchmark's database: the peer bench/run.py measures the
// gateway against, side by side. It serves every request with the row-level security the
// gateway uses: the gateway's login role (`gateway_app`) and the `app.*` settings of one
// principal, given by the benchmark in BENCH_PG_SETTINGS (JSON), so both answer from the same
// rows under the same policies. Pool of 16 connections, like the measurement.
import { createServer } from "node:http";
import { postgraphile } from "postgraphile";
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { grafserv } from "postgraphile/grafserv/node";

const port = Number(process.env.BENCH_PEER_PORT ?? 18282);
const pgSettings = JSON.parse(process.env.BENCH_PG_SETTINGS ?? "{}");

const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL,
      schemas: ["public"],
      poolConfig: { max: 16 },
    }),
  ],
  grafast: {
    context() {
      return { pgSettings };
    },
    explain: false,
  },
  grafserv: { port, graphqlPath: "/graphql", graphiql: false, watch: false },
};

const pgl = postgraphile(preset);
const serv = pgl.createServ(grafserv);
const server = createServer();
server.on("error", (err) => {
  console.error(err);
  process.exit(1);
});
serv.addTo(server).then(
  () => server.listen(port, "127.0.0.1", () => console.log(`peer listening on ${port}`)),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
