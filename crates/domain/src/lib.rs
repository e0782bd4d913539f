//! The domain layer: who is calling ([`principal`]), what they may do ([`policy`]), the
//! tenant-scoped data access that every read and write goes through ([`session`],
//! [`tenancy`]), business rules, and the one error type ([`error`]).
//!
//! This crate knows SeaORM and PostgreSQL but neither HTTP nor GraphQL.

pub mod audit;
pub mod booking;
pub mod codes;
pub mod db;
pub mod error;
pub mod exposure;
pub mod follow_up;
pub mod identity;
pub mod paging;
pub mod planned;
pub mod policy;
pub mod principal;
// The table declarations are named after their tables (their entity modules, lower case), so
// that `registry::table` is derived from the one list of tables (`entity::for_each_table!`).
#[allow(non_upper_case_globals)]
pub mod registry;
pub mod seed;
pub mod session;
pub mod tenancy;
pub mod validate;
pub mod writer;

pub use db::Database;
pub use error::{DomainError, ErrorCode};
pub use policy::{Action, Resource};
pub use principal::{Membership, Principal, UserPrincipal};
pub use session::Session;
