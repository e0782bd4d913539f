//! API tests of the operations area (being written).
