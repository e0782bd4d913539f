//! API tests of the scheduling area (being written).
