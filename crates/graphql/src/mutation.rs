//! The root mutation type: the mutations of every area, merged. Every mutation but the public
//! sign-ups requires a signed-in caller; each runs in its own savepoint and is audited.

use async_graphql::MergedObject;

use crate::types::clinical::ClinicalMutations;
use crate::types::operations::PublicMutations;
use crate::types::people::PeopleMutations;
use crate::types::scheduling::SchedulingMutations;

#[derive(MergedObject, Default)]
pub struct Mutation(
    PeopleMutations,
    ClinicalMutations,
    SchedulingMutations,
    PublicMutations,
);
