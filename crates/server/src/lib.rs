//! The gateway's outermost layer: configuration, start-up, the HTTP router and the CLI. This is
//! the only crate that knows HTTP.

// The merged GraphQL root types nest many resolver futures; 128 is too low to lay them out.
#![recursion_limit = "256"]

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod database;
pub mod embedded;
pub mod http;
pub mod metrics;
pub mod persisted;
pub mod ratelimit;
pub mod telemetry;

pub use app::{AppState, Protection, build_router};
