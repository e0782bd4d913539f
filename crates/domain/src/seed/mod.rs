//! Data sets for development and benchmarks: the demo data, written through the domain layer
//! (as the service principal) so it exercises the same paths as the API, and the scale data,
//! generated in bulk by the database owner.

pub mod demo;
pub mod scale;
