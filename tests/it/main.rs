//! The one integration-test binary: every test runs against a real PostgreSQL with the real
//! migrations, each in a database of its own (see the `testkit` crate).

mod common;
mod migrations;
mod schema_constraints;
mod seed;
