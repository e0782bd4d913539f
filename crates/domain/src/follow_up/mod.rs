//! The discharge follow-up workflow, outbound: planning a discharged case's e-mail and call
//! (`cadence` decides, `plan` writes), undoing and redoing plans when what they depend on
//! changes (`reactions`), discharge batches (`batch`), and the workers that claim due calls
//! and e-mails (`claim`).

pub mod batch;
pub mod cadence;
pub mod claim;
mod context;
pub mod plan;
pub(crate) mod reactions;

pub use claim::{MAX_CLAIM, claim_due_calls, claim_due_emails};
pub use reactions::{UNANSWERED, attempt_of, unanswered};
