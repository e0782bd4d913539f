//! Telemetry set-up in one place: `tracing` with JSON logs in production and readable logs in
//! development, filtered by `RUST_LOG` (default `info`), and, in builds with the `otel` cargo
//! feature, the same spans exported to an OpenTelemetry collector over OTLP/HTTP.
//!
//! The export is a build-time choice so that the default binary carries none of the
//! OpenTelemetry crates, and a run-time choice within an `otel` build: it is on when the
//! standard `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, and
//! the other standard `OTEL_*` variables (service name, headers, timeouts) apply as usual.

use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer as _;
use tracing_subscriber::layer::SubscriberExt as _;
use tracing_subscriber::util::SubscriberInitExt as _;

use crate::config::{CommonArgs, LogFormat, Mode};

/// Keeps the exporter alive; dropping it flushes the spans still buffered.
#[must_use = "dropping the guard stops the span export"]
pub struct TelemetryGuard {
    #[cfg(feature = "otel")]
    provider: Option<opentelemetry_sdk::trace::SdkTracerProvider>,
}

impl Drop for TelemetryGuard {
    fn drop(&mut self) {
        #[cfg(feature = "otel")]
        if let Some(provider) = self.provider.take() {
            if let Err(err) = provider.shutdown() {
                eprintln!("OpenTelemetry export did not shut down cleanly: {err}");
            }
        }
    }
}

pub fn init(runtime: &CommonArgs) -> TelemetryGuard {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn"));
    let json = match runtime.log_format {
        LogFormat::Json => true,
        LogFormat::Pretty => false,
        LogFormat::Auto => runtime.mode == Mode::Production,
    };
    let logs = if json {
        tracing_subscriber::fmt::layer()
            .json()
            .flatten_event(true)
            .with_writer(std::io::stderr)
            .boxed()
    } else {
        tracing_subscriber::fmt::layer()
            .with_writer(std::io::stderr)
            .boxed()
    };
    let registry = tracing_subscriber::registry().with(logs.with_filter(filter));

    #[cfg(feature = "otel")]
    {
        let (layer, provider) = otel::layer();
        // A second initialisation (tests) is harmless: keep the first subscriber.
        let _ = registry.with(layer).try_init();
        TelemetryGuard { provider }
    }
    #[cfg(not(feature = "otel"))]
    {
        let _ = registry.try_init();
        TelemetryGuard {}
    }
}

#[cfg(feature = "otel")]
mod otel {
    //! The OTLP/HTTP span exporter, when an endpoint is configured.

    use opentelemetry::trace::TracerProvider as _;
    use opentelemetry_sdk::trace::SdkTracerProvider;
    use tracing_subscriber::Layer;
    use tracing_subscriber::filter::LevelFilter;

    pub fn layer<S>() -> (
        Option<Box<dyn Layer<S> + Send + Sync>>,
        Option<SdkTracerProvider>,
    )
    where
        S: tracing::Subscriber + for<'a> tracing_subscriber::registry::LookupSpan<'a> + Send + Sync,
    {
        let configured = [
            "OTEL_EXPORTER_OTLP_ENDPOINT",
            "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT",
        ]
        .iter()
        .any(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()));
        if !configured {
            return (None, None);
        }
        // reqwest is built without a default TLS backend; use the same one as the JWKS client.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let exporter = match opentelemetry_otlp::SpanExporter::builder()
            .with_http()
            .build()
        {
            Ok(exporter) => exporter,
            Err(err) => {
                eprintln!("OpenTelemetry export is off: {err}");
                return (None, None);
            }
        };
        let service =
            std::env::var("OTEL_SERVICE_NAME").unwrap_or_else(|_| "vet-gateway".to_owned());
        let provider = SdkTracerProvider::builder()
            .with_batch_exporter(exporter)
            .with_resource(
                opentelemetry_sdk::Resource::builder()
                    .with_service_name(service)
                    .build(),
            )
            .build();
        let tracer = provider.tracer("gateway");
        // Requests, resolvers and SQL at `info` and above; debug spans stay local.
        let layer = tracing_opentelemetry::layer()
            .with_tracer(tracer)
            .with_filter(LevelFilter::INFO)
            .boxed();
        (Some(layer), Some(provider))
    }
}
