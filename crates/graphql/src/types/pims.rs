//! The PIMS integration: stored credentials (`PimsCredential`, never the secret itself) and
//! their mutations, and the clinic's lists of the integration's rows. Mappings of our rows to
//! PIMS ids are in [`mappings`]; sync sessions and their audit log in [`sync`].
//!
//! Credentials are encrypted by the client of this API (the admin console, with the key named
//! by `encryptionKeyId`) before they are sent: the gateway stores the envelope as given, never
//! serves it back, and keeps it out of the audit trail.

pub mod mappings;
pub mod sync;

use async_graphql::{Context, ID, InputObject, Object, SimpleObject};
use domain::paging::SortOrder;
use domain::validate;
use domain::{Action, DomainError, Resource};
use entity::{clinics, pims_credentials, pims_sync_sessions};
use sea_orm::{ColumnTrait, Condition, NotSet, Set};
use uuid::Uuid;

use crate::connection::{List, child_list, window};
use crate::context::session;
use crate::enums::PimsType;
use crate::errors::GqlResult;
use crate::guard::ensure_may;
use crate::ids;
use crate::row::{
    Children, Exposed, Filter, Filtered, Filtering, Parent, Row, Write, Writes, any_of, children,
    equals, parent, sets, step,
};
use crate::scalars;
use sea_orm::sea_query::Value as SqlValue;

/// A PIMS to connect to: `NONE` is the absence of one.
fn a_pims(field: &str, pims: PimsType) -> Result<entity::enums::PimsType, DomainError> {
    match pims {
        PimsType::None => Err(DomainError::bad_input(field, "choose a PIMS")),
        other => Ok(other.into()),
    }
}

// ---------------------------------------------------------------------------------------------
// PimsCredential

/// A row of `pims_credentials` (described with its table in `domain::registry`).
pub type PimsCredential = Row<pims_credentials::Entity>;

/// The hand-written fields of `PimsCredential` (its columns come from its declaration).
pub struct PimsCredentialLinks<'a>(&'a pims_credentials::Model);

#[Object(name = "PimsCredentialLinks")]
impl PimsCredentialLinks<'_> {
    /// Whether credentials are stored (they are never served).
    async fn has_credentials(&self) -> bool {
        match &self.0.credentials_encrypted {
            serde_json::Value::Null => false,
            serde_json::Value::Object(map) => !map.is_empty(),
            _ => true,
        }
    }
}

impl Exposed for pims_credentials::Entity {
    const WRITES: &'static Writes = &Writes {
        steps: &[step(
            "archivePimsCredential",
            Write::Update,
            "pimsCredential",
            "Disconnects a PIMS: the credentials stay stored but inactive, and syncing stops \
             (admin or above).",
        )
        .action(Action::Archive)
        .sets(&[
            sets("is_active", || SqlValue::Bool(Some(false))),
            sets("sync_enabled", || SqlValue::Bool(Some(false))),
        ])],
        ..Writes::NONE
    };
    const PARENTS: &'static [Parent] = &[parent::<clinics::Entity>("clinic")];
    const CHILDREN: &'static [Children] = &[children::<pims_sync_sessions::Entity>(
        "syncSessions",
        "credential_id",
        "Sync sessions run with these credentials, newest first unless ordered otherwise.",
    )];
    type Links<'a> = PimsCredentialLinks<'a>;
    fn links(model: &pims_credentials::Model) -> Self::Links<'_> {
        PimsCredentialLinks(model)
    }
}

/// Which credentials a list returns.
pub type PimsCredentialFilter = Filter<pims_credentials::Entity>;

impl Filtered for pims_credentials::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "PimsCredentialFilter",
        about: "Which credentials a list returns.",
        fields: &[
            any_of("pims_type"),
            equals("is_active"),
            equals("sync_enabled"),
        ],
    };
}

// ---------------------------------------------------------------------------------------------
// The clinic's lists of this area

/// The PIMS fields of `Clinic`.
pub struct ClinicPims<'a>(pub &'a clinics::Model);

/// The PIMS fields of `Clinic`.
#[Object]
impl ClinicPims<'_> {
    /// The clinic's PIMS connections (admins and owners; empty for others).
    async fn pims_credentials(
        &self,
        ctx: &Context<'_>,
        first: Option<i32>,
        after: Option<String>,
        last: Option<i32>,
        before: Option<String>,
        filter: Option<PimsCredentialFilter>,
    ) -> async_graphql::Result<List<PimsCredential>> {
        let filter = filter.unwrap_or_default().condition()?;
        let order = SortOrder {
            column: pims_credentials::Column::CreatedAt,
            descending: false,
        };
        let window = window(first, after, last, before)?;
        child_list::<pims_credentials::Entity, _>(
            ctx,
            pims_credentials::Column::ClinicId,
            self.0.id,
            filter,
            order,
            window,
            PimsCredential::new,
        )
        .await
    }
}

// ---------------------------------------------------------------------------------------------
// Mutations

/// Creates or replaces the clinic's credentials for one PIMS.
#[derive(InputObject)]
pub struct SavePimsCredentialInput {
    pub clinic_id: ID,
    pub pims_type: PimsType,
    /// The credentials, already encrypted by the caller (a JSON object, e.g. `{ ciphertext,
    /// nonce, alg }`). Stored as given; write-only.
    pub credentials: scalars::Json,
    /// The key the credentials were encrypted with.
    pub encryption_key_id: Option<String>,
    /// `true` unless given when created; unchanged unless given when replaced.
    pub sync_enabled: Option<bool>,
}

/// The result of `savePimsCredential`: the stored credentials (without their secrets) and whether
/// they were newly created rather than replaced.
#[derive(SimpleObject)]
pub struct SavePimsCredentialPayload {
    pub pims_credential: PimsCredential,
    /// `true` when the clinic had no credentials for this PIMS before.
    pub created: bool,
}

/// The input of `deletePimsCredential`, which deletes stored credentials that were never used by a
/// sync (admin or above); credentials with sync history are archived instead.
#[derive(InputObject)]
pub struct DeletePimsCredentialInput {
    pub id: ID,
}

/// The result of `deletePimsCredential`: the ID of the deleted pims credential, so a client can
/// drop it from its cache.
#[derive(SimpleObject)]
pub struct DeletePimsCredentialPayload {
    pub deleted_pims_credential_id: ID,
}

#[derive(Default)]
pub struct PimsMutations;

#[Object(guard = "crate::guard::SignedIn")]
impl PimsMutations {
    /// Stores the clinic's credentials for a PIMS, replacing any stored before (admin or
    /// above). The caller encrypts them first: the gateway stores the envelope as given and
    /// never returns it. Replaced credentials are active again and need validating anew.
    async fn save_pims_credential(
        &self,
        ctx: &Context<'_>,
        input: SavePimsCredentialInput,
    ) -> async_graphql::Result<SavePimsCredentialPayload> {
        let clinic_id = ids::decode_as(&input.clinic_id, Resource::Clinics).gql()?;
        let pims = a_pims("input.pimsType", input.pims_type).gql()?;
        let credentials = input.credentials.0;
        if credentials.as_object().is_none_or(|m| m.is_empty()) {
            return Err(crate::errors::to_gql(&DomainError::bad_input(
                "input.credentials",
                "must be a non-empty JSON object (the encrypted envelope)",
            )));
        }
        validate::optional_text("input.encryptionKeyId", input.encryption_key_id.as_deref())
            .gql()?;
        let (row, created) = session(ctx)?
            .atomically(async |w| {
                ensure_may(w, Resource::PimsCredentials, Action::Create, clinic_id)?;
                let existing = w
                    .find_one::<pims_credentials::Entity>(
                        Action::Update,
                        Condition::all()
                            .add(pims_credentials::Column::ClinicId.eq(clinic_id))
                            .add(pims_credentials::Column::PimsType.eq(pims)),
                    )
                    .await?;
                match existing {
                    Some(existing) => {
                        let (_, row) = w
                            .update::<pims_credentials::Entity, pims_credentials::ActiveModel>(
                                existing.id,
                                Action::Update,
                                |row| {
                                    row.credentials_encrypted = Set(credentials);
                                    if let Some(key) = input.encryption_key_id {
                                        row.encryption_key_id = Set(Some(key));
                                    }
                                    if let Some(enabled) = input.sync_enabled {
                                        row.sync_enabled = Set(Some(enabled));
                                    }
                                    row.is_active = Set(Some(true));
                                    row.validation_status = Set(Some("unknown".to_owned()));
                                    row.last_validated_at = Set(None);
                                    Ok(())
                                },
                            )
                            .await?;
                        Ok((row, false))
                    }
                    None => {
                        let row = w
                            .insert(pims_credentials::ActiveModel {
                                id: Set(Uuid::new_v4()),
                                clinic_id: Set(clinic_id),
                                pims_type: Set(pims),
                                credentials_encrypted: Set(credentials),
                                encryption_key_id: input
                                    .encryption_key_id
                                    .map_or(NotSet, |k| Set(Some(k))),
                                sync_enabled: input.sync_enabled.map_or(NotSet, |v| Set(Some(v))),
                                ..Default::default()
                            })
                            .await?;
                        Ok((row, true))
                    }
                }
            })
            .await
            .gql()?;
        Ok(SavePimsCredentialPayload {
            pims_credential: PimsCredential::new(row),
            created,
        })
    }

    /// Deletes stored credentials that were never used by a sync (admin or above); credentials
    /// with sync history are archived instead.
    async fn delete_pims_credential(
        &self,
        ctx: &Context<'_>,
        input: DeletePimsCredentialInput,
    ) -> async_graphql::Result<DeletePimsCredentialPayload> {
        let id = ids::decode_as(&input.id, Resource::PimsCredentials).gql()?;
        session(ctx)?
            .atomically(async |w| {
                w.load_for::<pims_credentials::Entity>(id, Action::Delete)
                    .await?;
                let used = w
                    .find_one::<pims_sync_sessions::Entity>(
                        Action::Read,
                        Condition::all().add(pims_sync_sessions::Column::CredentialId.eq(id)),
                    )
                    .await?;
                if used.is_some() {
                    return Err(DomainError::bad_input(
                        "input.id",
                        "the credentials have sync history; archive them instead",
                    ));
                }
                w.delete::<pims_credentials::Entity>(id).await
            })
            .await
            .gql()?;
        Ok(DeletePimsCredentialPayload {
            deleted_pims_credential_id: input.id,
        })
    }
}
