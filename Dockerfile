# Multi-stage build of the `gateway` binary.
FROM rust:1.95-bookworm AS build
WORKDIR /src
COPY . .
RUN cargo build --release --locked -p server --bin gateway

FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /src/target/release/gateway /usr/local/bin/gateway
USER nobody
EXPOSE 8000
# Production by default: the gateway then requires a JWKS, an issuer and its own service
# secret, refuses HS256 user tokens and a superuser request login. (Development mode would
# refuse this non-loopback address with its built-in secrets anyway.)
ENV GATEWAY_MODE=production \
    GATEWAY_LISTEN=0.0.0.0:8000
HEALTHCHECK --interval=10s --timeout=3s CMD curl -fsS http://127.0.0.1:8000/healthz || exit 1
ENTRYPOINT ["/usr/local/bin/gateway"]
CMD ["serve"]
