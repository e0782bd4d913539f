//! The one integration-test binary: every test runs against a real PostgreSQL with the real
//! migrations, each in a database of its own (see the `testkit` crate).

#![recursion_limit = "256"]

mod api_clinical;
mod api_operations;
mod api_people;
mod api_scheduling;
mod archives;
mod assistant_pims_clinic;
mod audit_redaction;
mod auth;
mod batching;
mod booking_flow;
mod common;
mod contract;
mod coverage;
mod discharge_follow_up;
mod first_hour;
mod follow_up;
mod global_values;
mod graphiql;
mod hardening;
mod harness;
mod hostile;
mod indexes;
mod invitations;
mod last_owner;
mod list_arguments;
mod migrations;
mod planner;
mod process;
mod rls;
mod scale;
mod schema_constraints;
mod seed;
mod soak;
mod tenancy;
mod tidy;
mod writes;
