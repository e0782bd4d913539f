//! The `gateway` binary: parse the configuration, set up telemetry, run the chosen command.

use clap::Parser;

/// mimalloc instead of glibc's malloc: a request allocates and frees many small values (the
/// parsed document, the plan, the response), and glibc's malloc and free were 29% of the
/// gateway's CPU on a nested read (issue 13). mimalloc's thread-local free lists make those
/// calls a few instructions; it is a well-kept allocator used this way by many Rust servers.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Telemetry is set up before the Tokio runtime exists and torn down after it is gone: the
/// optional OpenTelemetry exporter (`otel` feature) uses a blocking HTTP client on its own
/// thread, which must be neither created nor dropped inside the runtime.
fn main() -> std::process::ExitCode {
    let cli = server::config::Cli::parse();
    let telemetry = server::telemetry::init(cli.common());
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return std::process::ExitCode::FAILURE;
        }
    };
    let code = match runtime.block_on(server::cli::run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(err) => {
            tracing::error!("{err:#}");
            eprintln!("error: {err:#}");
            std::process::ExitCode::FAILURE
        }
    };
    drop(runtime);
    // Flushes the spans still buffered for export.
    drop(telemetry);
    code
}
