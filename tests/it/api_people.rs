//! API tests of the people area (being written).
