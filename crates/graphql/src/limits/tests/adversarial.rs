//! Generated adversarial documents.
