//! Helpers shared by the integration tests.

use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, Statement};

/// Runs SQL as the owner and returns the SQLSTATE and constraint name if it fails.
pub async fn exec(conn: &DatabaseConnection, sql: &str) -> Result<(), (String, Option<String>)> {
    match conn.execute_unprepared(sql).await {
        Ok(_) => Ok(()),
        Err(err) => Err(sqlstate(&err)),
    }
}

/// The SQLSTATE and constraint of a database error (panics on other errors).
pub fn sqlstate(err: &DbErr) -> (String, Option<String>) {
    domain::error::db_error_parts(err).unwrap_or_else(|| panic!("not a database error: {err}"))
}

/// One scalar from a query.
pub async fn scalar<T: sea_orm::TryGetable>(conn: &DatabaseConnection, sql: &str) -> T {
    let row = conn
        .query_one_raw(Statement::from_string(sea_orm::DbBackend::Postgres, sql.to_owned()))
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .unwrap_or_else(|| panic!("{sql}: no row"));
    row.try_get_by_index(0).unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A clinic with a client, created as the owner; returns (clinic_id, client_id).
pub async fn clinic_with_client(conn: &DatabaseConnection, slug: &str) -> (uuid::Uuid, uuid::Uuid) {
    let clinic: uuid::Uuid = scalar(
        conn,
        &format!("INSERT INTO clinics (name, slug) VALUES ('Clinic {slug}', '{slug}') RETURNING id"),
    )
    .await;
    let client: uuid::Uuid = scalar(
        conn,
        &format!("INSERT INTO clients (clinic_id, display_name) VALUES ('{clinic}', 'Jamie Rivera') RETURNING id"),
    )
    .await;
    (clinic, client)
}
