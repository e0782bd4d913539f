//! API tests of the clinical area (being written).
