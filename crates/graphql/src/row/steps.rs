//! Workflow steps declared with a table (`Writes::steps`): a named write of one row beside the
//! generic create and update, with its own inputs, the values it sets, a condition on the
//! stored row and a named payload. `row_writes` runs them as it runs the generic writes.

use domain::Action;

use super::writes::{Input, RowCheck, Write};
use super::*;

/// A named write of one row beside the generic create and update: a workflow step such as
/// cancelling a queued e-mail or approving a refill. It has an input of its own
/// (`<Name>Input`: the row's `id` for an update, then its fields), values it sets whatever the
/// input says, a condition on the stored row, and a payload naming the row
/// (`<Name>Payload { <field> }`); the rest is as for `create<Type>` / `update<Type>`.
pub struct Step {
    /// The mutation's name (`cancelOutboundEmail`).
    pub name: &'static str,
    /// The mutation's description.
    pub about: &'static str,
    /// Whether it inserts a row, changes the row `input.id`, or saves the clinic's row.
    pub write: Write,
    /// The action the policy table is asked about (`Approve` for a refill's decision).
    pub action: Action,
    /// The payload's field holding the row.
    pub field: &'static str,
    /// The input's fields.
    pub inputs: &'static [Input],
    /// Columns set whatever the input says.
    pub sets: &'static [Sets],
    /// A condition on the stored row before an update (only a queued e-mail is cancelled).
    pub requires: Option<RowCheck>,
    /// A rule over the row as written (instead of the table's).
    pub check: Option<RowCheck>,
    /// Only the platform's service runs it, though the table's rule for its action lets staff
    /// write the row (a call's result is the telephony webhook's).
    pub service: bool,
}

/// The step `name` (a create or an update), whose payload holds the row as `field`.
pub const fn step(
    name: &'static str,
    write: Write,
    field: &'static str,
    about: &'static str,
) -> Step {
    Step {
        name,
        about,
        write,
        // A save is asked about as an update (the row usually exists); it also checks the
        // create rule before a first save inserts (`row_writes::save`).
        action: match write {
            Write::Create => Action::Create,
            Write::Update | Write::Save => Action::Update,
        },
        field,
        inputs: &[],
        sets: &[],
        requires: None,
        check: None,
        service: false,
    }
}

impl Step {
    /// The input's fields.
    pub const fn inputs(self, inputs: &'static [Input]) -> Step {
        Step { inputs, ..self }
    }

    /// Columns set whatever the input says.
    pub const fn sets(self, sets: &'static [Sets]) -> Step {
        Step { sets, ..self }
    }

    /// A condition on the stored row before the update.
    pub const fn requires(self, requires: RowCheck) -> Step {
        Step {
            requires: Some(requires),
            ..self
        }
    }

    /// A rule over the row as written.
    pub const fn check(self, check: RowCheck) -> Step {
        Step {
            check: Some(check),
            ..self
        }
    }

    /// The action the policy table is asked about.
    pub const fn action(self, action: Action) -> Step {
        Step { action, ..self }
    }

    /// Only the platform's service runs it (FORBIDDEN for users before anything is read).
    pub const fn service_only(self) -> Step {
        Step {
            service: true,
            ..self
        }
    }
}

/// A column a step sets whatever its input says.
pub enum Sets {
    /// This value (a status; now).
    Value(&'static str, fn() -> SqlValue),
    /// The calling user (null for the service).
    Caller(&'static str),
}

/// `column` becomes `value()`.
pub const fn sets(column: &'static str, value: fn() -> SqlValue) -> Sets {
    Sets::Value(column, value)
}

/// `column` becomes the calling user.
pub const fn sets_caller(column: &'static str) -> Sets {
    Sets::Caller(column)
}
