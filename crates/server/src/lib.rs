//! The gateway's outermost layer: configuration, start-up, the HTTP router and the CLI. This is
//! the only crate that knows HTTP.

pub mod app;
pub mod auth;
pub mod cli;
pub mod config;
pub mod database;
pub mod embedded;
pub mod graphql_http;
pub mod telemetry;

pub use app::{AppState, build_router};
