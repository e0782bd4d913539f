//! Data loaders for development and benchmarks, written against the domain layer (as the
//! service principal) so they exercise the same paths as the API.

pub mod demo;
