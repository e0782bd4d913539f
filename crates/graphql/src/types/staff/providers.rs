//! Providers: the veterinarians and technicians the schedule and cases are attributed to
//! (`Provider`), their filter and order, and their declared create and update.

use entity::{clinics, providers, users};
use sea_orm::Condition;
use sea_orm::sea_query::Expr;

use crate::row::{
    BY_CREATED_AT, Exposed, Filtered, Filtering, Listed, Ordering, Parent, Row, Writes, by, custom,
    equals, equals_ignoring_case, input, like_escape, no_links, nonblank, nullable, parent,
    reference, refers, text,
};

/// A row of `providers` (described with its table in `domain::registry`).
pub type Provider = Row<providers::Entity>;

impl Exposed for providers::Entity {
    const PARENTS: &'static [Parent] = &[
        parent::<users::Entity>("user"),
        parent::<clinics::Entity>("clinic"),
    ];
    const WRITES: &'static Writes = &Writes {
        create: Some("Adds a provider to the clinic (admin or above)."),
        update: Some("Changes a provider (admin or above)."),
        inputs: &[
            reference("clinic_id").required().on_create(),
            input("name").required().check(nonblank),
            input("role")
                .check(nonblank)
                .about("The job, e.g. `veterinarian` (the schema's default when absent)."),
            reference("user_id").about("A staff member of the same clinic."),
            input("is_active")
                .kept()
                .on_update()
                .about("`true` brings an archived provider back."),
        ],
        ..Writes::NONE
    };
    no_links!();
}

impl Filtered for providers::Entity {
    const FILTER: Filtering = Filtering {
        type_name: "ProviderFilter",
        about: "Which providers a list returns.",
        fields: &[
            equals("is_active"),
            custom("search", nullable::<String>, |_, value, _| {
                let Some(search) = text(value).map(str::trim).filter(|s| !s.is_empty()) else {
                    return Ok(Condition::all());
                };
                Ok(Condition::all().add(Expr::cust_with_values(
                    r#""providers"."name" ILIKE $1"#,
                    [format!("%{}%", like_escape(search))],
                )))
            })
            .about("Part of the name, case-insensitive."),
            equals_ignoring_case("role").about("The job, case-insensitive (e.g. `veterinarian`)."),
            refers("user_id").about("Providers linked to this user."),
        ],
    };
}

impl Listed for providers::Entity {
    const ORDER: Ordering = Ordering {
        type_name: "ProviderOrder",
        about: "The order of a provider list (ties broken by id); by name by default.",
        keys: &[by("name", "By name, alphabetically."), BY_CREATED_AT],
        descending: false,
    };
}
