//! The one policy table: for every resource (table) and action, who may do it.
//!
//! The rules themselves are declared with each table (`crate::registry`, one file per area);
//! this module holds the vocabulary (resources, actions, rules) and the lookups. Nothing is
//! allowed by default: a resource/action pair without a rule is refused, and a test fails when
//! any table lacks a rule for the four standard actions. The table is
//! printed in `docs/PERMISSIONS.md` (`gateway permissions` regenerates it; a test compares).
//!
//! How the rules were chosen (what a clinic would expect):
//! - **viewer** reads the clinic's operational data (clients, patients, cases, calls, schedule)
//!   and nothing about staff administration, integrations or billing;
//! - **member** runs the day-to-day work: clients, patients, cases and clinical notes, calls,
//!   messages, refills, appointments, batches, Slack checklists;
//! - **admin** manages staff (memberships, invitations, providers), settings, PIMS and Slack
//!   integrations, templates, and reads the audit trail; hard deletes of clinical records are
//!   admin-only because they destroy history;
//! - **owner** manages billing and can delete the clinic;
//! - the **service** principal (webhooks, jobs) writes what systems produce (calls, analyses,
//!   sync sessions, runs) and the global templates; it is the only caller not scoped to a clinic;
//! - **anonymous** callers may only insert into the two public sign-up tables.

use entity::enums::ClinicRole;

macro_rules! resources {
    ($($module:ident => $name:ident,)* ; $($own:ident => $own_name:ident,)*) => {
        /// Every table the gateway serves, plus the gateway's own audit trail (from
        /// `entity::for_each_table!`).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Resource {
            $($name,)*
            $($own_name,)*
        }

        impl Resource {
            /// All resources, in tier order.
            pub const ALL: [Resource; [$(stringify!($name),)* $(stringify!($own_name),)*].len()] =
                [$(Resource::$name,)* $(Resource::$own_name,)*];
        }
    };
}

entity::for_each_table!(resources);

impl Resource {
    /// The table behind the resource.
    pub const fn table(self) -> &'static str {
        crate::registry::table(self).table
    }

    /// The resource behind a table name (`None` for a name that is no table of ours).
    pub fn from_table(table: &str) -> Option<Resource> {
        crate::registry::by_table_name(table).map(|t| t.resource)
    }

    /// What a new row hangs from, for the NOT_FOUND of a create aimed at someone else's parent.
    pub fn parent_noun(self) -> &'static str {
        crate::registry::table(self).parent_noun()
    }

    /// A singular, human name for messages ("case not found").
    pub const fn noun(self) -> &'static str {
        crate::registry::table(self).noun
    }
}

/// What a caller wants to do with a resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Read,
    Create,
    Update,
    Delete,
    /// Soft delete (`is_active = false` or `deleted_at = now()`), where the table has one.
    Archive,
    /// Approve a refill request (a clinical decision).
    Approve,
    /// See and change billing fields of a clinic.
    ManageBilling,
    /// See the figures of a row that cover every clinic (an auto-scheduling run's totals).
    ReadCrossClinic,
    /// Take due work to carry it out (a worker claiming queued calls), so that no two workers
    /// get the same row.
    Claim,
}

impl Action {
    pub const STANDARD: [Action; 4] =
        [Action::Read, Action::Create, Action::Update, Action::Delete];

    pub const fn as_str(self) -> &'static str {
        match self {
            Action::Read => "read",
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::Archive => "archive",
            Action::Approve => "approve",
            Action::ManageBilling => "manage_billing",
            Action::ReadCrossClinic => "read_cross_clinic",
            Action::Claim => "claim",
        }
    }
}

/// Who may perform one action on one resource.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// A user holding at least this role in the row's clinic. The service principal too.
    Role(ClinicRole),
    /// Only the service principal.
    Service,
    /// Anyone, including anonymous callers (the public sign-up tables' inserts).
    Public,
    /// Any signed-in user (global, clinic-less rows such as system AI templates).
    SignedIn,
    /// The user the row is (the `users` table), or for reads also a user who shares a clinic
    /// with them. The service principal too.
    SelfOrColleague,
    /// The user the row is, and the service principal.
    SelfOnly,
    /// Nobody, not even the service principal (append-only history).
    Nobody,
}

impl Rule {
    /// How the rule reads in `docs/PERMISSIONS.md`.
    pub fn describe(self) -> &'static str {
        match self {
            Rule::Role(ClinicRole::Viewer) => "viewer",
            Rule::Role(ClinicRole::Member) => "member",
            Rule::Role(ClinicRole::Admin) => "admin",
            Rule::Role(ClinicRole::Owner) => "owner",
            Rule::Service => "service",
            Rule::Public => "anyone",
            Rule::SignedIn => "signed-in",
            Rule::SelfOrColleague => "self or colleague",
            Rule::SelfOnly => "self",
            Rule::Nobody => "nobody",
        }
    }
}

/// The rule for a resource and action; `None` (refused) when the table has no row for it.
/// Looked up on every field of every row, so the table is indexed once.
pub fn rule(resource: Resource, action: Action) -> Option<Rule> {
    crate::registry::table(resource)
        .rule(action)
        .map(|p| p.rule)
}

/// Why the policy table has its rule for a resource and action (the refusal message of a
/// field-level rule quotes it).
pub fn reason(resource: Resource, action: Action) -> Option<&'static str> {
    crate::registry::table(resource).rule(action).map(|p| p.why)
}

/// The policy table as the Markdown of `docs/PERMISSIONS.md`.
pub fn permissions_markdown() -> String {
    let mut out = String::from(
        "# Permissions\n\n\
         Generated from the table declarations in `crates/domain/src/registry/` by `gateway \
         permissions`; a test fails when this file and the code differ.\n\n\
         Roles per clinic: owner > admin > member > viewer. A role rule means \"at least this role \
         in the row's clinic\"; the service principal (webhooks, jobs) may do everything a role \
         rule allows, and `service` rules are for it alone. `nobody` is refused to everyone. \
         Anything not listed is refused.\n\n\
         | resource | action | who | why |\n|---|---|---|---|\n",
    );
    for table in crate::registry::tables() {
        for permission in table.rules {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                table.table,
                permission.action.as_str(),
                permission.rule.describe(),
                permission.why
            ));
        }
    }
    out
}
