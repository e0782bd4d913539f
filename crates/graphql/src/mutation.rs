//! The root mutation type: the mutations of every area, merged. Every mutation but the public
//! sign-ups requires a signed-in caller; each runs in its own savepoint and is audited.
//!
//! A `MergedObject` resolves its parts as a chain, one level of nested futures per part, and
//! the compiler's query depth grows with that chain; areas with several mutation structs are
//! therefore merged into a small tree of groups rather than one long list.

use async_graphql::MergedObject;

use crate::row_mutations::RowMutations;
use crate::types::automation::batch_items::BatchItemMutations;
use crate::types::automation::batches::BatchMutations;
use crate::types::clinical::ClinicalMutations;
use crate::types::follow_up::FollowUpMutations;
use crate::types::operations::PublicMutations;
use crate::types::people::PeopleMutations;
use crate::types::scheduling::SchedulingMutations;
use crate::types::slack::tasks::SlackTaskMutations;

/// The entry points for changing data. Each mutation takes one `input` object and returns a
/// payload named after it; what a caller may change depends on their role in the clinic
/// (each mutation says which role it needs). A rejected input is answered with an error whose
/// `extensions.code` is `BAD_USER_INPUT`.
#[derive(MergedObject, Default)]
pub struct Mutation(
    OperationsMutations,
    PeopleMutations,
    ClinicalMutations,
    SchedulingMutations,
    PublicMutations,
    RowMutations,
);

/// The operations area: automation, templates, Slack and sign-up administration.
#[derive(MergedObject, Default)]
pub struct OperationsMutations(AutomationGroup, IntegrationGroup);

/// Auto-scheduling runs and items, discharge batches, the follow-up workflow, sign-up
/// administration.
#[derive(MergedObject, Default)]
pub struct AutomationGroup(BatchMutations, BatchItemMutations, FollowUpMutations);

/// Templates and Slack.
#[derive(MergedObject, Default)]
pub struct IntegrationGroup(SlackTaskMutations);
